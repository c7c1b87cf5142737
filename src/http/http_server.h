#pragma once
// An HTTP/1.1 server as plain data and one callback, so that its implementation (cpp-httplib, in
// the embedded djust_http library with OpenSSL behind it) loads only for `serve --http`. The same
// library lends its HMAC-SHA-256 (libcrypto) to the API keys.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace djust::http {

struct ServerRequest {
  std::string method;
  std::string path;
  std::string remote_address;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (names compare case-insensitively), its value without the
  // surrounding blanks.
  std::optional<std::string> header(std::string_view name) const;
};

// A response body written over time (an SSE stream).
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Waits up to `wait` for more of the body: true with `chunk` filled (empty when nothing came,
  // the moment for a keep-alive), false when the body is complete.
  virtual bool next(std::string& chunk, std::chrono::milliseconds wait) = 0;
  // The exchange is over: `complete` false when the client went away first.
  virtual void finished(bool complete) = 0;
};

struct ServerResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
  std::shared_ptr<ResponseStream> stream;  // when set, the body is this stream
  bool close_connection = false;           // the request body may be unread: no keep-alive
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Decides on a request before its body is read (authentication, Host, Origin): true when
  // `response` is the answer.
  virtual bool screen(const ServerRequest& request, ServerResponse& response) = 0;
  virtual void handle(const ServerRequest& request, ServerResponse& response) = 0;
};

struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::chrono::seconds read_timeout{5};              // per read; also the keep-alive idle time
  std::chrono::seconds write_timeout{10};            // per write
  std::size_t threads = 1024;                        // connections served at once; more wait their turn
  std::chrono::milliseconds keep_alive_tick{15000};  // SSE comment line when a stream is quiet
};

// Serves until `stop`; `on_listening` gets the bound port. Returns false with `error` set when it
// cannot listen. Loads the HTTP library on first use.
bool serve(const ListenOptions& options, RequestHandler& handler, std::stop_token stop,
           const std::function<void(int port)>& on_listening, std::string& error);

// HMAC-SHA-256 of `message` under `key`, as 32 bytes. Throws std::runtime_error when the HTTP
// library (which provides it) cannot be loaded.
std::string hmac_sha256(std::string_view key, std::string_view message);

// The signatures the embedded library exports.
using ServeFunction = bool (*)(const ListenOptions& options, RequestHandler& handler, std::stop_token* stop,
                               const std::function<void(int)>& on_listening, std::string& error);
using HmacFunction = void (*)(const std::string& key, const std::string& message, std::string& digest);

}  // namespace djust::http
