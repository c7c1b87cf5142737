#pragma once
// Listing and calling tools from a terminal: shared by `djust-mcp tools`/`call` and the REPL, so
// both parse key=value words, report unknown tools and print results the same way.

#include "registry/registry.h"

#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace djust::cli {

inline constexpr int kExitToolError = 1;
inline constexpr int kExitUsage = 2;

// Turns key=value words into tool arguments. A value is taken as a string when the tool's schema
// says string, and parsed as JSON otherwise (numbers, booleans, arrays, objects). Throws
// std::invalid_argument for a word that is not key=value.
nlohmann::json parse_key_values(const registry::Tool& tool, const std::vector<std::string>& words);

// "unknown tool 'x'; did you mean 'y'? (djust-mcp tools lists them)"
std::string unknown_tool_message(const registry::Registry& registry, std::string_view name);

// One line per tool (name, title, [writes]), or the tools/list descriptors as JSON.
void write_tool_list(const registry::Registry& registry, bool as_json, std::ostream& out);

// Calls tool `name` with `words` (key=value) over `json_text` (a JSON object, may be empty) and
// prints the result as indented JSON on `out` (coloured when `color`), or the error on `err`.
// Returns 0, kExitToolError when the tool reports an error, or kExitUsage for a bad call.
int call_tool(const registry::Registry& registry, std::string_view name, const std::vector<std::string>& words,
              const std::string& json_text, bool color, std::ostream& out, std::ostream& err);

// `value` indented by two spaces as json::dump(2) writes it, with ANSI colours for keys, strings,
// numbers and literals when `color`.
std::string format_json(const nlohmann::json& value, bool color);

}  // namespace djust::cli
