// find_handlers_for_template in one server session: the second call takes the facts of unchanged
// files from the warm index instead of parsing the project again, and still sees every edit.
#include "temp_dir.h"
#include "tools/template_tools.h"

#include <doctest/doctest.h>

#include <chrono>

namespace fs = std::filesystem;
using djust::registry::CallContext;
using djust::registry::json;

namespace {

const char* kView = R"(from djust import LiveView
from djust.decorators import event_handler


class ListView(LiveView):
    template_name = "shop/list.html"

    @event_handler
    def remove(self, item_id: int = 0, **kwargs):
        pass
)";

}  // namespace

TEST_CASE("find_handlers_for_template reuses the facts of unchanged files between calls") {
  TempDir project;
  project.write("manage.py", "");
  project.write("shop/views.py", kView);
  const fs::path page =
      project.write("shop/templates/shop/list.html", "<div dj-root><button dj-click=\"remove\">x</button></div>\n");
  project.write("shop/other.py", "class Unrelated:\n    pass\n");
  // Checked out a while ago: stat alone shows the files unchanged.
  for (const auto& entry : fs::recursive_directory_iterator(project.path()))
    if (entry.is_regular_file())
      fs::last_write_time(entry.path(), fs::file_time_type::clock::now() - std::chrono::hours(1));

  djust::tools::ToolOptions options;
  options.project_dir = project.path();
  const auto tool = djust::tools::template_tools(options).front();
  REQUIRE(tool.name == "find_handlers_for_template");
  auto call = [&] {
    CallContext context;
    return tool.handler(json{{"template_path", "shop/templates/shop/list.html"}}, context);
  };
  auto& store = options.warm_index->project(fs::canonical(project.path()));

  const json first = call();
  CHECK(first["missing_handlers"] == json::array());
  CHECK(store.counts().hits == 0);
  const auto cold_misses = store.counts().misses;

  const json second = call();
  CHECK(second == first);
  CHECK(store.counts().unread == 4);  // every file, none read again
  CHECK(store.counts().misses == cold_misses);

  // An edit is seen on the next call; only that file is parsed again.
  std::ofstream(page) << "<div dj-root><button dj-click=\"remove_all\">x</button></div>\n";
  const json third = call();
  CHECK(third["missing_handlers"] == json::array({"remove_all"}));
  CHECK(store.counts().misses == cold_misses + 1);
}

TEST_CASE("find_handlers_for_template takes a template's loader name and suggests one for a near miss") {
  TempDir project;
  project.write("manage.py", "");
  project.write("shop/views.py", kView);
  project.write("shop/templates/shop/list.html", "<div dj-root><button dj-click=\"remove\">x</button></div>\n");
  djust::tools::ToolOptions options;
  options.project_dir = project.path();
  const auto tool = djust::tools::template_tools(options).front();
  auto call = [&](const std::string& path) {
    CallContext context;
    return tool.handler(json{{"template_path", path}}, context);
  };
  const json by_name = call("shop/list.html");
  CHECK(by_name["template"] == "shop/templates/shop/list.html");
  CHECK(by_name["views"].size() == 1);
  CHECK(by_name == call("shop/templates/shop/list.html"));
  CHECK_THROWS_WITH_AS(call("shop/lst.html"), doctest::Contains("Did you mean 'shop/list.html'?"),
                       djust::registry::ToolError);
}
