#include "cli/tool_commands.h"

#include "core/text.h"
#include "mcp/server.h"

#include <algorithm>

namespace djust::cli {
namespace {

using nlohmann::json;

std::string dump_scalar(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// ANSI colours in the spirit of jq: keys blue, strings green, numbers yellow, literals magenta.
constexpr std::string_view kKeyColor = "\x1b[34;1m";
constexpr std::string_view kStringColor = "\x1b[32m";
constexpr std::string_view kNumberColor = "\x1b[33m";
constexpr std::string_view kLiteralColor = "\x1b[35m";
constexpr std::string_view kReset = "\x1b[0m";

void append_colored(std::string& out, std::string_view color, const std::string& text) {
  out.append(color).append(text).append(kReset);
}

// The layout of json::dump(2), so that colour is the only difference.
void append_json(std::string& out, const json& value, std::size_t depth) {
  const std::string inner(2 * (depth + 1), ' ');
  switch (value.type()) {
    case json::value_t::object:
    case json::value_t::array: {
      const bool object = value.is_object();
      if (value.empty()) {
        out += object ? "{}" : "[]";
        return;
      }
      out += object ? "{\n" : "[\n";
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out += ",\n";
        first = false;
        out += inner;
        if (object) {
          append_colored(out, kKeyColor, dump_scalar(json(it.key())));
          out += ": ";
        }
        append_json(out, *it, depth + 1);
      }
      out += "\n" + std::string(2 * depth, ' ') + (object ? "}" : "]");
      return;
    }
    case json::value_t::string:
      append_colored(out, kStringColor, dump_scalar(value));
      return;
    case json::value_t::boolean:
    case json::value_t::null:
      append_colored(out, kLiteralColor, dump_scalar(value));
      return;
    default:
      append_colored(out, kNumberColor, dump_scalar(value));
      return;
  }
}

}  // namespace

json parse_key_values(const registry::Tool& tool, const std::vector<std::string>& words) {
  json arguments = json::object();
  for (const auto& word : words) {
    const auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) throw std::invalid_argument("argument: '" + word + "' is not key=value");
    const std::string key = word.substr(0, eq);
    const std::string value = word.substr(eq + 1);
    std::string type;
    if (auto props = tool.input_schema.find("properties"); props != tool.input_schema.end() && props->contains(key)) {
      const json& t = props->at(key).value("type", json());
      type = t.is_string() ? t.get<std::string>() : "";
    }
    if (type == "string") {
      arguments[key] = value;
    } else {
      json parsed = json::parse(value, nullptr, false);
      arguments[key] = parsed.is_discarded() ? json(value) : parsed;
    }
  }
  return arguments;
}

std::string unknown_tool_message(const registry::Registry& registry, std::string_view name) {
  std::string message = "unknown tool '" + std::string(name) + "'";
  if (auto guess = core::closest_match(name, registry.tool_names())) message += "; did you mean '" + *guess + "'?";
  return message + " (djust-mcp tools lists them)";
}

void write_tool_list(const registry::Registry& registry, bool as_json, std::ostream& out) {
  if (as_json) {
    json tools = json::array();
    for (const auto& t : registry.tools())
      tools.push_back(mcp::tool_descriptor(t, mcp::initialize_protocol_versions().back()));
    out << tools.dump(2) << "\n";
    return;
  }
  std::size_t width = 0;
  for (const auto& t : registry.tools()) width = std::max(width, t.name.size());
  for (const auto& t : registry.tools()) {
    out << t.name << std::string(width - t.name.size() + 2, ' ') << t.title
        << (t.annotations.read_only ? "" : "  [writes]") << "\n";
  }
}

int call_tool(const registry::Registry& registry, std::string_view name, const std::vector<std::string>& words,
              const std::string& json_text, bool color, std::ostream& out, std::ostream& err) {
  const auto tool = registry.find_tool(name);
  if (!tool) {
    err << "djust-mcp: " << unknown_tool_message(registry, name) << "\n";
    return kExitUsage;
  }
  json arguments = json::object();
  if (!json_text.empty()) {
    arguments = json::parse(json_text, nullptr, false);
    if (arguments.is_discarded() || !arguments.is_object()) {
      err << "djust-mcp: --json must be a JSON object\n";
      return kExitUsage;
    }
  }
  try {
    const json pairs = parse_key_values(*tool, words);
    for (const auto& [key, value] : pairs.items()) arguments[key] = value;
  } catch (const std::invalid_argument& e) {
    err << "djust-mcp: " << e.what() << "\n";
    return kExitUsage;
  }
  registry::CallContext context;
  const auto outcome = registry.call(*tool, arguments, context);
  if (outcome.is_error) {
    err << outcome.error << "\n";
    return kExitToolError;
  }
  out << format_json(outcome.structured, color) << "\n";
  return 0;
}

std::string format_json(const json& value, bool color) {
  if (!color) return value.dump(2, ' ', false, json::error_handler_t::replace);
  std::string out;
  append_json(out, value, 0);
  return out;
}

}  // namespace djust::cli
