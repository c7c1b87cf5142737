#include "tools/schema_pieces.h"

#include <algorithm>

namespace djust::tools {

using nlohmann::json;

json type(const json& t) { return {{"type", t}}; }
json string_type() { return type("string"); }
json count_type() { return {{"type", "integer"}, {"minimum", 0}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

json described(json schema, const std::string& description) {
  schema["description"] = description;
  return schema;
}

json with_default(json schema, json value) {
  schema["default"] = std::move(value);
  return schema;
}

std::string djust_alias(const std::string& what) {
  return " Alias for calls written for djust 1.1's own MCP server: " + what + ".";
}

json with_values(json schema, const std::vector<std::string>& extra) {
  for (const auto& value : extra) schema["enum"].push_back(value);
  return schema;
}

json input_object(json properties, const std::vector<std::string>& required) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

json open_object(json properties, const std::vector<std::string>& required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", required}};
}

json strict_object(json properties, const std::vector<std::string>& optional) {
  return with_properties({{"type", "object"}, {"properties", json::object()}, {"additionalProperties", false}},
                         properties, optional);
}

json with_properties(json object, const json& properties, const std::vector<std::string>& optional) {
  json& required = object["required"];
  if (required.is_null()) required = json::array();
  for (const auto& [name, schema] : properties.items()) {
    object["properties"][name] = schema;
    if (std::find(optional.begin(), optional.end(), name) == optional.end()) required.push_back(name);
  }
  return object;
}

json with_optional(json object, const json& properties) {
  std::vector<std::string> names;
  for (const auto& [name, schema] : properties.items()) names.push_back(name);
  return with_properties(std::move(object), properties, names);
}

}  // namespace djust::tools
