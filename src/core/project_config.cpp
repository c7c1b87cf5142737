#include "core/project_config.h"

#include <toml++/toml.h>

#include <stdexcept>

namespace djust::core {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> string_list(const toml::table& table, std::string_view key, const fs::path& file) {
  std::vector<std::string> out;
  const toml::node* node = table.get(key);
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array)
    throw std::runtime_error(file.string() + ": [tool.djust-mcp] " + std::string(key) + " must be a list of strings");
  for (const auto& item : *array) {
    const auto value = item.value<std::string>();
    if (!value)
      throw std::runtime_error(file.string() + ": [tool.djust-mcp] " + std::string(key) + " must be a list of strings");
    out.push_back(*value);
  }
  return out;
}

}  // namespace

std::optional<ProjectConfig> load_project_config(const fs::path& start) {
  std::error_code ec;
  for (fs::path dir = fs::absolute(start, ec).lexically_normal(); !dir.empty(); dir = dir.parent_path()) {
    const fs::path file = dir / "pyproject.toml";
    if (fs::is_regular_file(file, ec)) {
      toml::table document;
      try {
        document = toml::parse_file(file.string());
      } catch (const toml::parse_error& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                                 std::string(e.description()));
      }
      if (const toml::table* table = document["tool"]["djust-mcp"].as_table()) {
        for (const auto& [key, value] : *table) {
          (void)value;
          const std::string_view k = key.str();
          if (k != "select" && k != "extend-select" && k != "ignore" && k != "exclude")
            throw std::runtime_error(file.string() + ": unknown key '" + std::string(k) +
                                     "' in [tool.djust-mcp] (known: select, extend-select, ignore, exclude)");
        }
        return ProjectConfig{file, string_list(*table, "select", file), string_list(*table, "extend-select", file),
                             string_list(*table, "ignore", file), string_list(*table, "exclude", file)};
      }
    }
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace djust::core
