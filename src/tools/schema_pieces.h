#pragma once
// Small JSON Schema builders the tool families share for their input and output schemas.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace djust::tools {

nlohmann::json type(const nlohmann::json& t);
nlohmann::json string_type();
nlohmann::json count_type();  // an integer >= 0
nlohmann::json array_of(nlohmann::json items);
// An object with exactly these properties, all required but the `optional` ones.
nlohmann::json strict_object(nlohmann::json properties, const std::vector<std::string>& optional = {});

}  // namespace djust::tools
