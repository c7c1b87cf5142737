#pragma once
// The one way tools build their JSON Schemas: these builders, nested, with a JSON literal only for
// a leaf's own keywords ({{"type", "string"}, {"maxLength", 200}}). Inputs are input_object()s of
// described() properties; results are strict_object()s, a bridge reply from
// data/bridge/contract.json grown with with_properties(), or open_object()s for answers passed
// through from djust.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace djust::tools {

nlohmann::json type(const nlohmann::json& t);  // {"type": t}; t a name or a list of names
nlohmann::json string_type();
nlohmann::json count_type();  // an integer >= 0
nlohmann::json array_of(nlohmann::json items);
// `schema` with a description (for the model reading the tool list) or a default.
nlohmann::json described(nlohmann::json schema, const std::string& description);
nlohmann::json with_default(nlohmann::json schema, nlohmann::json value);
// The sentence documenting an alias: `what` is a value or shape that djust 1.1's own MCP server
// takes for the same argument, accepted so that calls written for that server work unchanged.
std::string djust_alias(const std::string& what);
// An enum `schema` that also takes `extra` values (aliases).
nlohmann::json with_values(nlohmann::json schema, const std::vector<std::string>& extra);
// Arguments: these properties and no others; only the `required` ones must be given.
nlohmann::json input_object(nlohmann::json properties, const std::vector<std::string>& required = {});
// A result: exactly these properties, all required but the `optional` ones.
nlohmann::json strict_object(nlohmann::json properties, const std::vector<std::string>& optional = {});
// A result passed through from another program (djust's dev server): these properties at least,
// the `required` ones always; members a newer version adds are let through.
nlohmann::json open_object(nlohmann::json properties, const std::vector<std::string>& required);
// `object` (a strict_object or a contract reply) with more properties, required but the `optional` ones.
nlohmann::json with_properties(nlohmann::json object, const nlohmann::json& properties,
                               const std::vector<std::string>& optional = {});
// `object` with more properties, none of them required.
nlohmann::json with_optional(nlohmann::json object, const nlohmann::json& properties);

}  // namespace djust::tools
