// validate_view and validate_template on code passed as an argument: when `filename` names a file
// of the server's project, the code is checked as that file with the rest of the project (bases in
// other modules, templates linked to their views), finding exactly what `djust-mcp validate`
// finds on disk; on its own, classes it cannot judge are named and the result is not clean.
#include "lint/engine.h"
#include "lint/formats/formats.h"
#include "temp_dir.h"
#include "tools/validate_tools.h"

#include <doctest/doctest.h>

namespace fs = std::filesystem;
using djust::registry::json;

namespace {

const char* kBase = R"(from djust import LiveView


class BaseViewWithNavbar(LiveView):
    pass
)";

// A handler without **kwargs (V007) in a view whose base is in another module.
const char* kCounter = R"(from djust.decorators import event_handler

from app.base import BaseViewWithNavbar


class CounterView(BaseViewWithNavbar):
    template_name = "app/counter.html"

    @event_handler
    def increment(self):
        pass
)";

const char* kPage = "<div dj-root><button dj-click=\"increment\">+</button></div>\n";
const char* kMisspelledPage = "<div dj-root><button dj-click=\"incremnt\">+</button></div>\n";

struct Project {
  TempDir dir;
  djust::tools::ToolOptions options;
  std::vector<djust::registry::Tool> tools;

  Project() {
    dir.write("manage.py", "");
    dir.write("app/__init__.py", "");
    dir.write("app/base.py", kBase);
    dir.write("app/views.py", "x = 1\n");  // the code under test is passed as an argument
    dir.write("app/templates/app/counter.html", kPage);
    options.project_dir = dir.path();
    tools = djust::tools::validate_tools(options);
  }

  json call(const std::string& name, json args) {
    for (const auto& tool : tools) {
      if (tool.name != name) continue;
      djust::registry::CallContext context;
      return tool.handler(args, context);
    }
    FAIL("no tool " << name);
    return {};
  }

  // What `djust-mcp validate` reports for the file on disk holding `content`.
  json on_disk(const std::string& relative, const std::string& content) {
    dir.write(relative, content);
    djust::lint::LintOptions lint;
    lint.project_root = dir.path();
    const auto result = djust::lint::lint_files({{dir.path() / relative, relative}}, lint, 1).front();
    json findings = json::array();
    for (const auto& f : result.findings) findings.push_back(djust::lint::finding_to_json(f));
    return findings;
  }
};

std::vector<std::string> rule_ids(const json& result) {
  std::vector<std::string> ids;
  for (const auto& f : result.at("findings")) ids.push_back(f.at("id").get<std::string>());
  return ids;
}

}  // namespace

TEST_CASE("validate_view checks code as its project file: a base class from another module is known") {
  Project project;
  const json result = project.call("validate_view", {{"code", kCounter}, {"filename", "app/views.py"}});
  CHECK(result["in_project"] == true);
  CHECK(result["clean"] == false);
  CHECK(rule_ids(result) == std::vector<std::string>{"V007"});
  CHECK(result["findings"][0]["line"] == 10);
  CHECK_FALSE(result.contains("unjudged_classes"));
  CHECK(result["findings"] == project.on_disk("app/views.py", kCounter));
}

TEST_CASE("validate_view without the project names the classes it could not judge and is not clean") {
  Project project;
  const json result = project.call("validate_view", {{"code", kCounter}});
  CHECK(result["in_project"] == false);
  CHECK(result["findings"] == json::array());
  CHECK(result["clean"] == false);
  CHECK(result["unjudged_classes"] == json::array({"CounterView"}));
  CHECK(result["note"].get<std::string>().find("Not judged: CounterView") != std::string::npos);

  // A name outside the project is checked on its own too.
  const json outside = project.call("validate_view", {{"code", kCounter}, {"filename", "../elsewhere/views.py"}});
  CHECK(outside["in_project"] == false);
  CHECK(outside["unjudged_classes"] == json::array({"CounterView"}));

  // Nothing to judge: clean as before.
  const json plain = project.call("validate_view", {{"code", "x = 1\n"}});
  CHECK(plain["clean"] == true);
  CHECK_FALSE(plain.contains("unjudged_classes"));
}

TEST_CASE("validate_template checks a template's handler calls against the project's views that render it") {
  Project project;
  project.dir.write("app/views.py", kCounter);
  const json args = {{"code", kMisspelledPage}, {"filename", "app/templates/app/counter.html"}};
  const json result = project.call("validate_template", args);
  CHECK(result["in_project"] == true);
  CHECK(rule_ids(result) == std::vector<std::string>{"DJ105"});
  CHECK(result["findings"][0]["message"].get<std::string>().find("'increment'") != std::string::npos);
  CHECK(result["findings"] == project.on_disk("app/templates/app/counter.html", kMisspelledPage));
  // The file on disk now holds the misspelling; the code given is what counts.
  const json fixed =
      project.call("validate_template", {{"code", kPage}, {"filename", "app/templates/app/counter.html"}});
  CHECK(fixed["clean"] == true);

  const json alone = project.call("validate_template", {{"code", kMisspelledPage}});
  CHECK(alone["in_project"] == false);
  CHECK(alone["findings"] == json::array());
  CHECK(alone["note"].get<std::string>().find("not checked against the views") != std::string::npos);
}

TEST_CASE("validate_view in a project reuses the warm index between calls") {
  Project project;
  const json args = {{"code", kCounter}, {"filename", "app/views.py"}};
  auto& store = project.options.warm_index->project(fs::canonical(project.dir.path()));
  const json first = project.call("validate_view", args);
  const auto cold_misses = store.counts().misses;
  CHECK(cold_misses > 0);
  const json second = project.call("validate_view", args);
  CHECK(second == first);
  CHECK(store.counts().misses == cold_misses);
}
