#pragma once
// The MCP protocol revisions this server speaks and what each one brought or took away, in one
// table: code asks `supports(version, Feature::x)` instead of comparing version dates.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace djust::mcp {

enum class Feature {
  initialize_handshake,               // initialize / notifications/initialized set up a session
  json_rpc_batches,                   // a JSON array of messages (2025-03-26 only)
  completions,                        // completion/complete and the `completions` capability
  tool_annotations,                   // readOnlyHint & co. on tools
  audio_content,                      // `audio` content blocks
  progress_message,                   // `message` on notifications/progress
  titles,                             // `title` on tools, resources, prompts and serverInfo
  structured_output,                  // outputSchema on tools, structuredContent on results
  resource_links,                     // resource_link content blocks
  server_description,                 // serverInfo.description
  ping,                               // the ping request
  log_level_request,                  // logging/setLevel (later: a per-request _meta field)
  server_requests,                    // the server may send requests (roots/list) to the client
  http_sessions,                      // Mcp-Session-Id, GET notification stream, DELETE
  protocol_version_header,            // MCP-Protocol-Version on every HTTP request after initialize
  request_meta,                       // protocol version and client capabilities in each request's _meta
  server_discover,                    // server/discover
  result_type,                        // `resultType` on every result
  cache_hints,                        // `ttlMs` and `cacheScope` on list and read results
  routing_headers,                    // Mcp-Method / Mcp-Name on HTTP, checked against the body
  resource_not_found_invalid_params,  // an unknown resource is -32602, no longer -32002
};

// Every revision this server speaks, oldest first.
const std::vector<std::string>& supported_protocol_versions();
// The revisions that open with initialize (2024-11-05 .. 2025-11-25), oldest first.
const std::vector<std::string>& initialize_protocol_versions();
// The stateless revisions (request metadata on each request), oldest first.
const std::vector<std::string>& stateless_protocol_versions();

bool is_supported_version(std::string_view version);
// True when `version` (one this server speaks) has `feature`.
bool supports(std::string_view version, Feature feature);

}  // namespace djust::mcp
