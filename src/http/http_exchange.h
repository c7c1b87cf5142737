#pragma once
// One HTTP/1.1 request and its answer, as plain data. The implementation (cpp-httplib, which
// drags OpenSSL into every process that links it) lives in a small shared library embedded in
// the binary and loaded on first use, so that starting djust-mcp does not pay for it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace djust::http {

struct HttpRequest {
  std::string host;
  int port = 80;
  std::string method;  // "GET" or "POST"
  std::string target;  // path and query string, already encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> body;
  std::chrono::milliseconds timeout{5000};  // for the whole exchange, connecting included
  std::size_t max_body_bytes = 32 * 1024 * 1024;
};

struct HttpResponse {
  // timeout: the exchange as a whole outlasted the request's timeout (a peer that trickles bytes).
  enum class Failure { none, cannot_connect, connect_timeout, read, write, timeout, too_large, cancelled, other };
  Failure failure = Failure::none;
  std::string failure_text;  // the library's own word for the failure
  int status = 0;
  std::string body;
};

// Sends the request and waits for the answer, the timeout or `stop`. Never throws; a failure to
// load the HTTP library itself is reported as Failure::other with the loader's message.
HttpResponse exchange(const HttpRequest& request, std::stop_token stop);

// The signature of the function the embedded library exports (as "djust_http_exchange").
using ExchangeFunction = void (*)(const HttpRequest& request, std::stop_token* stop, HttpResponse& response);

}  // namespace djust::http
