#include "cli/tool_commands.h"

#include "test_registry.h"

#include <doctest/doctest.h>

#include <regex>
#include <sstream>

using namespace djust::cli;
using nlohmann::json;

TEST_CASE("parse_key_values keeps strings as typed and parses other values as JSON") {
  const auto tool = test_registry().find_tool("get_sql_queries_since");
  REQUIRE(tool);
  const json arguments = parse_key_values(*tool, {"handler_name=42", "limit=10", "session_id=a=b"});
  CHECK(arguments["handler_name"] == "42");  // the schema says string: not the number 42
  CHECK(arguments["limit"] == 10);
  CHECK(arguments["session_id"] == "a=b");  // only the first '=' separates
  CHECK_THROWS_WITH_AS(parse_key_values(*tool, {"limit"}), "argument: 'limit' is not key=value", std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_key_values(*tool, {"=10"}), "argument: '=10' is not key=value", std::invalid_argument);
}

TEST_CASE("unknown_tool_message suggests the nearest tool") {
  CHECK(unknown_tool_message(test_registry(), "get_decorator") ==
        "unknown tool 'get_decorator'; did you mean 'get_decorators'? (djust-mcp tools lists them)");
  CHECK(unknown_tool_message(test_registry(), "zzz") == "unknown tool 'zzz' (djust-mcp tools lists them)");
}

TEST_CASE("format_json colours without changing the layout of dump(2)") {
  const json value = {{"name", "dj-model"},
                      {"count", 2},
                      {"ok", true},
                      {"none", nullptr},
                      {"list", {1, "two", json::object()}},
                      {"empty", json::array()},
                      {"nested", {{"a", {{"b", 1.5}}}}}};
  CHECK(format_json(value, false) == value.dump(2));
  const std::string colored = format_json(value, true);
  CHECK(colored != value.dump(2));
  CHECK(colored.find("\x1b[34;1m\"name\"\x1b[0m: \x1b[32m\"dj-model\"\x1b[0m") != std::string::npos);
  CHECK(std::regex_replace(colored, std::regex("\x1b\\[[0-9;]*m"), "") == value.dump(2));
}

TEST_CASE("call_tool prints the result, or the tool's error with exit status 1, or a usage error with 2") {
  std::ostringstream out, err;
  CHECK(call_tool(test_registry(), "get_decorators", {"name=debounce"}, "", false, out, err) == 0);
  CHECK(json::parse(out.str())["decorators"].size() == 1);
  CHECK(err.str().empty());

  std::ostringstream out2, err2;
  CHECK(call_tool(test_registry(), "get_decorators", {"name=no_such_decorator"}, "", false, out2, err2) ==
        kExitToolError);
  CHECK(out2.str().empty());
  CHECK_FALSE(err2.str().empty());

  std::ostringstream out3, err3;
  CHECK(call_tool(test_registry(), "get_decorators", {}, "[1]", false, out3, err3) == kExitUsage);
  CHECK(err3.str() == "djust-mcp: --json must be a JSON object\n");
}
