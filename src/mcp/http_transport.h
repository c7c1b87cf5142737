#pragma once
// MCP over Streamable HTTP at /mcp: the initialize era with sessions (2025-03-26 .. 2025-11-25:
// Mcp-Session-Id, GET notification stream, DELETE) and the stateless 2026-07-28 revision (request
// metadata, routing headers checked against the body), chosen per request. Secure by default:
// API keys (Bearer) unless --no-auth on loopback, Host and Origin allow-lists, bounded bodies,
// concurrency and sessions, an audit line per tools/call.

#include "mcp/server.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace djust::mcp {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  bool no_auth = false;
  std::vector<std::string> allowed_origins;        // extra origins (scheme://host[:port]) or host names
  std::optional<std::filesystem::path> key_file;   // default: http::default_key_file()
  std::optional<std::filesystem::path> audit_log;  // default: stderr
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::size_t max_concurrent_requests = 32;
  std::size_t max_sessions = 64;
  std::chrono::minutes session_idle_timeout{30};
};

// "[HOST:]PORT" (an IPv6 host in brackets); nullopt when it is not one.
std::optional<std::pair<std::string, int>> parse_listen_address(const std::string& text);
bool is_loopback_host(std::string_view host);

// Serves until SIGTERM/SIGINT. Returns the exit code; the reason for a refusal (non-loopback
// without keys, ...) goes to stderr.
int run_http_server(const registry::Registry& registry, const ServerIdentity& identity, const ServerOptions& options,
                    const HttpOptions& http);

}  // namespace djust::mcp
