#pragma once
// The project's own API as tools: every DRF endpoint method of the project's URLconf and, with
// --admin, every ModelAdmin verb and admin action, found and called through the bridge
// (api_operations and api_call in data/bridge/contract.json), so permissions, throttles,
// pagination, filters and forms run as they do for a request. They are dynamic tools: found when
// the project loads, and again whenever its sources change.
//
// Safety: tools that change data are listed but refuse to run without --allow-writes, and take
// `dry_run` (one transaction, rolled back). Context budget: one tool per endpoint method while
// their definitions fit the budget, else three gateway tools that search, describe and call them.

#include "registry/registry.h"
#include "tools/tool_options.h"

#include <memory>
#include <string>
#include <vector>

namespace djust::tools {

class ProjectSession;

// The API tools of the project `session` finds, configured by `options.api`; searched again when
// the project's sources or the client's roots change. A tools/list waits for the search under way
// only when --project names the project: one looked for among the client's roots may take the
// client's time to find, or not be there at all, and the list must not wait for that; its tools
// follow with tools/list_changed.
std::shared_ptr<registry::DynamicTools> api_tools(const std::shared_ptr<ProjectSession>& session,
                                                  const ToolOptions& options);

// One name per operation: `bases[i]` ("api_product_list") where it is unique and fits 64
// characters, else its first characters and a hash of `ids[i]` (the operation's stable id), so
// a name never changes with the names around it.
std::vector<std::string> unique_tool_names(const std::vector<std::string>& bases, const std::vector<std::string>& ids);

// What tools/list spends on a tool, in tokens of 4 bytes: its name, description and inputSchema.
std::size_t tool_tokens(const registry::Tool& tool);

}  // namespace djust::tools
