#pragma once
// The test Django project (tests/fixtures/project, with the djust-compatible package beside it)
// and a Python that can run it: Debian's python3 with python3-django and
// python3-djangorestframework, or $DJUST_TEST_PYTHON.

#include "core/subprocess.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// An absolute path from the build, not __FILE__: a compiler cache may make that relative.
inline std::filesystem::path fixtures_dir() { return std::filesystem::canonical(DJUST_FIXTURES_DIR); }

inline std::filesystem::path fixture_project_dir() { return fixtures_dir() / "project"; }

// The first candidate interpreter that imports Django and DRF; empty when there is none.
inline const std::string& fixture_python() {
  static const std::string python = [] {
    std::vector<std::string> candidates;
    if (const char* chosen = std::getenv("DJUST_TEST_PYTHON")) candidates.emplace_back(chosen);
    candidates.emplace_back("/usr/bin/python3");
    candidates.emplace_back("python3");
    for (const auto& candidate : candidates) {
      djust::core::SubprocessOptions probe;
      probe.argv = {candidate, "-c", "import django, rest_framework"};
      try {
        if (djust::core::run_subprocess(probe, std::chrono::seconds(60)).status.code == 0) return candidate;
      } catch (const djust::core::SubprocessError&) {
      }
    }
    return std::string();
  }();
  return python;
}

// Sets an environment variable for the scope (children started meanwhile inherit it).
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

#define REQUIRE_FIXTURE_PYTHON()                                                                           \
  REQUIRE_MESSAGE(!fixture_python().empty(),                                                               \
                  "no Python with Django and DRF: install python3-django and python3-djangorestframework " \
                  "(debian-packages.txt) or set DJUST_TEST_PYTHON")
