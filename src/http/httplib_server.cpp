// The HTTP library's side of http::serve and http::hmac_sha256, built into the embedded shared
// library djust_http. Only this file and httplib_exchange.cpp include httplib.h.
#include "http/http_server.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace djust::http {
namespace {

// A thread per connection up to `limit`, queued past it. httplib's fixed pool lets a few hundred
// idle connections (slowloris, half-open sockets) starve everyone for their whole read timeout;
// here they each cost an idle thread until their timeout, and others are served meanwhile.
class ElasticTaskQueue : public httplib::TaskQueue {
 public:
  explicit ElasticTaskQueue(std::size_t limit) : limit_(limit) {}

  void enqueue(std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    if (running_ >= limit_) {
      queued_.push_back(std::move(task));
      return;
    }
    ++running_;
    std::thread([this, task = std::move(task)]() mutable { run(std::move(task)); }).detach();
  }

  void shutdown() override {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return running_ == 0; });
  }

 private:
  void run(std::function<void()> task) {
    while (task) {
      task();
      std::lock_guard lock(mutex_);
      task = nullptr;
      if (!queued_.empty()) {
        task = std::move(queued_.front());
        queued_.pop_front();
      } else {
        --running_;
        idle_.notify_all();
      }
    }
  }

  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queued_;
  std::size_t running_ = 0;
};

ServerRequest request_of(const httplib::Request& http) {
  ServerRequest request;
  request.method = http.method;
  request.path = http.path;
  request.remote_address = http.remote_addr;
  for (const auto& [name, value] : http.headers) request.headers.emplace_back(name, value);
  request.body = http.body;
  return request;
}

void apply(const ServerResponse& response, httplib::Response& http, std::chrono::milliseconds tick) {
  http.status = response.status;
  for (const auto& [name, value] : response.headers) http.set_header(name, value);
  if (response.close_connection) http.set_header("Connection", "close");
  if (!response.stream) {
    if (!response.content_type.empty() || !response.body.empty())
      http.set_content(response.body, response.content_type);
    return;
  }
  auto stream = response.stream;
  http.set_chunked_content_provider(
      response.content_type,
      [stream, tick](std::size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (!sink.is_writable()) return false;
        if (!stream->next(chunk, tick)) {
          sink.done();
          return true;
        }
        // A quiet stream gets an SSE comment: it keeps proxies awake and finds a vanished client.
        if (chunk.empty()) chunk = ":\n\n";
        return sink.write(chunk.data(), chunk.size());
      },
      [stream](bool success) { stream->finished(success); });
}

}  // namespace
}  // namespace djust::http

extern "C" __attribute__((visibility("default"))) bool djust_http_serve(const djust::http::ListenOptions& options,
                                                                        djust::http::RequestHandler& handler,
                                                                        std::stop_token* stop,
                                                                        const std::function<void(int)>& on_listening,
                                                                        std::string& error) {
  using namespace djust::http;
  httplib::Server server;
  const std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new ElasticTaskQueue(threads); };
  server.set_payload_max_length(options.max_body_bytes);
  // An SSE reply goes out as several small writes (headers, events, the last chunk): without
  // TCP_NODELAY, Nagle's algorithm and the client's delayed ACK hold each round trip ~40 ms.
  server.set_tcp_nodelay(true);
  server.set_read_timeout(options.read_timeout);
  server.set_write_timeout(options.write_timeout);
  server.set_keep_alive_timeout(options.read_timeout.count());
  server.set_keep_alive_max_count(100);
  const auto tick = options.keep_alive_tick;
  server.set_pre_routing_handler([&handler, tick](const httplib::Request& http, httplib::Response& res) {
    ServerResponse response;
    if (!handler.screen(request_of(http), response)) return httplib::Server::HandlerResponse::Unhandled;
    apply(response, res, tick);
    return httplib::Server::HandlerResponse::Handled;
  });
  auto handle = [&handler, tick](const httplib::Request& http, httplib::Response& res) {
    ServerResponse response;
    handler.handle(request_of(http), response);
    apply(response, res, tick);
  };
  const std::string everything = ".*";
  server.Get(everything, handle);
  server.Post(everything, handle);
  server.Delete(everything, handle);
  server.Put(everything, handle);
  server.Patch(everything, handle);
  server.Options(everything, handle);
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("internal error\n", "text/plain");
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) {
      error = "cannot listen on " + options.host + " (any port)";
      return false;
    }
  } else if (!server.bind_to_port(options.host, port)) {
    error = "cannot listen on " + options.host + ":" + std::to_string(port) + " (in use, or not an address here?)";
    return false;
  }
  std::stop_callback on_stop(*stop, [&server] { server.stop(); });
  if (on_listening) on_listening(port);
  if (stop->stop_requested()) return true;
  server.listen_after_bind();
  return true;
}

extern "C" __attribute__((visibility("default"))) void djust_http_hmac_sha256(const std::string& key,
                                                                              const std::string& message,
                                                                              std::string& digest) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), out, &length);
  digest.assign(reinterpret_cast<const char*>(out), length);
}
