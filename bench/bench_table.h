#pragma once
// Shared by the benchmark programs: timing, median/min/max, and the rows of the printed table.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
  double median, min, max;
};

inline Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const double median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  return {median, v.front(), v.back()};
}

inline void row(const std::string& name, const Stats& s, const std::string& unit, const std::string& target, bool met) {
  std::printf("| %-46s | %10.3f | %10.3f | %10.3f | %-5s | %-10s | %-4s |\n", name.c_str(), s.median, s.min, s.max,
              unit.c_str(), target.c_str(), met ? "yes" : "NO");
}

inline void header() {
  std::printf("| %-46s | %10s | %10s | %10s | %-5s | %-10s | %-4s |\n", "measure", "median", "min", "max", "unit",
              "target", "met");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(48, '-').c_str(), std::string(12, '-').c_str(),
              std::string(12, '-').c_str(), std::string(12, '-').c_str(), std::string(7, '-').c_str(),
              std::string(12, '-').c_str(), std::string(6, '-').c_str());
}

}  // namespace bench
