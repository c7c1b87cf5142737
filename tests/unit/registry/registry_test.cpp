#include "registry/registry.h"
#include "core/json_schema.h"
#include "core/log.h"

#include <doctest/doctest.h>

#include "test_registry.h"

#include <regex>
#include <set>

using djust::registry::CallContext;
using djust::registry::Registry;
using nlohmann::json;

namespace {

// Arguments that exercise each deterministic tool's main paths; every such tool must appear here
// (tools that need a project or a server are exercised by their own tests).
const std::map<std::string, std::vector<json>>& sample_calls() {
  static const std::map<std::string, std::vector<json>> calls = {
      {"get_framework_schema",
       {json::object(), {{"section", "mixins"}}, {{"section", "checks"}}, {{"section", "checks"}, {"page", 2}}}},
      {"get_template_directives",
       {json::object(),
        {{"category", "event"}},
        {{"category", "event"}, {"page", 2}},
        {{"name", "dj-model.lazy"}},
        {{"name", "click"}, {"category", "event"}}}},
      {"get_decorators", {json::object(), {{"name", "@event_handler"}}, {{"name", "djust.decorators.debounce"}}}},
      {"get_best_practices", {json::object(), {{"section", "security"}}}},
      {"validate_view",
       {{{"code", "from djust import LiveView\n\nclass V(LiveView):\n    def delete_x(self, a):\n        pass\n"}},
        {{"code", "def broken(:"}, {"filename", "app/views.py"}},
        {{"code", "x = 1\n"}, {"select", {"ALL"}}, {"ignore", {"Q"}}}}},
      {"validate_template",
       {{{"code", "<div dj-root><button dj-clik=\"save\">Save</button></div>\n"}},
        {{"code", "<form dj-submit=\"save\"><input name=\"a\"></form>"}, {"filename", "app/form.html"}},
        {{"code", "<p>{% if x %}</p>"}, {"select", {"ALL"}}}}},
      {"detect_common_issues",
       {{{"code",
          "from djust import LiveView\n\nclass V(LiveView):\n    def mount(self, request, **kwargs):\n"
          "        self.items = Item.objects.all()\n"}},
        {{"code", "def broken(:"}}}},
      {"scaffold_view",
       {{{"name", "Cart"}},
        {{"name", "Cart"},
         {"features", {"search", "crud", "pagination", "form", "presence", "streaming", "auth"}},
         {"model", "Item"},
         {"app", "shop"}}}},
      {"scaffold_component", {{{"name", "Alert"}}, {{"name", "Alert"}, {"props", "message:str=Hi"}, {"app", "shop"}}}},
      {"add_event_handler",
       {{{"handler_name", "save"}}, {{"handler_name", "save"}, {"params", "n:int"}, {"decorators", "rate_limit"}}}},
  };
  return calls;
}

}  // namespace

TEST_CASE("registry: every tool is fully and validly described") {
  const std::regex name_pattern("^[a-zA-Z0-9_-]{1,64}$");
  std::set<std::string> names;
  for (const auto& tool : test_registry().tools()) {
    INFO("tool ", tool.name);
    CHECK(std::regex_match(tool.name, name_pattern));
    CHECK(names.insert(tool.name).second);
    CHECK_FALSE(tool.title.empty());
    CHECK(tool.description.size() >= 80);
    CHECK(tool.input_schema.at("type") == "object");
    CHECK(tool.output_schema.at("type") == "object");
    CHECK(djust::core::unsupported_schema_keywords(tool.input_schema).empty());
    CHECK(djust::core::unsupported_schema_keywords(tool.output_schema).empty());
    CHECK(tool.handler);
    CHECK((!tool.deterministic || sample_calls().count(tool.name)));
  }
}

TEST_CASE("registry: each tool's results conform to its outputSchema") {
  const Registry& registry = test_registry();
  for (const auto& [name_, calls] : sample_calls()) {
    const std::string& name = name_;  // the macros capture it; clang 14 cannot capture a structured binding
    const auto tool = registry.find_tool(name);
    REQUIRE_MESSAGE(tool, name);
    for (const auto& arguments : calls) {
      INFO(name, " ", arguments.dump());
      CallContext context;
      const auto outcome = registry.call(*tool, arguments, context);
      REQUIRE_MESSAGE(!outcome.is_error, outcome.error);
      const auto violations = djust::core::validate_json(tool->output_schema, outcome.structured);
      for (const auto& v : violations) FAIL_CHECK(v.path << ": " << v.message);
    }
  }
}

TEST_CASE("registry: bad arguments become an error outcome that says how to fix the call") {
  const Registry& registry = test_registry();
  CallContext context;
  const auto tool = registry.find_tool("get_template_directives");
  REQUIRE(tool);

  auto outcome = registry.call(*tool, {{"category", "nope"}}, context);
  CHECK(outcome.is_error);
  CHECK(outcome.error.find("argument `category` must be one of: event, loading, modifier") != std::string::npos);
  CHECK(outcome.error.find("Correct the arguments and call it again.") != std::string::npos);

  outcome = registry.call(*registry.find_tool("get_view_schema"), json::object(), context);
  CHECK(outcome.error ==
        "Invalid arguments for get_view_schema: the arguments object is missing the required property "
        "\"view_name\". It accepts: view_name (string). Correct the arguments and call it again.");

  outcome = registry.call(*tool, {{"verbose", true}}, context);
  CHECK(outcome.error.find("argument `verbose` is not an allowed property (allowed: category, name, page)") !=
        std::string::npos);

  outcome = registry.call(*tool, {{"name", "dj-clik"}}, context);
  CHECK(outcome.is_error);
  CHECK(outcome.error.find("Did you mean 'dj-click'?") != std::string::npos);

  outcome = registry.call(*registry.find_tool("get_decorators"), {{"name", "debounse"}}, context);
  CHECK(outcome.error.find("Did you mean 'debounce'?") != std::string::npos);
}

TEST_CASE("registry: a failure while validating arguments or in a handler is an error outcome, never a throw") {
  // Validation used to run outside the handler's try: anything it threw (out of memory on a
  // pathological argument, as in issue #19) ended the process.
  djust::registry::Tool unresolved;
  unresolved.name = "unresolved";
  unresolved.input_schema = {{"type", "object"}, {"properties", {{"x", {{"$ref", "#/$defs/missing"}}}}}};
  unresolved.handler = [](const json&, CallContext&) { return json::object(); };
  djust::registry::Tool hungry;
  hungry.name = "hungry";
  hungry.input_schema = {{"type", "object"}};
  hungry.handler = [](const json&, CallContext&) -> json { throw std::bad_alloc(); };
  const Registry registry({unresolved, hungry}, {}, {}, {}, "");
  CallContext context;
  djust::registry::ToolOutcome outcome;
  CHECK_NOTHROW(outcome = registry.call(*registry.find_tool("unresolved"), {{"x", 1}}, context));
  CHECK(outcome.is_error);
  CHECK(outcome.error.starts_with("Internal error in unresolved: "));
  CHECK_NOTHROW(outcome = registry.call(*registry.find_tool("hungry"), json::object(), context));
  CHECK(outcome.is_error);
  CHECK(outcome.error == "Out of memory in hungry: the arguments are too large or too repetitive to handle.");
}

TEST_CASE("registry: a result that breaks its outputSchema is withheld as an error outcome and logged") {
  djust::registry::Tool liar;
  liar.name = "liar";
  liar.input_schema = {{"type", "object"}};
  liar.output_schema = {
      {"type", "object"}, {"properties", {{"count", {{"type", "integer"}, {"minimum", 0}}}}}, {"required", {"count"}}};
  liar.handler = [](const json& arguments, CallContext&) { return json{{"count", arguments.value("count", 0)}}; };
  const Registry registry({liar}, {}, {}, {}, "");
  std::vector<std::string> logged;
  djust::core::set_log_forwarder([&](djust::core::LogLevel level, std::string_view logger, std::string_view message) {
    if (level == djust::core::LogLevel::error) logged.push_back(std::string(logger) + ": " + std::string(message));
  });
  CallContext context;
  djust::registry::ToolOutcome outcome;
  CHECK_NOTHROW(outcome = registry.call(liar, {{"count", -2}}, context));
  djust::core::set_log_forwarder({});
  CHECK(outcome.is_error);
  CHECK(outcome.structured.is_null());
  const std::string expected =
      "Internal error in liar: its result does not match its output schema at /count: must be >= 0. The "
      "result was withheld; this is a bug in djust-mcp, please report it.";
  CHECK(outcome.error == expected);
  CHECK(logged == std::vector<std::string>{"registry: " + expected});
  CHECK_FALSE(registry.call(liar, {{"count", 2}}, context).is_error);
}

TEST_CASE("registry: resources read by URI and through templates") {
  const Registry& registry = test_registry();
  CHECK(registry.read_resource("djust://schema/directives").has_value());
  CHECK(registry.read_resource("djust://best-practices").has_value());
  auto click = registry.read_resource("djust://schema/directives/dj-click");
  REQUIRE(click);
  CHECK(json::parse(click->text).at("name") == "dj-click");
  CHECK(registry.read_resource("djust://best-practices/security").has_value());
  CHECK_FALSE(registry.read_resource("djust://schema/directives/dj-nothing").has_value());
  CHECK_FALSE(registry.read_resource("djust://schema/directives/a/b").has_value());
  CHECK_FALSE(registry.read_resource("djust://nothing").has_value());
}

TEST_CASE("match_uri_template binds variables and rejects slashes and empties") {
  using djust::registry::match_uri_template;
  auto vars = match_uri_template("djust://schema/directives/{name}", "djust://schema/directives/dj-click");
  REQUIRE(vars);
  CHECK(vars->at("name") == "dj-click");
  CHECK_FALSE(match_uri_template("djust://schema/directives/{name}", "djust://schema/directives/"));
  CHECK_FALSE(match_uri_template("djust://schema/directives/{name}", "djust://schema/directives/a/b"));
  CHECK_FALSE(match_uri_template("djust://x/{a}", "djust://y/b"));
}

TEST_CASE("prompts: the workflow names only tools that exist, first step first") {
  const Registry& registry = test_registry();
  const auto* workflow = registry.find_prompt("djust_workflow");
  REQUIRE(workflow);
  const auto messages = workflow->render({{"task", "a todo list"}});
  REQUIRE(messages.size() == 1);
  const std::string& text = messages[0].text;
  CHECK(text.find("a todo list") != std::string::npos);
  CHECK(text.find("1. Learn the framework (get_framework_schema") != std::string::npos);
  for (const auto& tool : registry.tools()) CHECK(text.find(tool.name) != std::string::npos);
  CHECK(registry.instructions().find("get_framework_schema") != std::string::npos);
}

TEST_CASE("prompts: review_view embeds the code in a fence it cannot close, and rejects an unknown focus") {
  const auto* review = test_registry().find_prompt("review_view");
  REQUIRE(review);
  const auto messages = review->render({{"code", "class V(LiveView): pass"}, {"focus", "security"}});
  CHECK(messages.at(0).text.find("```python\nclass V(LiveView): pass\n```") != std::string::npos);
  const std::string fenced = review->render({{"code", "s = '```'\nt = '`````'"}}).at(0).text;
  CHECK(fenced.ends_with("``````python\ns = '```'\nt = '`````'\n``````"));
  CHECK_THROWS_AS(review->render({{"code", "x"}, {"focus", "vibes"}}), djust::registry::ToolError);
  CHECK_THROWS_WITH(review->render({}),
                    "Pass either `path` (a .py file of the project) or `code` (the module's source).");
  CHECK_THROWS_AS(review->render({{"code", "x"}, {"path", "a.py"}}), djust::registry::ToolError);
  std::vector<std::string> names;
  for (const auto& a : review->arguments) names.push_back(a.name);
  CHECK(names == std::vector<std::string>{"path", "focus", "code"});
  CHECK(review->arguments.at(1).complete("sec") == std::vector<std::string>{"security"});
}

TEST_CASE("prompts: a free-text argument comes last and gets back the words a client split off") {
  const auto* workflow = test_registry().find_prompt("djust_workflow");
  REQUIRE(workflow);
  REQUIRE(workflow->arguments.size() == 24);
  CHECK(workflow->arguments.front().name == "task");
  CHECK(workflow->arguments.at(1).name == "task_2");
  CHECK(workflow->arguments.back().name == "task_24");
  // What Claude Code sends for `/mcp__djust__djust_workflow add a search box`: one word per argument.
  const std::string text =
      workflow->render({{"task", "add"}, {"task_2", "a"}, {"task_3", "search"}, {"task_4", "box"}}).at(0).text;
  CHECK(text.find("Task: add a search box\n") != std::string::npos);
  // A client that sends the sentence whole, and one that sends nothing.
  CHECK(workflow->render({{"task", "add a search box"}}).at(0).text.find("Task: add a search box\n") !=
        std::string::npos);
  CHECK(workflow->render({}).at(0).text.find("Task: the next change to this djust project\n") != std::string::npos);
}
