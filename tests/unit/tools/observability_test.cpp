#include "tools/observability_tools.h"

#include "core/json_schema.h"
#include "registry/registry.h"

#include <doctest/doctest.h>

#include "project/fake_dev_server.h"
#include "test_registry.h"

#include <algorithm>
#include <chrono>
#include <stop_token>
#include <thread>

using djust::registry::CallContext;
using djust::registry::Registry;
using djust::registry::ToolOutcome;
using djust::testing::FakeDevServer;
using djust::testing::RefusingPort;
using djust::tools::ObservabilityTimeouts;
using nlohmann::json;

namespace {

const std::vector<std::string> kToolNames = {"get_view_assigns",    "eval_handler",          "reset_view_state",
                                             "get_handler_timings", "get_sql_queries_since", "tail_server_log",
                                             "get_last_traceback"};

// Short limits, so that a silent server costs a fraction of a second.
constexpr ObservabilityTimeouts kFast{.standard = std::chrono::milliseconds(150),
                                      .eval_handler = std::chrono::milliseconds(300)};

Registry registry_for(const std::string& url, bool allow_remote = false, ObservabilityTimeouts timeouts = kFast) {
  djust::tools::ToolOptions options;
  options.dev_server_url = url;
  options.allow_remote_dev_server = allow_remote;
  return Registry(djust::tools::observability_tools(options, timeouts), {}, {}, {}, "");
}

ToolOutcome call(const Registry& registry, const std::string& name, const json& arguments) {
  const auto tool = registry.find_tool(name);
  REQUIRE_MESSAGE(tool, name);
  CallContext context;
  return registry.call(*tool, arguments, context);
}

// A successful call's result, held against the tool's outputSchema.
json call_ok(const Registry& registry, const std::string& name, const json& arguments) {
  INFO(name, " ", arguments.dump());
  const auto outcome = call(registry, name, arguments);
  REQUIRE_MESSAGE(!outcome.is_error, outcome.error);
  for (const auto& v : djust::core::validate_json(registry.find_tool(name)->output_schema, outcome.structured))
    FAIL_CHECK(v.path << ": " << v.message);
  return outcome.structured;
}

std::string call_error(const Registry& registry, const std::string& name, const json& arguments) {
  INFO(name, " ", arguments.dump());
  const auto outcome = call(registry, name, arguments);
  REQUIRE(outcome.is_error);
  return outcome.error;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Harness {
  FakeDevServer server;
  Registry registry;
  explicit Harness(const std::string& prefix = "") : server(prefix), registry(registry_for(server.url())) {}
};

}  // namespace

TEST_CASE("observability: seven tools, each declared once, with truthful annotations") {
  const Registry registry = registry_for("http://127.0.0.1:8000");
  REQUIRE(registry.tool_names() == kToolNames);
  const auto product = test_registry().tool_names();
  for (const auto& name : kToolNames) CHECK(std::count(product.begin(), product.end(), name) == 1);
  for (const auto& tool : registry.tools()) {
    INFO(tool.name);
    CHECK(tool.input_schema.at("additionalProperties") == false);
    CHECK(djust::core::unsupported_schema_keywords(tool.input_schema).empty());
    CHECK(djust::core::unsupported_schema_keywords(tool.output_schema).empty());
    CHECK(contains(tool.description, "python manage.py runserver"));
    CHECK_FALSE(tool.deterministic);
    CHECK_FALSE(tool.annotations.open_world);
    // Each default is a value the property itself accepts.
    for (const auto& item : tool.input_schema.at("properties").items()) {
      const auto& schema = item.value();
      if (schema.contains("default"))
        CHECK_MESSAGE(djust::core::validate_json(schema, schema.at("default")).empty(), item.key());
    }
    if (tool.name == "eval_handler") {
      CHECK_FALSE(tool.annotations.read_only);
      CHECK(tool.annotations.destructive);
      CHECK_FALSE(tool.annotations.idempotent);
    } else if (tool.name == "reset_view_state") {
      CHECK_FALSE(tool.annotations.read_only);
      CHECK(tool.annotations.destructive);
      CHECK(tool.annotations.idempotent);
    } else {
      CHECK(tool.annotations.read_only);
      CHECK_FALSE(tool.annotations.destructive);
    }
  }
}

TEST_CASE("get_view_assigns: GET view_assigns/ with the session id encoded in the query") {
  Harness h;
  const json result = call_ok(h.registry, "get_view_assigns", {{"session_id", "a+b&c=d/\xC3\xA9%"}});
  CHECK(result.at("view_class") == "CounterView");
  CHECK(result.at("assigns").at("count") == 1);
  const auto received = h.server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "GET");
  CHECK(received[0].target == "/_djust/observability/view_assigns/?session_id=a%2Bb%26c%3Dd%2F%C3%A9%25");
  CHECK(received[0].params.find("session_id")->second == "a+b&c=d/\xC3\xA9%");
  CHECK(received[0].body.empty());
}

TEST_CASE("eval_handler: POST eval_handler/ with djust's body; dry_run keys only for a dry run") {
  struct Case {
    json arguments;
    json body;
  };
  const std::vector<Case> cases = {
      {{{"session_id", "s1"}, {"handler_name", "increment"}},
       {{"handler_name", "increment"}, {"params", json::object()}}},
      {{{"session_id", "s1"}, {"handler_name", "increment"}, {"dry_run_block", false}},
       {{"handler_name", "increment"}, {"params", json::object()}}},
      {{{"session_id", "s1"}, {"handler_name", "set_value"}, {"params", {{"value", "3"}}}, {"dry_run", false}},
       {{"handler_name", "set_value"}, {"params", {{"value", "3"}}}}},
      {{{"session_id", "s1"}, {"handler_name", "save"}, {"dry_run", true}},
       {{"handler_name", "save"}, {"params", json::object()}, {"dry_run", true}, {"dry_run_block", true}}},
      {{{"session_id", "s1"}, {"handler_name", "save"}, {"dry_run", true}, {"dry_run_block", false}},
       {{"handler_name", "save"}, {"params", json::object()}, {"dry_run", true}, {"dry_run_block", false}}},
  };
  for (const auto& c : cases) {
    Harness h;
    const json result = call_ok(h.registry, "eval_handler", c.arguments);
    CHECK(result.at("delta").at("change_count") == 1);
    const auto received = h.server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].method == "POST");
    CHECK(received[0].target == "/_djust/observability/eval_handler/?session_id=s1");
    CHECK(received[0].content_type == "application/json");
    CHECK(json::parse(received[0].body) == c.body);
    if (c.body.value("dry_run", false)) {
      CHECK(result.contains(c.body.at("dry_run_block") == true ? "blocked_side_effect" : "recorded_side_effects"));
    }
  }
}

TEST_CASE("eval_handler: params is an object, and the refusal of anything else names that type") {
  Harness h;
  // MCP Inspector 0.15 sends a JSON argument as a string unless the schema's top-level type is "object".
  const auto tool = h.registry.find_tool("eval_handler");
  REQUIRE(tool != nullptr);
  CHECK(tool->input_schema.at("properties").at("params").at("type") == "object");
  for (const json& params : {json("{\"value\": 3}"), json(nullptr), json::array()}) {
    const std::string error =
        call_error(h.registry, "eval_handler", {{"session_id", "s1"}, {"handler_name", "set"}, {"params", params}});
    CHECK(contains(error, "argument `params` must be of type object"));
    CHECK(contains(error, "params (object)"));
    CHECK_FALSE(contains(error, "(any)"));
  }
  CHECK(h.server.received().empty());
}

TEST_CASE("eval_handler: a name starting with '_' is refused before anything is sent") {
  Harness h;
  for (const char* name : {"_private", "__init__", "_"}) {
    const std::string error = call_error(h.registry, "eval_handler", {{"session_id", "s1"}, {"handler_name", name}});
    CHECK(contains(error, std::string("Refusing to call '") + name + "'"));
    CHECK(contains(error, "public @event_handler"));
  }
  // Not an identifier: the schema refuses it, also without a request.
  CHECK(contains(call_error(h.registry, "eval_handler", {{"session_id", "s1"}, {"handler_name", "self.save()"}}),
                 "handler_name"));
  CHECK(h.server.received().empty());
}

TEST_CASE("reset_view_state: POST reset_view_state/ without a body") {
  Harness h;
  const json result = call_ok(h.registry, "reset_view_state", {{"session_id", "s-9"}});
  CHECK(result.at("assigns_after_reset").at("count") == 0);
  const auto received = h.server.received();
  REQUIRE(received.size() == 1);
  CHECK(received[0].method == "POST");
  CHECK(received[0].target == "/_djust/observability/reset_view_state/?session_id=s-9");
  CHECK(received[0].body.empty());
}

TEST_CASE("readers: GET with their filters, defaults included and empty strings left out") {
  struct Case {
    std::string tool;
    json arguments;
    std::string target;
  };
  const std::vector<Case> cases = {
      {"get_handler_timings", json::object(), "/_djust/observability/handler_timings/?since_ms=0"},
      {"get_handler_timings",
       {{"handler_name", "increment"}, {"since_ms", 1767225600000LL}},
       "/_djust/observability/handler_timings/?handler_name=increment&since_ms=1767225600000"},
      {"get_sql_queries_since", json::object(), "/_djust/observability/sql_queries/?since_ms=0&limit=500"},
      {"get_sql_queries_since",
       {{"since_ms", 17}, {"session_id", "s-1"}, {"handler_name", "increment"}, {"limit", 20}},
       "/_djust/observability/sql_queries/?since_ms=17&session_id=s-1&handler_name=increment&limit=20"},
      {"get_sql_queries_since",
       {{"session_id", ""}, {"limit", 5.0}},
       "/_djust/observability/sql_queries/?since_ms=0&limit=5"},
      {"tail_server_log", json::object(), "/_djust/observability/log/?since_ms=0&level=INFO&limit=500"},
      {"tail_server_log",
       {{"level", "WARNING"}, {"limit", 1}, {"since_ms", 5}},
       "/_djust/observability/log/?since_ms=5&level=WARNING&limit=1"},
      // djust 1.1's own MCP server passes any case on; djust's log reader upper-cases it.
      {"tail_server_log", {{"level", "warning"}}, "/_djust/observability/log/?since_ms=0&level=warning&limit=500"},
      {"get_last_traceback", json::object(), "/_djust/observability/last_traceback/?n=1"},
      {"get_last_traceback", {{"n", 50}}, "/_djust/observability/last_traceback/?n=50"},
  };
  for (const auto& c : cases) {
    Harness h;
    call_ok(h.registry, c.tool, c.arguments);
    const auto received = h.server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].method == "GET");
    CHECK(received[0].target == c.target);
  }
}

TEST_CASE("readers: results carry djust's answer") {
  Harness h;
  CHECK(call_ok(h.registry, "get_handler_timings", json::object()).at("stats").at(0).at("p90_ms") == 8.0);
  const json queries = call_ok(h.registry, "get_sql_queries_since", {{"handler_name", "increment"}});
  CHECK(queries.at("session_id").is_null());
  CHECK(queries.at("handler_name") == "increment");
  CHECK(queries.at("entries").at(0).at("sql") == "UPDATE counter SET n = %s");
  CHECK(call_ok(h.registry, "tail_server_log", {{"level", "ERROR"}}).at("level") == "ERROR");
  CHECK(call_ok(h.registry, "get_last_traceback", {{"n", 3}}).at("count") == 3);
}

TEST_CASE("a URL with a path prefix puts the endpoints under it") {
  Harness h("/django");
  call_ok(h.registry, "get_last_traceback", json::object());
  REQUIRE(h.server.received().size() == 1);
  CHECK(h.server.received()[0].target == "/django/_djust/observability/last_traceback/?n=1");
}

TEST_CASE("arguments out of range are refused before anything is sent") {
  Harness h;
  const std::vector<std::pair<std::string, json>> bad = {
      {"get_view_assigns", json::object()},
      {"get_view_assigns", {{"session_id", ""}}},
      {"get_view_assigns", {{"session_id", "a b"}}},
      {"get_view_assigns", {{"session_id", "s"}, {"verbose", true}}},
      {"eval_handler", {{"session_id", "s"}}},
      {"eval_handler", {{"session_id", "s"}, {"handler_name", "go"}, {"params", json::array()}}},
      {"eval_handler", {{"session_id", "s"}, {"handler_name", "go"}, {"dry_run", "yes"}}},
      {"get_handler_timings", {{"since_ms", -1}}},
      {"get_sql_queries_since", {{"limit", 0}}},
      {"get_sql_queries_since", {{"limit", 501}}},
      {"get_sql_queries_since", {{"limit", 2.5}}},
      {"tail_server_log", {{"level", "TRACE"}}},
      {"get_last_traceback", {{"n", 0}}},
      {"get_last_traceback", {{"n", 51}}},
  };
  for (const auto& [tool, arguments] : bad) {
    CHECK(contains(call_error(h.registry, tool, arguments), "Correct the arguments and call it again."));
  }
  CHECK(h.server.received().empty());
}

TEST_CASE("dev server answers other than 200 become errors that say what to do") {
  struct Case {
    std::string endpoint;
    FakeDevServer::Scripted answer;
    std::vector<std::string> expected;
  };
  const std::string django_404 =
      "<html><head><title>Page not found at /_djust/observability/log/</title></head></html>";
  const std::vector<Case> cases = {
      {"log",
       {404, django_404, "text/html"},
       {"404: Page not found at", "include(\"djust.observability.urls\")", "urls.py"}},
      {"log", {405, "", ""}, {"answered 405", "not djust's observability endpoint"}},
      {"log",
       {500, "<html><head><title>TypeError at /_djust/observability/log/</title></head></html>", "text/html"},
       {"500: TypeError at", "internal error", "runserver console"}},
      {"log",
       {400, R"({"error": "nope", "hint": "Do this instead."})", "application/json"},
       {"400: nope", "Do this instead."}},
      {"log", {400, R"({"error": "nope"})", "application/json"}, {"400: nope", "correct the arguments"}},
      {"log",
       {403, "Observability endpoints are localhost-only.", "text/html"},
       {"403", "loopback", "--dev-server http://127.0.0.1:"}},
      {"log", {503, "", ""}, {"answered 503", "runserver console"}},
      {"log", {200, "<!doctype html><html>app</html>", "text/html"}, {"not djust's", "not JSON", "--dev-server"}},
      {"log", {200, "{\"count\": ", "application/json"}, {"not djust's", "not JSON"}},
      {"log", {200, R"({"count": 1, "entries": "none"})", "application/json"}, {"not in the shape", "/entries"}},
  };
  for (const auto& c : cases) {
    Harness h;
    h.server.script(c.endpoint, c.answer);
    const std::string error = call_error(h.registry, "tail_server_log", json::object());
    INFO(error);
    CHECK(contains(error, "GET " + h.server.url() + "/_djust/observability/log/?since_ms=0&level=INFO&limit=500"));
    for (const auto& part : c.expected) CHECK_MESSAGE(contains(error, part), part);
  }
}

TEST_CASE("djust's own 404s and 500s are told apart") {
  Harness h;
  // The session is not (or no longer) connected: djust's JSON 404.
  std::string error = call_error(h.registry, "get_view_assigns", {{"session_id", "gone"}});
  CHECK(contains(error, "404: no view registered for session gone"));
  CHECK(contains(error, "reload the page"));

  // The handler raised: djust's JSON 500.
  h.server.script("eval_handler", {500, R"({"error": "handler raised: ValueError: boom"})", "application/json"});
  error = call_error(h.registry, "eval_handler", {{"session_id", "s"}, {"handler_name", "go"}});
  CHECK(contains(error, "500: handler raised: ValueError: boom"));
  CHECK(contains(error, "get_last_traceback"));

  // reset on a view mounted before djust kept its mount arguments: djust's 409 with a hint.
  h.server.script("reset_view_state",
                  {409, R"({"error": "view was mounted before reset_view_state was wired", "hint": "Reconnect."})",
                   "application/json"});
  error = call_error(h.registry, "reset_view_state", {{"session_id", "s"}});
  CHECK(contains(error, "409: view was mounted before"));
  CHECK(contains(error, "Reconnect."));

  // DEBUG off (or a caller that is not loopback): an empty 404 from every endpoint.
  h.server.set_debug(false);
  for (const auto& name : {"get_last_traceback", "get_handler_timings"}) {
    error = call_error(h.registry, name, json::object());
    CHECK(contains(error, "answered 404 ("));
    CHECK(contains(error, "DEBUG is off"));
    CHECK(contains(error, "loopback"));
  }
}

TEST_CASE("nothing listening: the error says to start runserver") {
  RefusingPort port;
  const Registry registry = registry_for(port.url());
  for (const auto& name : {"get_last_traceback", "tail_server_log"}) {
    const std::string error = call_error(registry, name, json::object());
    CHECK(contains(error, "Could not reach the djust dev server"));
    CHECK(contains(error, "python manage.py runserver"));
    CHECK(contains(error, port.url()));
  }
}

TEST_CASE("a dev server that does not answer in time is an error, not a hang") {
  Harness h;
  h.server.hold("eval_handler");
  const auto started = std::chrono::steady_clock::now();
  const std::string error = call_error(h.registry, "eval_handler", {{"session_id", "s"}, {"handler_name", "slow"}});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  h.server.release();
  CHECK(contains(error, "did not answer in time"));
  CHECK(contains(error, "300 ms"));  // eval_handler's own, longer limit
  CHECK(contains(error, "debugger"));
  CHECK(elapsed >= kFast.eval_handler);
  CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("a cancelled call returns at once") {
  FakeDevServer server;
  const Registry registry = registry_for(
      server.url(), false, {.standard = std::chrono::seconds(30), .eval_handler = std::chrono::seconds(30)});
  server.hold("log");
  std::stop_source stop;
  ToolOutcome outcome;
  const auto started = std::chrono::steady_clock::now();
  std::thread caller([&] {
    CallContext context;
    context.stop = stop.get_token();
    outcome = registry.call(*registry.find_tool("tail_server_log"), json::object(), context);
  });
  server.wait_until_held_request_arrives();
  stop.request_stop();
  caller.join();
  server.release();
  CHECK(outcome.is_error);
  CHECK(contains(outcome.error, "cancelled"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("a remote or unusable dev server URL is refused without a request") {
  std::string error = call_error(registry_for("http://192.0.2.10:8000"), "get_view_assigns", {{"session_id", "s"}});
  CHECK(contains(error, "Refusing to contact the dev server at 'http://192.0.2.10:8000'"));
  CHECK(contains(error, "--allow-remote-dev-server"));

  // Allowed: it is tried (192.0.2.0/24 is reserved for documentation, so it fails on the network).
  error = call_error(registry_for("http://192.0.2.10:8000", true), "get_view_assigns", {{"session_id", "s"}});
  CHECK_FALSE(contains(error, "Refusing"));
  CHECK(contains(error, "GET http://192.0.2.10:8000/_djust/observability/view_assigns/?session_id=s"));

  const std::vector<std::pair<std::string, std::string>> unusable = {
      {"https://127.0.0.1:8000", "plain HTTP"},
      {"ftp://127.0.0.1", "only http://"},
      {"127.0.0.1:8000", "http://127.0.0.1:8000"},
      {"http://0.0.0.0:8000", "use 127.0.0.1"},
  };
  for (const auto& [url, expected] : unusable) {
    error = call_error(registry_for(url), "tail_server_log", json::object());
    CHECK(contains(error, "The dev server URL '" + url + "' cannot be used"));
    CHECK(contains(error, expected));
    CHECK(contains(error, "--dev-server"));
  }
}
