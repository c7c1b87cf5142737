// The HTTP library's side of http::exchange, built as the embedded shared library djust_http.
// Only this file includes httplib.h.
#include "http/http_exchange.h"

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace djust::http {
namespace {

HttpResponse::Failure failure_of(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection:
      return HttpResponse::Failure::cannot_connect;
    case httplib::Error::ConnectionTimeout:
      return HttpResponse::Failure::connect_timeout;
    case httplib::Error::Read:
      return HttpResponse::Failure::read;
    case httplib::Error::Write:
      return HttpResponse::Failure::write;
    case httplib::Error::Canceled:
      return HttpResponse::Failure::cancelled;
    default:
      return HttpResponse::Failure::other;
  }
}

}  // namespace
}  // namespace djust::http

extern "C" __attribute__((visibility("default"))) void djust_http_exchange(const djust::http::HttpRequest& request,
                                                                           std::stop_token* stop,
                                                                           djust::http::HttpResponse& response) {
  using djust::http::HttpResponse;
  httplib::Client client(request.host, request.port);
  client.set_url_encode(false);  // the caller encoded the target already
  client.set_connection_timeout(request.timeout);
  client.set_read_timeout(request.timeout);
  client.set_write_timeout(request.timeout);

  httplib::Request http;
  http.method = request.method;
  http.path = request.target;
  for (const auto& [name, value] : request.headers) http.headers.emplace(name, value);
  if (request.body) http.body = *request.body;
  bool too_large = false;
  http.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
    if (response.body.size() + length > request.max_body_bytes) {
      too_large = true;
      return false;
    }
    response.body.append(data, length);
    return true;
  };
  // Closing the socket from the stop callback ends a blocked connect or read at once.
  std::stop_callback on_stop(*stop, [&client] { client.stop(); });
  if (stop->stop_requested()) {
    response.failure = HttpResponse::Failure::cancelled;
    return;
  }
  // httplib's timeouts bound each connect, read and write, not the exchange: a server that sends
  // a byte now and then would hold the call forever. A watchdog stops it at the deadline.
  std::atomic<bool> expired = false;
  std::jthread watchdog(
      [&client, &expired, deadline = std::chrono::steady_clock::now() + request.timeout](std::stop_token done) {
        std::mutex mutex;
        std::condition_variable_any never;
        std::unique_lock lock(mutex);
        never.wait_until(lock, done, deadline, [] { return false; });
        if (done.stop_requested()) return;
        expired = true;
        client.stop();
      });
  const httplib::Result result = client.send(http);
  watchdog.request_stop();
  watchdog.join();
  if (too_large) {
    response.failure = HttpResponse::Failure::too_large;
  } else if (!result && expired) {
    response.failure = HttpResponse::Failure::timeout;
    response.failure_text = "no complete answer in time";
  } else if (!result) {
    response.failure = djust::http::failure_of(result.error());
    response.failure_text = httplib::to_string(result.error());
  } else {
    response.status = result->status;
  }
}
