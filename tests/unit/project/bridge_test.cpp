#include "project/bridge.h"

#include <doctest/doctest.h>

#include "core/embedded.h"
#include "core/json_schema.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include "project/fixture_project.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using djust::project::Bridge;
using djust::project::bridge_method;
using djust::project::BridgeError;
using djust::project::BridgeMethod;
using djust::project::BridgeOptions;
using djust::project::summarize_python_failure;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

BridgeOptions fixture_options(std::chrono::milliseconds timeout = 60s, fs::path project = fixture_project_dir()) {
  return BridgeOptions{std::move(project), fixture_python(), timeout, "the fixture's interpreter"};
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const BridgeError& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> view_names(const json& list) {
  std::vector<std::string> names;
  for (const auto& v : list.at("views")) names.push_back(v.at("name"));
  return names;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// A copy of tests/fixtures (project and djust package side by side) that a test may change.
fs::path copy_fixtures(const TempDir& tmp) {
  fs::copy(fixtures_dir(), tmp.path() / "fixtures", fs::copy_options::recursive);
  return tmp.path() / "fixtures/project";
}

}  // namespace

TEST_CASE("bridge: summarize_python_failure names the exception and where it was raised") {
  const std::string traceback =
      "fixture settings loaded\n"
      "Traceback (most recent call last):\n"
      "  File \"/p/manage.py\", line 20, in <module>\n"
      "    main()\n"
      "  File \"/p/site/settings.py\", line 7, in <module>\n"
      "    import nope\n"
      "ModuleNotFoundError: No module named 'nope'\n";
  // Frames in Python's library and installed packages are not where the project went wrong.
  const std::string library_frames =
      "Traceback (most recent call last):\n  File \"/p/manage.py\", line 16, in main\n"
      "  File \"/usr/lib/python3/dist-packages/django/apps/config.py\", line 224, in create\n"
      "  File \"<frozen importlib._bootstrap>\", line 1142, in _find_and_load_unlocked\n"
      "ModuleNotFoundError: No module named 'x'\n";
  CHECK(summarize_python_failure(library_frames)
            .starts_with("ModuleNotFoundError: No module named 'x' (at /p/manage.py, line 16)"));
  const auto summary = summarize_python_failure(traceback);
  CHECK(summary.starts_with("ModuleNotFoundError: No module named 'nope' (at /p/site/settings.py, line 7)\n"));
  CHECK(summary.find("Last lines of its output:\n  fixture settings loaded\n") != std::string::npos);

  const auto syntax = summarize_python_failure(
      "Traceback (most recent call last):\n  File \"/p/manage.py\", line 3, in <module>\n"
      "  File \"/p/site/settings.py\", line 2\n    x = (\n        ^\nSyntaxError: '(' was never closed\n");
  CHECK(syntax.starts_with("SyntaxError: '(' was never closed (at /p/site/settings.py, line 2)"));

  CHECK(summarize_python_failure("") == "It printed nothing.");
  CHECK(summarize_python_failure("Unknown command: 'shell'\n") ==
        "Last lines of its output:\n  Unknown command: 'shell'");
}

TEST_CASE("bridge: starts once, stays warm, and reports the project") {
  REQUIRE_FIXTURE_PYTHON();
  Bridge bridge(fixture_options());
  const json info = bridge.info();
  CHECK(info.at("settings") == "fixture_project.settings");
  CHECK(info.at("djust") == "1.1.0");
  CHECK(info.at("views").get<int>() >= 10);
  CHECK(info.at("import_errors").empty());
  for (int i = 0; i < 3; ++i)
    CHECK(contains(view_names(bridge.request(bridge_method("list_views"), json::object())), "CounterView"));
  CHECK(bridge.starts() == 1);
  // A method the contract does not declare is refused before anything is sent ...
  CHECK_THROWS_WITH_AS(bridge_method("no_such_method"),
                       doctest::Contains("declares no bridge method 'no_such_method'; it declares list_views"),
                       std::invalid_argument);
  // ... and one the bridge does not know is an error from the bridge.
  const BridgeMethod unknown{.name = "no_such_method", .description = "", .params = {}, .reply = {}};
  CHECK(error_of([&] { bridge.request(unknown, json::object()); }).find("unknown bridge method") != std::string::npos);
  CHECK(bridge.starts() == 1);  // a refused request leaves the bridge running
}

TEST_CASE("bridge: restarts when the project's .py files change, and only then") {
  REQUIRE_FIXTURE_PYTHON();
  TempDir tmp;
  const fs::path project = copy_fixtures(tmp);
  Bridge bridge(fixture_options(60s, project));
  CHECK_FALSE(contains(view_names(bridge.request(bridge_method("list_views"), json::object())), "NewsView"));
  std::ofstream(project / "templates/shop/counter.html") << "<div dj-view dj-root>changed</div>";
  bridge.request(bridge_method("list_views"), json::object());
  CHECK(bridge.starts() == 1);

  std::ofstream(project / "djust_blog/live/news.py")
      << "from djust import LiveView\n\n\nclass NewsView(LiveView):\n    template_name = 'news.html'\n";
  CHECK(contains(view_names(bridge.request(bridge_method("list_views"), json::object())), "NewsView"));
  CHECK(bridge.starts() == 2);
}

TEST_CASE("bridge: a project that fails to load is an error with the Python failure summarised") {
  REQUIRE_FIXTURE_PYTHON();
  SUBCASE("missing package, selected through DJANGO_SETTINGS_MODULE") {
    ScopedEnv broken("DJANGO_SETTINGS_MODULE", "fixture_project.settings_broken");
    Bridge bridge(fixture_options());
    const auto message = error_of([&] { bridge.info(); });
    CHECK(message.find("The Django project could not be loaded") != std::string::npos);
    CHECK(message.find("ModuleNotFoundError: No module named 'a_package_that_is_not_installed'") != std::string::npos);
  }
  SUBCASE("syntax error in settings") {
    TempDir tmp;
    tmp.write("manage.py",
              "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_settings')\n"
              "from django.core.management import execute_from_command_line\n"
              "execute_from_command_line(sys.argv)\n");
    tmp.write("site_settings.py", "SECRET_KEY = 'x'\nINSTALLED_APPS = [\n");
    Bridge bridge(fixture_options(60s, tmp.path()));
    const auto message = error_of([&] { bridge.info(); });
    CHECK(message.find("SyntaxError") != std::string::npos);
    CHECK(message.find("site_settings.py, line 2") != std::string::npos);
  }
}

TEST_CASE("bridge: a slow start is stopped at the timeout, and the next call starts afresh") {
  REQUIRE_FIXTURE_PYTHON();
  Bridge bridge(fixture_options(1500ms));
  {
    ScopedEnv slow("DJUST_FIXTURE_IMPORT_DELAY", "30");
    const auto started = std::chrono::steady_clock::now();
    const auto message = error_of([&] { bridge.info(); });
    CHECK(std::chrono::steady_clock::now() - started < 10s);
    CHECK(message.find("Timed out after 1.5 s while loading the project (python manage.py shell)") !=
          std::string::npos);
    CHECK(message.find("--bridge-timeout") != std::string::npos);
  }
  // Django alone may need more than 1.5 s on a busy machine: a fresh bridge with room to start.
  Bridge fresh(fixture_options(60s));
  CHECK(fresh.info().at("views").get<int>() > 0);
}

TEST_CASE("bridge: a slow request is stopped at the timeout or when cancelled") {
  REQUIRE_FIXTURE_PYTHON();
  ScopedEnv slow("DJUST_FIXTURE_CHECK_DELAY", "30");
  Bridge bridge(fixture_options(6s));
  bridge.info();

  std::stop_source cancel;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(300ms);
    cancel.request_stop();
  });
  auto started = std::chrono::steady_clock::now();
  auto message = error_of([&] { bridge.request(bridge_method("checks"), {{"scope", "all"}}, cancel.get_token()); });
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK(message.find("cancelled") != std::string::npos);

  started = std::chrono::steady_clock::now();
  message = error_of([&] { bridge.request(bridge_method("checks"), {{"scope", "all"}}); });
  CHECK(std::chrono::steady_clock::now() - started < 15s);
  CHECK(message.find("Timed out after 6 s while answering checks") != std::string::npos);

  // Only the slow check is slow: djust's checks still answer, from a new process.
  CHECK(bridge.request(bridge_method("checks"), {{"scope", "djust"}}).at("checks").size() > 0);
  CHECK(bridge.starts() == 3);
}

TEST_CASE("bridge: callers take turns, and a waiting caller can be cancelled") {
  REQUIRE_FIXTURE_PYTHON();
  ScopedEnv slow("DJUST_FIXTURE_CHECK_DELAY", "2");
  Bridge bridge(fixture_options());
  bridge.info();
  std::jthread busy([&] {
    try {
      bridge.request(bridge_method("checks"), {{"scope", "all"}});
    } catch (const BridgeError&) {
    }
  });
  std::this_thread::sleep_for(200ms);
  std::stop_source cancel;
  cancel.request_stop();
  const auto started = std::chrono::steady_clock::now();
  CHECK(error_of([&] {
          bridge.request(bridge_method("list_views"), json::object(), cancel.get_token());
        }).find("cancelled") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < 1s);
  const json views = bridge.request(bridge_method("list_views"), json::object());  // waits for its turn
  CHECK(views.at("count").get<int>() > 0);
}

TEST_CASE("bridge contract: djust_bridge.py's METHODS and data/bridge/contract.json name the same methods") {
  const auto script = djust::core::embedded_file("data/bridge/djust_bridge.py");
  REQUIRE(script);
  TempDir tmp;
  std::ofstream(tmp.path() / "djust_bridge.py") << *script;
  // The script imports nothing outside the standard library until a request comes.
  djust::core::SubprocessOptions list;
  list.argv = {"python3", "-c",
               "import json, sys; g = {'__name__': 'djust_mcp_bridge'}; "
               "exec(compile(open(sys.argv[1]).read(), 'djust_bridge.py', 'exec'), g); "
               "print('METHODS=' + json.dumps(sorted(g['METHODS'])))",
               (tmp.path() / "djust_bridge.py").string()};
  const auto run = djust::core::run_subprocess(list, 60s);
  REQUIRE_MESSAGE(run.status.code == 0, run.output);
  const auto at = run.output.find("METHODS=");
  REQUIRE(at != std::string::npos);
  const auto python = json::parse(run.output.substr(at + 8)).get<std::vector<std::string>>();
  std::vector<std::string> contract;
  for (const auto& method : djust::project::bridge_methods()) contract.push_back(method.name);
  std::sort(contract.begin(), contract.end());
  for (const auto& name : python) CHECK_MESSAGE(contains(contract, name), name << " is in METHODS only");
  for (const auto& name : contract) CHECK_MESSAGE(contains(python, name), name << " is in the contract only");
}

TEST_CASE("bridge contract: every method's schemas are self-contained and of our subset") {
  for (const auto& method : djust::project::bridge_methods()) {
    INFO(method.name);
    CHECK_FALSE(method.description.empty());
    for (const json* schema : {&method.params, &method.reply}) {
      CHECK(schema->at("type") == "object");
      CHECK(djust::core::unsupported_schema_keywords(*schema).empty());
      CHECK(schema->dump().find("$ref") == std::string::npos);
    }
  }
}

TEST_CASE("bridge contract: the fixture project's replies to every method conform (seed: see seed_fixtures)") {
  REQUIRE_FIXTURE_PYTHON();
  // What each method is asked here; seed writes to a migrated database, so project_tools_test's
  // seed_fixtures test asks it (through this same Bridge, which checks every reply).
  const std::map<std::string, json> asked = {{"list_views", json::object()},
                                             {"list_components", json::object()},
                                             {"list_routes", json::object()},
                                             {"view_schema", {{"view_name", "CounterView"}}},
                                             {"checks", {{"scope", "all"}, {"deploy", true}}},
                                             {"audit", json::object()},
                                             {"api_operations", {{"admin", true}}},
                                             {"api_call", {{"id", "GET /api/ping/"}}},

                                             {"installed_djust", {{"names", {"djust.decorators.event_handler"}}}}};
  Bridge bridge(fixture_options());
  for (const auto& method : djust::project::bridge_methods()) {
    INFO(method.name);
    if (method.name == "seed") continue;
    const auto params = asked.find(method.name);
    REQUIRE_MESSAGE(params != asked.end(), "add " << method.name << " to this test");
    json reply;
    CHECK_NOTHROW(reply = bridge.request(method, params->second));
    CHECK(djust::core::validate_json(method.reply, reply).empty());  // request() checked it too
  }
}

TEST_CASE("bridge contract: a reply or params it does not allow is a clear error, not a crash") {
  REQUIRE_FIXTURE_PYTHON();
  Bridge bridge(fixture_options());
  // The real list_views answers with views; a contract that allowed none must refuse the reply.
  BridgeMethod stricter = bridge_method("list_views");
  stricter.reply["properties"]["views"]["maxItems"] = 0;
  const std::string message = error_of([&] { bridge.request(stricter, json::object()); });
  CHECK(message.find("sent a result of list_views that data/bridge/contract.json does not allow, at /views: must "
                     "have at most 0 items") != std::string::npos);
  CHECK(message.find("bug in djust-mcp") != std::string::npos);
  CHECK(bridge.starts() == 1);  // the bridge itself is fine
  CHECK(view_names(bridge.request(bridge_method("list_views"), json::object())).size() > 0);

  CHECK_THROWS_WITH_AS(bridge.request(bridge_method("view_schema"), json::object()),
                       doctest::Contains("parameters for the bridge method view_schema that "
                                         "data/bridge/contract.json does not allow, at /: "),
                       std::invalid_argument);
}
