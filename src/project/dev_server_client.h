#pragma once
// An HTTP client for the observability endpoints of a running djust dev server
// (<base>/_djust/observability/<endpoint>/). It knows djust's HTTP contract and nothing of MCP:
// a call gives the parsed JSON answer or a typed error, and src/tools/observability_tools.cpp
// turns either into a tool result.

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace djust::project {

// A base URL of the form http://host[:port][/prefix], parsed and checked.
struct DevServerUrl {
  std::string host{};         // without the brackets of an IPv6 literal
  int port = 80;              // 80 when the URL names none
  std::string path_prefix{};  // "" or "/a/b": where Django is mounted, never ending in '/'
  bool loopback = false;      // 127.0.0.0/8, ::1 or localhost

  // "http://host:port" (IPv6 in brackets), without the prefix.
  std::string origin() const;
};

// Parses a dev-server base URL; on failure, a sentence saying what is wrong with it.
std::variant<DevServerUrl, std::string> parse_dev_server_url(std::string_view text);

// True for 127.0.0.0/8 in dotted-quad form, ::1 (also as ::ffff:127.x.y.z) and "localhost".
bool is_loopback_host(std::string_view host);

// RFC 3986 percent-encoding: everything but unreserved characters becomes %XX.
std::string percent_encode(std::string_view text);

enum class HttpMethod { get, post };

struct DevServerRequest {
  HttpMethod method = HttpMethod::get;
  std::string endpoint{};                                    // "view_assigns", "eval_handler", ...
  std::vector<std::pair<std::string, std::string>> query{};  // unencoded; encoded when sent
  std::optional<nlohmann::json> body{};                      // POST only, sent as application/json
  std::chrono::milliseconds timeout{5000};                   // for the whole exchange, connecting included
};

struct DevServerError {
  enum class Kind {
    invalid_url,         // the configured base URL cannot be used (detail says why)
    remote_not_allowed,  // the host is not loopback and remote dev servers were not allowed
    cannot_connect,      // refused, unreachable or unresolvable
    timeout,             // no connection or no answer within the request's timeout
    connection_lost,     // the connection broke before a complete answer arrived
    too_large,           // the answer exceeded kMaxAnswerBytes
    http_status,         // an answer with a status other than 200
    invalid_json,        // a 200 answer whose body is not a JSON object
    cancelled,           // the caller's stop token was triggered
  };
  // What the body of an http_status answer was, since djust's 404s differ only in that.
  enum class Body { empty, json, html, text };

  Kind kind = Kind::http_status;
  std::string detail{};  // transport or parse problem, in words
  int status = 0;        // http_status only
  Body body = Body::empty;
  std::string server_message{};  // djust's JSON "error", an HTML page's <title>, or the first line of text
  std::string server_hint{};     // djust's JSON "hint", when it gave one
};

using DevServerResult = std::variant<nlohmann::json, DevServerError>;

class DevServerClient {
 public:
  // Larger answers are abandoned: djust's ring buffers keep a few hundred entries, so a real answer
  // is far smaller, and reading an endless one would exhaust memory (or never end).
  static constexpr std::size_t kMaxAnswerBytes = 32u << 20;

  // Checks `base_url` once; refuses a non-loopback host unless `allow_remote`.
  static std::variant<DevServerClient, DevServerError> create(std::string_view base_url, bool allow_remote);

  const DevServerUrl& url() const { return url_; }

  // The full URL a request goes to, e.g. for messages.
  std::string url_for(const DevServerRequest& request) const;

  // Sends the request and waits for the answer, the timeout, or `stop`. Never throws for anything
  // the network or the server does.
  DevServerResult send(const DevServerRequest& request, std::stop_token stop = {}) const;

 private:
  explicit DevServerClient(DevServerUrl url) : url_(std::move(url)) {}
  std::string target_for(const DevServerRequest& request) const;

  DevServerUrl url_;
};

}  // namespace djust::project
