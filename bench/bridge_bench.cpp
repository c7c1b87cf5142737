// Measures the project tools' bridge into a Django project: the first call of a fresh bridge
// (python manage.py shell, loading the project, answering), warm calls through the tool
// registry, and, for comparison, a fresh `python manage.py shell -c pass` per call, the least
// any process-per-call design pays before doing any work.
// Usage: djust-bridge-bench PROJECT_DIR PYTHON [RUNS]
#include "core/subprocess.h"
#include "registry/registry.h"

#include "bench_table.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
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
  const auto* tool = registry.find_tool(name);
  if (!tool) throw std::runtime_error("no tool " + name);
  djust::registry::CallContext context;
  const auto start = Clock::now();
  const auto outcome = registry.call(*tool, arguments, context);
  const double ms = ms_since(start);
  if (outcome.is_error) throw std::runtime_error(name + " failed: " + outcome.error);
  return ms;
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
  try {
    for (int run = 0; run < runs; ++run) {
      const auto registry = djust::registry::Registry::build(options);
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
  row("fresh `manage.py shell -c pass` per call", f, "ms", "-", true);
  row("warm list_views", v, "ms", "<= 15", v.median <= 15);
  row("warm get_view_schema", s, "ms", "<= 15", s.median <= 15);
  row("warm run_system_checks", k, "ms", "<= 15", k.median <= 15);
  const double slowest_warm = std::max({v.median, s.median, k.median});
  const Stats ratio{f.median / slowest_warm, f.min / slowest_warm, f.max / slowest_warm};
  row("fresh process / slowest warm call (x)", ratio, "x", ">= 20", ratio.median >= 20);
  return 0;
}
