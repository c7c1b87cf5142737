#pragma once
// [tool.djust-mcp] in pyproject.toml: select, extend-select, ignore, exclude.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace djust::core {

struct ProjectConfig {
  std::filesystem::path file;  // the pyproject.toml it came from
  std::vector<std::string> select;
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::vector<std::string> exclude;  // gitignore-style patterns
};

// The nearest pyproject.toml at or above `start` that has a [tool.djust-mcp] table. Throws
// std::runtime_error with a readable message for a malformed file or an unknown key.
std::optional<ProjectConfig> load_project_config(const std::filesystem::path& start);

}  // namespace djust::core
