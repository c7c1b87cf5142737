#pragma once
// `djust-mcp scaffold view|component|handler NAME ...`: calls the scaffold tools and prints the
// code, or with --write puts the files into the project's app (never over an existing file
// without --force, never outside the project).

#include "registry/registry.h"
#include "tools/tool_options.h"

#include <optional>
#include <string>
#include <vector>

// CLI11's header is large; only the .cpp files that define or read the command line include it.
namespace CLI {
class App;
}  // namespace CLI

namespace djust::cli {

// Adds the subcommand to `app`; `run` returns the exit code when it was chosen.
class ScaffoldCommand {
 public:
  explicit ScaffoldCommand(CLI::App& app);
  std::optional<int> run(const registry::Registry& registry, const tools::ToolOptions& options) const;

 private:
  nlohmann::json tool_arguments(const std::optional<std::string>& app) const;

  CLI::App* scaffold_ = nullptr;
  std::string kind_;
  std::string name_;
  std::vector<std::string> features_;
  std::string model_;
  std::string props_;
  std::string params_;
  std::string decorators_;
  std::string app_;
  bool write_ = false;
  bool force_ = false;
};

}  // namespace djust::cli
