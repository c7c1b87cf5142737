#pragma once
// A stand-in for a djust dev server, for tests: a cpp-httplib server on 127.0.0.1 (ephemeral port)
// that answers /_djust/observability/ the way djust 1.1 does, records every request exactly as
// received, and can be told to answer otherwise, to act as if DEBUG were off, or to hold a request
// until released.

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace djust::testing {

class FakeDevServer {
 public:
  struct Received {
    std::string method;
    std::string path;    // decoded path
    std::string target;  // path and query string exactly as sent
    std::string body;
    std::string content_type;
    std::multimap<std::string, std::string> params;  // the query string, decoded
  };

  struct Scripted {
    int status = 200;
    std::string body;
    std::string content_type;
  };

  // `prefix` is where the fake "Django" is mounted ("" or "/sub").
  explicit FakeDevServer(std::string prefix = "") : prefix_(std::move(prefix)) {
    server_.Get(".*",
                [this](const httplib::Request& request, httplib::Response& response) { handle(request, response); });
    server_.Post(".*",
                 [this](const httplib::Request& request, httplib::Response& response) { handle(request, response); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a port on 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // One answered request proves the accept loop runs, so that stop() in the destructor cannot
    // come before it (it would then be lost and join() would wait forever).
    httplib::Client probe("127.0.0.1", port_);
    if (!probe.Get("/ready")) throw std::runtime_error("the fake dev server does not answer");
  }

  ~FakeDevServer() {
    release();
    server_.stop();
    thread_.join();
  }

  FakeDevServer(const FakeDevServer&) = delete;
  FakeDevServer& operator=(const FakeDevServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + prefix_; }

  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

  // Every later request to `endpoint` gets this answer instead of djust's.
  void script(const std::string& endpoint, Scripted answer) {
    std::lock_guard lock(mutex_);
    scripted_[endpoint] = std::move(answer);
  }

  // djust answers an empty 404 to everything while DEBUG is off.
  void set_debug(bool on) {
    std::lock_guard lock(mutex_);
    debug_ = on;
  }

  // Requests to `endpoint` wait, unanswered, until release().
  void hold(const std::string& endpoint) {
    std::lock_guard lock(mutex_);
    held_ = endpoint;
  }

  void wait_until_held_request_arrives() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return held_arrivals_ > 0; });
  }

  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  using json = nlohmann::json;

  static std::string param(const httplib::Request& request, const char* name, const std::string& fallback) {
    return request.has_param(name) ? request.get_param_value(name) : fallback;
  }

  static json param_or_null(const httplib::Request& request, const char* name) {
    const std::string value = param(request, name, "");
    return value.empty() ? json() : json(value);
  }

  void handle(const httplib::Request& request, httplib::Response& response) {
    if (request.path == "/ready") return;
    std::unique_lock lock(mutex_);
    Received record{
        request.method, request.path, request.target, request.body, request.get_header_value("Content-Type"), {}};
    for (const auto& [name, value] : request.params) record.params.emplace(name, value);
    received_.push_back(std::move(record));

    static const std::regex endpoint_pattern("/_djust/observability/([a-z_]+)/");
    std::smatch match;
    const std::string path = request.path;
    if (!path.starts_with(prefix_) || !std::regex_match(path.begin() + static_cast<std::ptrdiff_t>(prefix_.size()),
                                                        path.end(), match, endpoint_pattern)) {
      // Django's own 404 page, for a path no URL pattern matches.
      response.status = 404;
      response.set_content("<html><head><title>Page not found at " + path + "</title></head><body></body></html>",
                           "text/html");
      return;
    }
    const std::string endpoint = match[1];
    if (endpoint == held_) {
      ++held_arrivals_;
      changed_.notify_all();
      changed_.wait(lock, [this] { return released_; });
    }
    if (!debug_) {
      response.status = 404;
      return;
    }
    if (auto it = scripted_.find(endpoint); it != scripted_.end()) {
      response.status = it->second.status;
      if (!it->second.body.empty()) response.set_content(it->second.body, it->second.content_type);
      return;
    }
    lock.unlock();
    answer(endpoint, request, response);
  }

  // djust 1.1's answers, reduced to fixed data.
  static void answer(const std::string& endpoint, const httplib::Request& request, httplib::Response& response) {
    const bool post = request.method == "POST";
    const bool wants_post = endpoint == "eval_handler" || endpoint == "reset_view_state";
    if (post != wants_post) {
      response.status = 405;
      if (wants_post) response.set_content(R"({"error": "POST required"})", "application/json");
      return;
    }
    const std::string session = param(request, "session_id", "");
    json body;
    if (endpoint == "view_assigns") {
      if (session == "gone") {
        response.status = 404;
        body = {{"error", "no view registered for session gone"}};
      } else {
        body = {{"session_id", session},
                {"view_class", "CounterView"},
                {"view_module", "demo.views"},
                {"assigns", {{"count", 1}, {"request", {{"_repr", "<ASGIRequest>"}, {"_type", "ASGIRequest"}}}}}};
      }
    } else if (endpoint == "eval_handler") {
      const json sent = json::parse(request.body);
      body = {{"session_id", session},
              {"view_class", "CounterView"},
              {"handler_name", sent.at("handler_name")},
              {"params", sent.at("params")},
              {"before_assigns", {{"count", 1}}},
              {"after_assigns", {{"count", 2}}},
              {"delta",
               {{"added", json::object()},
                {"removed", json::object()},
                {"modified", {{"count", {{"before", 1}, {"after", 2}}}}},
                {"change_count", 1}}},
              {"result", nullptr}};
      if (sent.value("dry_run", false)) {
        const json effect = {{"kind", "orm_save"}, {"target", "Counter.save"}, {"details", {{"pk", 1}}}};
        body["dry_run"] = true;
        body["dry_run_block"] = sent.at("dry_run_block");
        if (sent.at("dry_run_block") == true)
          body["blocked_side_effect"] = effect;
        else
          body["recorded_side_effects"] = json::array({effect});
      }
    } else if (endpoint == "reset_view_state") {
      body = {{"session_id", session}, {"view_class", "CounterView"}, {"assigns_after_reset", {{"count", 0}}}};
    } else if (endpoint == "handler_timings") {
      body = {{"count", 1},
              {"stats",
               {{{"view_class", "CounterView"},
                 {"handler_name", "increment"},
                 {"count", 3},
                 {"min_ms", 1.5},
                 {"max_ms", 9.25},
                 {"avg_ms", 4.0},
                 {"p50_ms", 2.0},
                 {"p90_ms", 8.0},
                 {"p99_ms", 9.2}}}}};
    } else if (endpoint == "sql_queries") {
      body = {{"count", 1},
              {"since_ms", std::stoll(param(request, "since_ms", "0"))},
              {"session_id", param_or_null(request, "session_id")},
              {"handler_name", param_or_null(request, "handler_name")},
              {"entries",
               {{{"timestamp_ms", 1767225600000LL},
                 {"session_id", "s-1"},
                 {"event_id", "e-1"},
                 {"handler_name", "increment"},
                 {"sql", "UPDATE counter SET n = %s"},
                 {"params", {2}},
                 {"many", false},
                 {"duration_ms", 0.42},
                 {"stack_top", "demo/views.py:12 in increment"}}}}};
    } else if (endpoint == "log") {
      body = {{"count", 1},
              {"since_ms", std::stoll(param(request, "since_ms", "0"))},
              {"level", param(request, "level", "INFO")},
              {"entries",
               {{{"timestamp_ms", 1767225600000LL},
                 {"level", "WARNING"},
                 {"logger_name", "djust.websocket"},
                 {"message", "slow handler"},
                 {"pathname", "/srv/djust/websocket.py"},
                 {"lineno", 88}}}}};
    } else if (endpoint == "last_traceback") {
      body = {{"count", std::stoi(param(request, "n", "1"))},
              {"entries",
               {{{"timestamp_ms", 1767225600000LL},
                 {"exception_type", "ValueError"},
                 {"exception_module", "builtins"},
                 {"message", "boom"},
                 {"error_type", "event"},
                 {"event_name", "increment"},
                 {"view_class", "CounterView"},
                 {"session_id", "s-1"},
                 {"traceback", "Traceback (most recent call last):\nValueError: boom\n"}}}}};
    } else {
      response.status = 404;
      return;
    }
    response.set_content(body.dump(), "application/json");
  }

  std::string prefix_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
  std::map<std::string, Scripted> scripted_;
  bool debug_ = true;
  std::string held_;
  int held_arrivals_ = 0;
  bool released_ = false;
};

// A port on 127.0.0.1 that is bound but not listening, so connecting to it is refused, and no other
// process can take it while this object lives.
class RefusingPort {
 public:
  RefusingPort() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error("cannot bind a port on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() { ::close(fd_); }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

}  // namespace djust::testing
