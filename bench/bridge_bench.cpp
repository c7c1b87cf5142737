// Measures the project tools' bridge into a Django project: the first call of a fresh bridge
// (python manage.py shell, loading the project, answering), warm calls through the tool
// registry, and, for comparison, a fresh `python manage.py shell -c pass` per call, the least
// any process-per-call design pays before doing any work. With WORK_DIR, also the first call on
// a copy of the project with one more app of 1,000 modules (discovery imports every module).
// Usage: djust-bridge-bench PROJECT_DIR PYTHON [RUNS] [WORK_DIR]
#include "app/tool_families.h"
#include "core/subprocess.h"
#include "registry/registry.h"

#include "bench_table.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using bench::Clock;
using bench::ms_since;
using bench::row;
using bench::Stats;
using bench::stats;
using nlohmann::json;

// Calls a tool and returns its wall time in ms; a failed call ends the benchmark.
double timed_call(const djust::registry::Registry& registry, const std::string& name, const json& arguments) {
  const auto tool = registry.find_tool(name);
  if (!tool) throw std::runtime_error("no tool " + name);
  djust::registry::CallContext context;
  const auto start = Clock::now();
  const auto outcome = registry.call(*tool, arguments, context);
  const double ms = ms_since(start);
  if (outcome.is_error) throw std::runtime_error(name + " failed: " + outcome.error);
  return ms;
}

// A copy of the fixture project (and the djust-compatible package its manage.py puts on the
// path) with an app `bulk` of 10 packages x 100 modules, one LiveView each; its settings module
// is selected through DJANGO_SETTINGS_MODULE, which manage.py honours.
std::filesystem::path make_bulk_project(const std::filesystem::path& fixture, const std::filesystem::path& work) {
  namespace fs = std::filesystem;
  const fs::path project = work / "project";
  fs::remove_all(work / "project");
  fs::copy(fixture, project, fs::copy_options::recursive);
  fs::copy(fixture.parent_path() / "djust_compat", work / "djust_compat",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  const auto write = [](const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
  };
  write(project / "bulk_settings.py",
        "from fixture_project.settings import *  # noqa\nINSTALLED_APPS = INSTALLED_APPS + [\"bulk\"]\n");
  write(project / "bulk/__init__.py", "");
  for (int package = 0; package < 10; ++package) {
    const fs::path folder = project / "bulk" / ("area" + std::to_string(package));
    write(folder / "__init__.py", "");
    for (int module = 0; module < 100; ++module) {
      const std::string name = "Panel" + std::to_string(package) + "x" + std::to_string(module) + "View";
      write(folder / ("panel_" + std::to_string(module) + ".py"),
            "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass " + name +
                "(LiveView):\n    template_name = \"bulk/panel.html\"\n\n    @event_handler\n    def refresh(self, "
                "**kwargs):\n        self.fresh = True\n");
    }
  }
  return project;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: djust-bridge-bench PROJECT_DIR PYTHON [RUNS]\n";
    return 2;
  }
  djust::tools::ToolOptions options;
  options.project_dir = argv[1];
  options.python = argv[2];
  const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 10;
  constexpr int kWarmCalls = 30;
  std::vector<double> cold;
  std::vector<double> fresh;
  std::vector<double> warm_views;
  std::vector<double> warm_schema;
  std::vector<double> warm_checks;
  std::vector<double> bulk_cold;
  try {
    if (argc > 4) {
      const auto bulk = make_bulk_project(argv[1], argv[4]);
      setenv("DJANGO_SETTINGS_MODULE", "bulk_settings", 1);
      djust::tools::ToolOptions bulk_options = options;
      bulk_options.project_dir = bulk;
      for (int run = 0; run < std::min(runs, 3); ++run)
        bulk_cold.push_back(timed_call(djust::app::build_registry(bulk_options), "list_views", json::object()));
      unsetenv("DJANGO_SETTINGS_MODULE");
    }
    for (int run = 0; run < runs; ++run) {
      const auto registry = djust::app::build_registry(options);
      cold.push_back(timed_call(registry, "list_views", json::object()));
      for (int i = 0; i < kWarmCalls; ++i) {
        warm_views.push_back(timed_call(registry, "list_views", json::object()));
        warm_schema.push_back(timed_call(registry, "get_view_schema", {{"view_name", "CounterView"}}));
        warm_checks.push_back(timed_call(registry, "run_system_checks", json::object()));
      }
      djust::core::SubprocessOptions shell;
      shell.argv = {argv[2], "manage.py", "shell", "-c", "pass"};
      shell.cwd = argv[1];
      const auto start = Clock::now();
      const auto result = djust::core::run_subprocess(shell, std::chrono::seconds(120));
      if (result.status.code != 0) throw std::runtime_error("manage.py shell failed:\n" + result.output);
      fresh.push_back(ms_since(start));
    }
  } catch (const std::exception& e) {
    std::cerr << "djust-bridge-bench: " << e.what() << "\n";
    return 1;
  }
  std::printf("djust-mcp bridge benchmark: %d fresh bridges, %d warm calls of each tool per bridge\n\n", runs,
              kWarmCalls);
  bench::header();
  const Stats c = stats(cold);
  const Stats f = stats(fresh);
  const Stats v = stats(warm_views);
  const Stats s = stats(warm_schema);
  const Stats k = stats(warm_checks);
  row("cold: start bridge + first list_views", c, "ms", "-", true);
  if (!bulk_cold.empty()) row("cold, project with 1,000 more modules", stats(bulk_cold), "ms", "-", true);
  row("fresh `manage.py shell -c pass` per call", f, "ms", "-", true);
  row("warm list_views", v, "ms", "<= 15", v.median <= 15);
  row("warm get_view_schema", s, "ms", "<= 15", s.median <= 15);
  row("warm run_system_checks", k, "ms", "<= 15", k.median <= 15);
  const double slowest_warm = std::max({v.median, s.median, k.median});
  const Stats ratio{f.median / slowest_warm, f.min / slowest_warm, f.max / slowest_warm};
  row("fresh process / slowest warm call (x)", ratio, "x", ">= 20", ratio.median >= 20);
  return 0;
}
