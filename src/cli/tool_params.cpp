#include "cli/tool_params.h"

#include "core/text.h"

#include <algorithm>
#include <cstdint>

namespace djust::cli {
namespace {

using nlohmann::json;

std::string text_of(const json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

std::string type_of(const json& schema) {
  if (auto any_of = schema.find("anyOf"); any_of != schema.end() && any_of->is_array()) {
    std::vector<std::string> types;
    for (const auto& alternative : *any_of) types.push_back(type_of(alternative));
    return core::join(types, " or ");
  }
  const json type = schema.value("type", json());
  if (type.is_array()) {
    std::vector<std::string> types;
    for (const auto& t : type) types.push_back(text_of(t));
    return core::join(types, " or ");
  }
  if (!type.is_string()) return "any";
  if (type == "array" && schema.contains("items")) return "array of " + type_of(schema["items"]);
  return type.get<std::string>();
}

// 2^53 - 1, the largest integer a JSON number holds exactly: schemas use it as "no upper limit".
constexpr std::int64_t kLargestExactInteger = 9007199254740991;

std::string range_of(const json& schema) {
  const auto minimum = schema.find("minimum");
  const auto maximum = schema.find("maximum");
  const bool has_min = minimum != schema.end();
  const bool has_max = maximum != schema.end() && *maximum != kLargestExactInteger;
  if (has_min && has_max) return minimum->dump() + ".." + maximum->dump();
  if (has_min) return ">= " + minimum->dump();
  if (has_max) return "<= " + maximum->dump();
  return "";
}

}  // namespace

std::vector<ToolParam> tool_params(const registry::Tool& tool) {
  std::vector<ToolParam> params;
  const json properties = tool.input_schema.value("properties", json::object());
  const json required = tool.input_schema.value("required", json::array());
  for (const auto& [name, schema] : properties.items()) {
    ToolParam param{.name = name,
                    .type = type_of(schema),
                    .required = std::find(required.begin(), required.end(), name) != required.end(),
                    .default_value = schema.contains("default") ? schema["default"].dump() : "",
                    .choices = {},
                    .range = range_of(schema),
                    .description = schema.value("description", "")};
    if (auto values = schema.find("enum"); values != schema.end()) {
      for (const auto& value : *values) param.choices.push_back(text_of(value));
    } else if (param.type == "boolean") {
      param.choices = {"true", "false"};
    }
    params.push_back(std::move(param));
  }
  std::stable_partition(params.begin(), params.end(), [](const ToolParam& p) { return p.required; });
  return params;
}

std::string allowed_values(const ToolParam& param) {
  if (!param.choices.empty()) return core::join(param.choices, ", ");
  return param.range;
}

}  // namespace djust::cli
