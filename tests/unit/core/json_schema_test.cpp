#include "core/json_schema.h"

#include <doctest/doctest.h>

using djust::core::unsupported_schema_keywords;
using djust::core::validate_json;
using nlohmann::json;

TEST_CASE("json_schema: types, enums and required properties") {
  const json schema = {{"type", "object"},
                       {"properties",
                        {{"name", {{"type", "string"}, {"minLength", 2}}},
                         {"size", {{"type", "integer"}, {"minimum", 1}, {"maximum", 9}}},
                         {"kind", {{"enum", {"a", "b"}}}}}},
                       {"required", {"name"}},
                       {"additionalProperties", false}};
  CHECK(validate_json(schema, {{"name", "ok"}, {"size", 3}, {"kind", "a"}}).empty());
  CHECK(validate_json(schema, {{"name", "ok"}, {"size", 3.0}}).empty());  // 3.0 is an integer

  auto v = validate_json(schema, {{"size", 3}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].path == "");
  CHECK(v[0].message == "is missing the required property \"name\"");

  v = validate_json(schema, {{"name", "x"}, {"size", 10}, {"kind", "c"}, {"extra", 1}});
  REQUIRE(v.size() == 4);
  CHECK(v[0].path == "/extra");
  CHECK(v[0].message == "is not an allowed property (allowed: kind, name, size)");
  CHECK(v[1].path == "/kind");
  CHECK(v[1].message == "must be one of: a, b");
  CHECK(v[2].path == "/name");
  CHECK(v[3].message == "must be <= 9");

  v = validate_json(schema, {{"name", 5}});
  REQUIRE(v.size() == 1);
  CHECK(v[0].message == "must be of type string, not integer");

  const json typed_enum = {{"type", "string"}, {"enum", {"a", "b"}}};
  CHECK(validate_json(typed_enum, 5).at(0).message == "must be of type string, not integer (one of: a, b)");
}

TEST_CASE("json_schema: arrays, $ref, anyOf and oneOf") {
  const json schema = {{"$defs", {{"item", {{"type", "string"}, {"pattern", "^dj-"}}}}},
                       {"type", "array"},
                       {"items", {{"$ref", "#/$defs/item"}}},
                       {"minItems", 1},
                       {"uniqueItems", true}};
  CHECK(validate_json(schema, {"dj-click", "dj-model"}).empty());
  CHECK(validate_json(schema, json::array()).size() == 1);
  auto v = validate_json(schema, {"dj-click", "click", "dj-click"});
  REQUIRE(v.size() == 2);
  CHECK(v[0].path == "/2");  // duplicate
  CHECK(v[1].path == "/1");
  CHECK(v[1].message == "must match the pattern ^dj-");

  const json any = {{"anyOf", {{{"type", "string"}}, {{"type", "null"}}}}};
  CHECK(validate_json(any, nullptr).empty());
  CHECK_FALSE(validate_json(any, 3).empty());
  const json one = {{"oneOf", {{{"type", "number"}}, {{"type", "integer"}}}}};
  CHECK(validate_json(one, 1.5).empty());
  CHECK(validate_json(one, 2).front().message == "matches more than one of the exclusive forms");
}

TEST_CASE("json_schema: unsupported keywords are reported, names of properties are not keywords") {
  const json schema = {{"type", "object"},
                       {"properties", {{"format", {{"type", "string"}, {"format", "uri"}}}}},
                       {"patternProperties", json::object()}};
  const auto unsupported = unsupported_schema_keywords(schema);
  REQUIRE(unsupported.size() == 2);
  CHECK(unsupported[0] == "/: patternProperties");
  CHECK(unsupported[1] == "/properties/format: format");
}
