#include "project/dev_server_client.h"

#include "http/http_exchange.h"

#include "core/log.h"
#include "core/text.h"
#include "core/version.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <stop_token>

namespace djust::project {
namespace {

using nlohmann::json;
using Kind = DevServerError::Kind;

constexpr std::string_view kObservabilityPath = "/_djust/observability/";
// djust's answers are shallow; a deeper body would overflow the stack once parsed (core/text.h).
constexpr std::size_t kMaxNestingDepth = 1000;

// The body as JSON; discarded when it is not JSON or nests too deep to handle safely.
json parse_body(std::string_view body) {
  if (core::json_nested_deeper_than(body, kMaxNestingDepth)) return json(json::value_t::discarded);
  return json::parse(body, nullptr, false);
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// RFC 3986 pchar or '/', with every '%' starting a valid escape.
bool is_valid_path(std::string_view path) {
  static constexpr std::string_view kAllowed = "-._~!$&'()*+,;=:@/";
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size() || !is_hex(path[i + 1]) || !is_hex(path[i + 2])) return false;
      i += 2;
    } else if (!std::isalnum(static_cast<unsigned char>(c)) && kAllowed.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_valid_hostname(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

// At most `max` bytes of `text`, cut on a UTF-8 character boundary.
std::string excerpt(std::string_view text, std::size_t max = 300) {
  if (text.size() <= max) return std::string(text);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : core::trim(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The <title> of an HTML page: Django's error pages name the problem there ("Page not found at
// /...", "KeyError at /...").
std::string html_title(std::string_view html) {
  const std::string folded = core::to_lower(html.substr(0, 64 * 1024));
  const auto open = folded.find("<title");
  if (open == std::string::npos) return {};
  const auto start = folded.find('>', open);
  const auto close = folded.find("</title", open);
  if (start == std::string::npos || close == std::string::npos || close < start) return {};
  return excerpt(collapse_whitespace(html.substr(start + 1, close - start - 1)));
}

std::string describe_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

DevServerError error_of(Kind kind, std::string detail) { return {.kind = kind, .detail = std::move(detail)}; }

DevServerError transport_error(const http::HttpResponse& response, std::chrono::steady_clock::duration elapsed,
                               std::chrono::milliseconds timeout) {
  using Failure = http::HttpResponse::Failure;
  const std::string limit = describe_duration(timeout);
  switch (response.failure) {
    case Failure::cannot_connect:
      return error_of(Kind::cannot_connect,
                      "the connection was refused or the host is unreachable or does not resolve");
    case Failure::connect_timeout:
      return error_of(Kind::timeout, "no connection within " + limit);
    case Failure::timeout:
      return error_of(Kind::timeout, "no complete answer within " + limit);
    case Failure::read:
    case Failure::write: {
      // A read timeout and a dropped connection look alike; only a timeout takes the whole limit.
      const char* phase = response.failure == Failure::read ? "reading the answer" : "sending the request";
      if (elapsed >= timeout) return error_of(Kind::timeout, std::string("no progress ") + phase + " for " + limit);
      return error_of(Kind::connection_lost, std::string("the connection closed while ") + phase);
    }
    default:
      return error_of(Kind::connection_lost, response.failure_text);
  }
}

DevServerError status_error(int status, std::string_view body) {
  DevServerError error{.kind = Kind::http_status, .detail = "HTTP " + std::to_string(status), .status = status};
  if (core::trim(body).empty()) return error;
  if (json parsed = parse_body(body); parsed.is_object()) {
    error.body = DevServerError::Body::json;
    if (auto message = parsed.find("error"); message != parsed.end() && message->is_string())
      error.server_message = excerpt(message->get<std::string>(), 2000);
    if (auto hint = parsed.find("hint"); hint != parsed.end() && hint->is_string())
      error.server_hint = excerpt(hint->get<std::string>(), 2000);
    return error;
  }
  // Not by Content-Type: Django sends plain-text refusals (HttpResponseForbidden) as text/html too.
  if (core::trim(body).starts_with('<')) {
    error.body = DevServerError::Body::html;
    error.server_message = html_title(body);
    return error;
  }
  error.body = DevServerError::Body::text;
  error.server_message = excerpt(collapse_whitespace(body.substr(0, body.find('\n'))));
  return error;
}

}  // namespace

std::string DevServerUrl::origin() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_loopback_host(std::string_view host) {
  const std::string name = core::to_lower(host);
  if (name == "localhost" || name == "localhost.") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, name.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::variant<DevServerUrl, std::string> parse_dev_server_url(std::string_view text) {
  text = core::trim(text);
  if (text.empty()) return std::string("it is empty");
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return "it has no scheme; write it as http://" + std::string(text);
  const std::string scheme = core::to_lower(text.substr(0, scheme_end));
  if (scheme == "https")
    return std::string(
        "https is not supported: djust's development server (manage.py runserver) speaks plain HTTP, so use "
        "http://");
  if (scheme != "http") return "only http:// URLs are supported, not " + scheme + "://";

  std::string_view rest = text.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos)
    return std::string("it must not contain a query (?) or a fragment (#)");
  const auto authority_end = rest.find('/');
  const std::string_view authority = rest.substr(0, authority_end);
  std::string_view path = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos)
    return std::string("it must not contain a user name or password (user@host)");

  DevServerUrl url;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::string("its IPv6 address has no closing ']'");
    url.host = std::string(authority.substr(1, close - 1));
    in6_addr unused{};
    if (inet_pton(AF_INET6, url.host.c_str(), &unused) != 1) return "[" + url.host + "] is not a valid IPv6 address";
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return std::string("only :port may follow an IPv6 address");
      port = after.substr(1);
      if (port.empty()) return std::string("it has ':' but no port number");
    }
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return std::string("it has ':' but no port number");
    }
    if (url.host.empty()) return std::string("it names no host");
    if (!is_valid_hostname(url.host)) return "'" + url.host + "' is not a valid host name or IPv4 address";
  }
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return "'" + std::string(port) + "' is not a port number";
    url.port = std::stoi(std::string(port));
    if (url.port < 1 || url.port > 65535) return "port " + std::string(port) + " is outside 1-65535";
  }

  while (path.ends_with('/')) path.remove_suffix(1);
  if (!is_valid_path(path)) return "its path '" + std::string(path) + "' contains characters that must be escaped";
  if ((std::string(path) + "/").find(kObservabilityPath) != std::string::npos)
    return "give the server's base URL, without " + std::string(kObservabilityPath) +
           " (djust-mcp adds the endpoint paths itself)";
  url.path_prefix = std::string(path);
  url.loopback = is_loopback_host(url.host);
  return url;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

std::variant<DevServerClient, DevServerError> DevServerClient::create(std::string_view base_url, bool allow_remote) {
  auto parsed = parse_dev_server_url(base_url);
  if (auto* problem = std::get_if<std::string>(&parsed)) return error_of(Kind::invalid_url, *problem);
  auto& url = std::get<DevServerUrl>(parsed);
  if (url.host == "0.0.0.0" || url.host == "::")
    return error_of(Kind::invalid_url, "'" + url.host +
                                           "' is the address a server listens on (all interfaces), not one to "
                                           "connect to; use 127.0.0.1 with the same port");
  if (!url.loopback && !allow_remote)
    return error_of(Kind::remote_not_allowed, "'" + url.host + "' is not a loopback address");
  return DevServerClient(std::move(url));
}

std::string DevServerClient::target_for(const DevServerRequest& request) const {
  std::string target = url_.path_prefix + std::string(kObservabilityPath) + request.endpoint + "/";
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    target += separator + percent_encode(name) + "=" + percent_encode(value);
    separator = '&';
  }
  return target;
}

std::string DevServerClient::url_for(const DevServerRequest& request) const {
  return url_.origin() + target_for(request);
}

DevServerResult DevServerClient::send(const DevServerRequest& request, std::stop_token stop) const {
  http::HttpRequest http;
  http.host = url_.host;
  http.port = url_.port;
  http.method = request.method == HttpMethod::post ? "POST" : "GET";
  http.target = target_for(request);
  http.headers = {{"Accept", "application/json"},
                  {"User-Agent", std::string(core::kProgramName) + "/" + core::kVersion}};
  if (request.body) {
    http.body = request.body->dump(-1, ' ', false, json::error_handler_t::replace);
    http.headers.emplace_back("Content-Type", "application/json");
  }
  http.timeout = request.timeout;
  http.max_body_bytes = kMaxAnswerBytes;
  if (stop.stop_requested()) return error_of(Kind::cancelled, "cancelled before sending");

  const auto started = std::chrono::steady_clock::now();
  http::HttpResponse result = http::exchange(http, stop);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  core::log(
      core::LogLevel::debug, "dev-server",
      http.method + " " + url_for(request) + " -> " +
          (result.failure == http::HttpResponse::Failure::none ? std::to_string(result.status) : result.failure_text) +
          " in " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()) + " ms");

  if (stop.stop_requested() || result.failure == http::HttpResponse::Failure::cancelled)
    return error_of(Kind::cancelled, "cancelled while waiting for the answer");
  if (result.failure == http::HttpResponse::Failure::too_large)
    return error_of(Kind::too_large,
                    "the answer is larger than " + std::to_string(kMaxAnswerBytes >> 20) + " MiB, so it was abandoned");
  if (result.failure != http::HttpResponse::Failure::none) return transport_error(result, elapsed, request.timeout);
  const std::string& body = result.body;
  if (result.status != 200) return status_error(result.status, body);

  json parsed = parse_body(body);
  if (parsed.is_discarded())
    return error_of(Kind::invalid_json, "the body is not JSON (it starts with: " +
                                            excerpt(collapse_whitespace(body.substr(0, 200)), 80) + ")");
  if (!parsed.is_object())
    return error_of(Kind::invalid_json,
                    "the body is JSON but a " + std::string(parsed.type_name()) + ", not an object");
  return parsed;
}

}  // namespace djust::project
