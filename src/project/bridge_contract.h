#pragma once
// The bridge contract, data/bridge/contract.json: every method djust-mcp may ask the bridge
// (data/bridge/djust_bridge.py), with its parameters and its reply as JSON Schemas. Both sides are
// held to it: Bridge checks each request and reply against it, the project tools build their
// output schemas from the replies, and a test holds the bridge's METHODS table to the same names.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace djust::project {

struct BridgeMethod {
  std::string name;  // the request's "method"
  std::string description;
  // Self-contained JSON Schemas: the contract's $defs are inlined.
  nlohmann::json params;
  nlohmann::json reply;
};

// Every method, in the contract's order.
const std::vector<BridgeMethod>& bridge_methods();

// The method of that name. Throws std::invalid_argument, naming the methods there are, for any
// other name: tools look their methods up when they are built, so a misspelt name fails at
// startup (and in every test that builds the registry), not at the first call.
const BridgeMethod& bridge_method(std::string_view name);

// The schema of the project information the bridge sends once it is ready.
const nlohmann::json& bridge_ready_schema();

}  // namespace djust::project
