// Issue #18, "drop-in for djust's own server": every tool djust 1.1's MCP server
// (python/djust/mcp/server.py) offers, called with that server's argument names and shapes, is one
// of ours and takes them. The shapes are written from djust 1.1.0's tool signatures, not read from
// our schemas. What the aliases do with a project or a dev server is tested in project_tools_test
// and observability_test.
#include "core/json_schema.h"
#include "registry/registry.h"

#include <doctest/doctest.h>

#include "test_registry.h"

#include <string>
#include <vector>

using djust::registry::CallContext;
using djust::registry::ToolOutcome;
using nlohmann::json;

namespace {

struct DjustCall {
  std::string tool;
  std::vector<std::string> parameters;  // every parameter djust's function declares
  json arguments;                       // a call as written for djust's server, defaults spelled out
};

// djust 1.1.0's 24 tools with their parameters; the defaults are djust's (category="", app_label="").
const std::vector<DjustCall>& djust_calls() {
  static const std::vector<DjustCall> calls = {
      {"get_framework_schema", {}, json::object()},
      {"get_template_directives", {}, json::object()},
      {"get_decorators", {}, json::object()},
      {"get_best_practices", {}, json::object()},
      {"list_views", {}, json::object()},
      {"list_components", {}, json::object()},
      {"list_routes", {}, json::object()},
      {"get_view_schema", {"view_name"}, {{"view_name", "ProductListView"}}},
      {"seed_fixtures", {"fixture_paths"}, {{"fixture_paths", {"shop/fixtures/items.json"}}}},
      {"find_handlers_for_template", {"template_path"}, {{"template_path", "shop/templates/shop/list.html"}}},
      {"get_view_assigns", {"session_id"}, {{"session_id", "abc123"}}},
      {"eval_handler",
       {"session_id", "handler_name", "params", "dry_run", "dry_run_block"},
       {{"session_id", "abc123"},
        {"handler_name", "increment"},
        {"params", {{"amount", 2}}},
        {"dry_run", false},
        {"dry_run_block", true}}},
      {"reset_view_state", {"session_id"}, {{"session_id", "abc123"}}},
      {"get_handler_timings", {"handler_name", "since_ms"}, {{"handler_name", ""}, {"since_ms", 0}}},
      {"get_sql_queries_since",
       {"since_ms", "session_id", "handler_name", "limit"},
       {{"since_ms", 0}, {"session_id", ""}, {"handler_name", ""}, {"limit", 500}}},
      {"tail_server_log", {"since_ms", "level", "limit"}, {{"since_ms", 0}, {"level", "warning"}, {"limit", 500}}},
      {"get_last_traceback", {"n"}, {{"n", 1}}},
      {"run_system_checks", {"category"}, {{"category", ""}}},
      {"run_audit", {"app_label"}, {{"app_label", ""}}},
      {"validate_view", {"code"}, {{"code", "from djust import LiveView\n"}}},
      {"detect_common_issues", {"code"}, {{"code", "from djust import LiveView\n"}}},
      {"scaffold_view", {"name", "features"}, {{"name", "ProductListView"}, {"features", "search, CRUD,pagination"}}},
      {"scaffold_component", {"name", "props"}, {{"name", "UserCard"}, {"props", "user,show_avatar,editable"}}},
      {"add_event_handler",
       {"handler_name", "params", "decorators"},
       {{"handler_name", "delete_item"},
        {"params", "item_id: int = 0, confirm: bool = False"},
        {"decorators", "debounce(wait=0.3), rate_limit(rate=5)"}}},
  };
  return calls;
}

ToolOutcome call(const std::string& name, const json& arguments) {
  const auto tool = test_registry().find_tool(name);
  REQUIRE_MESSAGE(tool, name);
  CallContext context;
  return test_registry().call(*tool, arguments, context);
}

json call_ok(const std::string& name, const json& arguments) {
  INFO(name, " ", arguments.dump());
  const auto outcome = call(name, arguments);
  REQUIRE_MESSAGE(!outcome.is_error, outcome.error);
  return outcome.structured;
}

}  // namespace

TEST_CASE("every tool of djust 1.1's MCP server is ours, and its schema takes djust's names and shapes") {
  CHECK(djust_calls().size() == 24);  // ours also has validate_template
  for (const auto& c : djust_calls()) {
    INFO(c.tool, " ", c.arguments.dump());
    const auto tool = test_registry().find_tool(c.tool);
    REQUIRE(tool);
    for (const auto& parameter : c.parameters) CHECK(tool->input_schema.at("properties").contains(parameter));
    // What an MCP client validates against before it sends the call.
    for (const auto& v : djust::core::validate_json(tool->input_schema, c.arguments))
      FAIL_CHECK(v.path << ": " << v.message);
  }
}

TEST_CASE("the tools that need no project answer djust's calls") {
  for (const auto& c : djust_calls()) {
    if (!c.tool.starts_with("get_") || c.tool.find("view") != std::string::npos ||
        c.tool.find("handler") != std::string::npos || c.tool.find("sql") != std::string::npos ||
        c.tool.find("traceback") != std::string::npos)
      continue;
    CHECK_FALSE(call_ok(c.tool, c.arguments).empty());
  }
  // djust's validate_view and detect_common_issues take a module's code: a handler without
  // **kwargs is reported by both (V007 / missing_kwargs).
  const std::string code =
      "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass V(LiveView):\n"
      "    template_name = 'v.html'\n\n    def mount(self, request, **kwargs):\n        self.n = 0\n\n"
      "    @event_handler\n    def increment(self):\n        self.n += 1\n";
  CHECK(call_ok("validate_view", {{"code", code}}).dump().find("\"V007\"") != std::string::npos);
  CHECK(call_ok("detect_common_issues", {{"code", code}}).dump().find("\"missing_kwargs\"") != std::string::npos);
}

TEST_CASE("scaffold_view: djust's comma-separated features string is the list, case and spaces ignored") {
  const json from_string =
      call_ok("scaffold_view", {{"name", "ProductListView"}, {"features", "search, CRUD,,pagination"}});
  const json from_list =
      call_ok("scaffold_view", {{"name", "ProductListView"}, {"features", {"search", "crud", "pagination"}}});
  CHECK(from_string == from_list);
  CHECK(from_string.at("class_name") == "ProductListView");  // djust's example name, View not doubled
  CHECK(call_ok("scaffold_view", {{"name", "Bare"}, {"features", ""}}) == call_ok("scaffold_view", {{"name", "Bare"}}));
  const auto unknown = call("scaffold_view", {{"name", "P"}, {"features", "search, live"}});
  REQUIRE(unknown.is_error);
  CHECK(unknown.error.find("Unknown feature 'live'") != std::string::npos);
  // The alias is documented where clients read the schema.
  const std::string description =
      test_registry().find_tool("scaffold_view")->input_schema.at("/properties/features/description"_json_pointer);
  CHECK(description.find("djust 1.1's own MCP server") != std::string::npos);
}

TEST_CASE("scaffold_component and add_event_handler: djust's examples give the code djust's docs promise") {
  const json component = call_ok("scaffold_component", {{"name", "UserCard"}, {"props", "user,show_avatar,editable"}});
  const std::string module = component.at("files").at(0).at("content");
  CHECK(module.find("self.show_avatar = show_avatar") != std::string::npos);
  const json handler = call_ok("add_event_handler", {{"handler_name", "delete_item"},
                                                     {"params", "item_id: int = 0, confirm: bool = False"},
                                                     {"decorators", "debounce(wait=0.3), rate_limit(rate=5)"}});
  const std::string code = handler.at("code");
  CHECK(code.find("def delete_item(self, item_id: int = 0, confirm: bool = False, **kwargs):") != std::string::npos);
  CHECK(code.find("@debounce(wait=0.3)") != std::string::npos);
  CHECK(code.find("@rate_limit(rate=5)") != std::string::npos);
}
