#include "tools/schema_pieces.h"

#include <algorithm>

namespace djust::tools {

using nlohmann::json;

json type(const json& t) { return {{"type", t}}; }
json string_type() { return type("string"); }
json count_type() { return {{"type", "integer"}, {"minimum", 0}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }

json strict_object(json properties, const std::vector<std::string>& optional) {
  json required = json::array();
  for (const auto& [name, unused] : properties.items()) {
    (void)unused;
    if (std::find(optional.begin(), optional.end(), name) == optional.end()) required.push_back(name);
  }
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

}  // namespace djust::tools
