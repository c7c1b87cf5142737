#include "core/json_schema.h"

#include "core/embedded.h"

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
                       {"properties", {{"minProperties", {{"type", "object"}, {"minProperties", 1}}}}},
                       {"patternProperties", json::object()}};
  const auto unsupported = unsupported_schema_keywords(schema);
  REQUIRE(unsupported.size() == 2);
  CHECK(unsupported[0] == "/: patternProperties");
  CHECK(unsupported[1] == "/properties/minProperties: minProperties");
}

TEST_CASE("json_schema: format is an annotation, never asserted") {
  const json date = {{"type", "string"}, {"format", "date"}};
  CHECK(unsupported_schema_keywords(date).empty());
  CHECK(validate_json(date, "next Tuesday").empty());
  CHECK_FALSE(validate_json(date, 20240501).empty());
}

TEST_CASE("json_schema: a string of the wrong length is not matched against the pattern") {
  // Tool arguments such as eval_handler's handler_name: a 30,000-character value once crashed the
  // server in std::regex; now the length is refused first and the pattern never runs.
  const json schema = {{"type", "string"}, {"maxLength", 200}, {"pattern", "^[A-Za-z_][A-Za-z0-9_]*$"}};
  const auto v = validate_json(schema, std::string(30'000, 'a') + "!");
  REQUIRE(v.size() == 1);
  CHECK(v[0].message == "must be at most 200 characters long");
  // Without a length bound the linear matcher takes it.
  const json unbounded = {{"type", "string"}, {"pattern", "^[A-Za-z_][A-Za-z0-9_]*$"}};
  CHECK(validate_json(unbounded, std::string(1'000'000, 'a')).empty());
  CHECK(validate_json(unbounded, std::string(1'000'000, 'a') + "!").at(0).message ==
        "must match the pattern ^[A-Za-z_][A-Za-z0-9_]*$");
}

TEST_CASE("json_schema: uniqueItems reports the first duplicate, in linear time") {
  const json schema = {{"type", "array"}, {"uniqueItems", true}};
  // 10,000 repeats: quadratic comparison and one violation per pair once exhausted memory.
  const auto v = validate_json(schema, json(std::vector<std::string>(10'000, "search")));
  REQUIRE(v.size() == 1);
  CHECK(v[0].path == "/1");
  CHECK(v[0].message == "duplicates item 0");
  // Equal as JSON values, whatever their spelling: 1 and 1.0, objects in any key order.
  CHECK(validate_json(schema, json::parse("[1, 2, 1.0]")).at(0).path == "/2");
  CHECK(validate_json(schema, json::parse(R"([{"a": 1, "b": [2]}, {"b": [2], "a": 1}])")).size() == 1);
  CHECK(validate_json(schema, json::parse(R"([1, "1", [1], {"1": 1}, null, true])")).empty());
  std::vector<int> distinct(100'000);
  for (int i = 0; i < 100'000; ++i) distinct[static_cast<std::size_t>(i)] = i;
  CHECK(validate_json(schema, json(distinct)).empty());
}

TEST_CASE("json_schema: not, and patterns outside the matcher's syntax reported with the keywords") {
  const json template_free = {{"type", "string"}, {"not", {{"pattern", "\\{%|%\\}"}}}};
  CHECK(validate_json(template_free, "<p>{{ x }}</p>").empty());
  const auto v = validate_json(template_free, "<p>{% if x %}</p>");
  REQUIRE(v.size() == 1);
  CHECK(v[0].message == R"(must not match {"pattern":"\\{%|%\\}"})");

  const json lookahead = {{"properties", {{"example", {{"pattern", "^(?!\\{%)<"}}}}}};
  const auto problems = unsupported_schema_keywords(lookahead);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "/properties/example: pattern: pattern ^(?!\\{%)<: unsupported group (lookaround and named groups are not "
        "supported) at offset 2");
}

TEST_CASE("json_schema: a $ref cycle is an error, not a stack overflow") {
  const json schema = {{"$defs", {{"a", {{"$ref", "#/$defs/b"}}}, {"b", {{"$ref", "#/$defs/a"}}}}},
                       {"$ref", "#/$defs/a"}};
  CHECK_THROWS_WITH_AS(validate_json(schema, 1), "schema recursion deeper than 256", std::invalid_argument);
}

TEST_CASE("json_schema: every pattern of every embedded data schema compiles") {
  std::size_t schemas = 0;
  for (const auto& file : djust::core::embedded_files()) {
    if (!file.path.starts_with("data/jsonschema/")) continue;
    ++schemas;
    CHECK_MESSAGE(unsupported_schema_keywords(json::parse(file.content)).empty(), file.path);
  }
  CHECK(schemas >= 10);
}

TEST_CASE("json_schema: a whole number of any size is an integer, a malformed schema of ours no crash") {
  const json integer = {{"type", "integer"}};
  CHECK(validate_json(integer, json::parse("1e300")).empty());  // was a float-to-integer cast overflow
  CHECK(validate_json(integer, 2.5).at(0).message == "must be of type integer, not number");
  // anyOf must be an array and properties an object; anything else is not looked into.
  CHECK(unsupported_schema_keywords({{"anyOf", {{"a", 1}}}, {"properties", 5}}).empty());
}

TEST_CASE("json_schema: a count of one is singular") {
  const json schema = {{"type", "array"}, {"minItems", 1}};
  CHECK(djust::core::validate_json(schema, json::array()).at(0).message == "must have at least 1 item");
  CHECK(djust::core::validate_json({{"type", "array"}, {"minItems", 2}}, json::array()).at(0).message ==
        "must have at least 2 items");
  CHECK(djust::core::validate_json({{"type", "array"}, {"maxItems", 1}}, json::array({1, 2})).at(0).message ==
        "must have at most 1 item");
  CHECK(djust::core::validate_json({{"type", "string"}, {"minLength", 1}}, "").at(0).message ==
        "must be at least 1 character long");
}
