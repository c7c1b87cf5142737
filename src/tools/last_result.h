#pragma once
// The whole result of the last call of a tool that runs everything at once (system checks, the
// audit), so that its later pages come from it instead of running everything again for each. Kept
// for the same arguments (but `offset`) and project while the project's .py files stay unchanged
// (what restarts the bridge, project/source_watcher.h); a first page always runs anew.

#include "project/source_watcher.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace djust::tools {

class LastResult {
 public:
  // The kept result for these arguments and project, else compute()'s, which is kept.
  nlohmann::json get(const nlohmann::json& args, const std::filesystem::path& project,
                     const std::function<nlohmann::json()>& compute);

 private:
  std::mutex mutex_;
  std::string key_;  // empty: nothing kept
  nlohmann::json result_;
  std::filesystem::path watched_;
  std::unique_ptr<project::SourceWatcher> watcher_;
};

}  // namespace djust::tools
