#include "project/bridge_contract.h"

#include "core/embedded.h"
#include "core/json_schema.h"
#include "core/text.h"

#include <algorithm>
#include <stdexcept>

namespace djust::project {
namespace {

using nlohmann::json;

struct Contract {
  std::vector<BridgeMethod> methods;
  json ready;
};

// Parsed once, on first use; checked against data/jsonschema/contract.schema.json at build time,
// so a throw here is a build defect.
const Contract& contract() {
  static const Contract parsed = [] {
    const auto text = core::embedded_file("data/bridge/contract.json");
    if (!text) throw std::logic_error("the bridge contract is not embedded");
    const json document = json::parse(*text);
    const json& defs = document.at("$defs");
    Contract out;
    out.ready = core::inline_refs(document.at("ready").at("reply"), defs);
    for (const auto& method : document.at("methods")) {
      out.methods.push_back({.name = method.at("name"),
                             .description = method.at("description"),
                             .params = core::inline_refs(method.at("params"), defs),
                             .reply = core::inline_refs(method.at("reply"), defs)});
    }
    return out;
  }();
  return parsed;
}

}  // namespace

const std::vector<BridgeMethod>& bridge_methods() { return contract().methods; }

const BridgeMethod& bridge_method(std::string_view name) {
  const auto& methods = bridge_methods();
  const auto it = std::find_if(methods.begin(), methods.end(), [&](const BridgeMethod& m) { return m.name == name; });
  if (it != methods.end()) return *it;
  std::vector<std::string> names;
  for (const auto& m : methods) names.push_back(m.name);
  throw std::invalid_argument("data/bridge/contract.json declares no bridge method '" + std::string(name) +
                              "'; it declares " + core::join(names, ", ") + ".");
}

const nlohmann::json& bridge_ready_schema() { return contract().ready; }

}  // namespace djust::project
