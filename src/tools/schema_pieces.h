#pragma once
// The one way tools build their JSON Schemas: these builders, nested. Inputs are input_object()s
// of described() properties; outputs are strict_object()s (or a bridge reply from
// data/bridge/contract.json grown with with_properties()).

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
// Arguments: these properties and no others; only the `required` ones must be given.
nlohmann::json input_object(nlohmann::json properties, const std::vector<std::string>& required = {});
// A result: exactly these properties, all required but the `optional` ones.
nlohmann::json strict_object(nlohmann::json properties, const std::vector<std::string>& optional = {});
// `object` (a strict_object or a contract reply) with more properties, required but the `optional` ones.
nlohmann::json with_properties(nlohmann::json object, const nlohmann::json& properties,
                               const std::vector<std::string>& optional = {});

}  // namespace djust::tools
