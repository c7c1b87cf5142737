// Measures the project's own API tools (tools/api_tools.h) on tests/fixtures/api_bulk: an app of
// 100 models, each with a ModelAdmin (and an admin action) and two router ViewSets, 200 in all. It
// reports the discovery at server start (a fresh bridge: Python, Django, the URLconf and the admin,
// to the first tools/list), what auto makes of it (the gateway, and the cost of tools/list), and the
// warm overhead of a list call against the same view called with DRF's APIClient inside one Python
// process. The e2e test tests/e2e/api_scale.test.mjs holds the same project to the budget.
// Usage: djust-api-bench FIXTURE_DIR PYTHON WORK_DIR [RUNS]
#include "app/tool_families.h"
#include "core/subprocess.h"
#include "registry/registry.h"
#include "tools/api_tools.h"
#include "tools/tool_options.h"

#include "bench_table.h"

#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using bench::Clock;
using bench::ms_since;
using bench::row;
using bench::stats;
using nlohmann::json;

// Each a fresh registry, so a fresh bridge: the first tools/list of a server that just started.
constexpr int kColdRuns = 5;

// Runs manage.py in `project` with the bench's database ($DJUST_API_DB); throws on failure.
std::string manage(const fs::path& project, const std::string& python, const std::vector<std::string>& args) {
  djust::core::SubprocessOptions options;
  options.argv = {python, "manage.py"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = project;
  const auto result = djust::core::run_subprocess(options, std::chrono::minutes(5));
  if (result.status.code != 0) throw std::runtime_error("manage.py failed: " + result.output);
  return result.output;
}

// CPU time used so far by this process and by its children that ended (the bridges), in ms.
double cpu_ms() {
  double total = 0;
  for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage usage{};
    ::getrusage(who, &usage);
    for (const timeval& t : {usage.ru_utime, usage.ru_stime})
      total += double(t.tv_sec) * 1000 + double(t.tv_usec) / 1000;
  }
  return total;
}

djust::tools::ToolOptions options_for(const fs::path& project, const std::string& python) {
  djust::tools::ToolOptions options;
  options.project_dir = project;
  options.python = python;
  options.api.admin = true;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: djust-api-bench FIXTURE_DIR PYTHON WORK_DIR [RUNS]\n";
    return 2;
  }
  const fs::path fixture = argv[1];
  const std::string python = argv[2];
  const fs::path work = argv[3];
  const int runs = argc > 4 ? std::atoi(argv[4]) : 50;
  try {
    // A copy, whose database setup_data.py creates: the source tree stays as it is.
    const fs::path project = work / "api_bulk";
    fs::remove_all(project);
    fs::create_directories(work);
    fs::copy(fixture, project, fs::copy_options::recursive);
    ::setenv("DJUST_API_DB", (project / "db.sqlite3").c_str(), 1);
    manage(project, python, {"shell", "-c", "exec(open('setup_data.py').read())"});

    std::vector<double> discovery;
    std::vector<double> discovery_cpu;
    std::vector<double> api_tools;
    std::vector<double> api_tokens;
    for (int i = 0; i < kColdRuns; ++i) {
      const double cpu_before = cpu_ms();
      {
        const auto start = Clock::now();
        const auto registry = djust::app::build_registry(options_for(project, python));
        const auto tools = registry.tools();  // a fresh bridge: Python, Django, URLconf, admin
        discovery.push_back(ms_since(start));
        std::size_t names = 0;
        std::size_t tokens = 0;
        for (const auto& tool : tools) {
          if (!tool.name.starts_with("api_")) continue;
          tokens += djust::tools::tool_tokens(tool);
          ++names;
        }
        api_tools.push_back(double(names));
        api_tokens.push_back(double(tokens));
      }  // the bridge ends with the tools: its CPU time counts from here on
      discovery_cpu.push_back(cpu_ms() - cpu_before);
    }
    const auto registry = djust::app::build_registry(options_for(project, python));
    const auto call = registry.find_tool("api_call_endpoint");
    if (!call) throw std::runtime_error("auto did not switch to the gateway");
    std::string counts;
    for (const std::string kind : {"drf", "admin"}) {
      djust::registry::CallContext context;
      const auto found = registry.call(*registry.find_tool("api_search_endpoints"), {{"kind", kind}}, context);
      if (found.is_error) throw std::runtime_error(found.error);
      counts += (counts.empty() ? "" : ", ") + found.structured.at("count").dump() + " " + kind;
    }
    std::cout << "Project API tools: " << fixture.filename().string() << " (" << counts << " endpoints), discovery in "
              << kColdRuns << " cold starts\n";
    bench::header();
    const auto cold = stats(discovery);
    row("discovery at start, cold: first tools/list", cold, "ms", "<= 1000", cold.median <= 1000);
    // Less sensitive to the machine's load than the time it took.
    row("  its CPU time (djust-mcp and Python)", stats(discovery_cpu), "ms", "-", true);
    const auto emitted = stats(api_tools);
    row("auto: API tools emitted (the gateway)", emitted, "tools", "3", emitted.max == 3 && emitted.min == 3);
    const auto cost = stats(api_tokens);
    row("auto: their definitions", cost, "tok", "<= 8000", cost.max <= 8000);

    const json arguments = {{"name", "api_thing0_list"}, {"arguments", json::object()}};
    std::vector<double> ours;
    for (int i = 0; i < runs + 1; ++i) {
      djust::registry::CallContext context;
      const auto at = Clock::now();
      const auto outcome = registry.call(*call, arguments, context);
      if (outcome.is_error) throw std::runtime_error(outcome.error);
      if (i > 0) ours.push_back(ms_since(at));  // the first call starts the bridge and warms the view
    }
    const auto warm = stats(ours);
    row("warm list call through djust-mcp", warm, "ms", "-", true);

    const std::string client =
        "import time, statistics\nfrom rest_framework.test import APIClient\nc = APIClient()\n"
        "c.get('/api/bulk/thing0/')\nt = []\nfor i in range(" +
        std::to_string(runs) +
        "):\n    s = time.perf_counter(); r = c.get('/api/bulk/thing0/'); t.append((time.perf_counter() - s) * 1000)\n"
        "    assert r.status_code == 200\nprint('%.3f' % statistics.median(t))\n";
    const double in_process = std::stod(manage(project, python, {"shell", "-c", client}));
    row("the same with DRF's APIClient in one process", stats({in_process}), "ms", "-", true);
    const double overhead = warm.median - in_process;
    row("overhead per call (medians)", stats({overhead}), "ms", "<= 3", overhead <= 3);
  } catch (const std::exception& e) {
    std::cerr << "djust-api-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
