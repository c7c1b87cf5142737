#pragma once
// A validator for the subset of JSON Schema 2020-12 that our schemas use (see data/FORMAT.md).
// One implementation serves three callers: the build-time data check, tool argument validation
// at run time, and the tests that hold every tool result against its outputSchema.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace djust::core {

struct SchemaViolation {
  std::string path;  // JSON Pointer into the instance, "" for the root
  std::string message;
};

// Violations of `instance` against `schema`, in document order; empty when it conforms. Time is
// linear in the instance (patterns run on core::LinearRegex, uniqueItems hashes); a pattern is not
// tried on a string whose length is already refused.
std::vector<SchemaViolation> validate_json(const nlohmann::json& schema, const nlohmann::json& instance);

// The first of `violations` and how many more there are, for a message: "at /views/0/line: must
// be of type integer, not string (and 2 more)"; empty when there are none.
std::string describe_violations(const std::vector<SchemaViolation>& violations);

// Keywords in `schema` outside the supported subset, as "pointer: keyword" strings, and patterns
// outside LinearRegex's syntax, as "pointer: pattern: why". A schema that uses one would silently
// mean less than it says (or fail when first used), so callers treat any as an error.
std::vector<std::string> unsupported_schema_keywords(const nlohmann::json& schema);

// `schema` with every {"$ref": "#/$defs/NAME"} replaced by that member of `defs`, itself inlined:
// a self-contained schema for a client that should not need to resolve references. A $ref
// stands alone (members beside it are dropped). Throws std::invalid_argument for a reference
// that is not of that form, names no definition, or refers back to itself.
nlohmann::json inline_refs(const nlohmann::json& schema, const nlohmann::json& defs);

// "string", "integer", ... as JSON Schema names the type of `value`.
std::string json_type_name(const nlohmann::json& value);

}  // namespace djust::core
