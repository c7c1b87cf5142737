// libFuzzer target: the JSON-Schema validator (src/core/json_schema). The first line is a schema,
// the rest an instance. A schema the validator supports is used as given; any other first line
// sends the instance through every tool's input schema, as a client's arguments are. Either must
// end in a list of violations (or, for a broken schema of ours, an invalid_argument), never in a
// crash, a hang or a blown memory budget.

#include "fuzz_target.h"

#include "core/json_schema.h"
#include "core/text.h"
#include "fuzz_registry.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace {

using nlohmann::json;

// As the MCP server refuses deeper messages before parsing them.
constexpr std::size_t kMaxNesting = 1000;

std::optional<json> parse(std::string_view text) {
  if (djust::core::json_nested_deeper_than(text, kMaxNesting)) return std::nullopt;
  json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [schema_text, instance_text] = split_first_line(data, size);
  const auto instance = parse(instance_text);
  if (!instance) return 0;
  const auto schema = parse(schema_text);
  if (schema && schema->is_object() && djust::core::unsupported_schema_keywords(*schema).empty()) {
    try {
      djust::core::validate_json(*schema, *instance);
    } catch (const std::invalid_argument&) {
      // an unresolved $ref, a cycle of them, or a keyword holding a value of the wrong type
    } catch (const json::exception&) {
    }
    return 0;
  }
  for (const auto& tool : fuzz_registry().tools()) djust::core::validate_json(tool.input_schema, *instance);
  return 0;
}
