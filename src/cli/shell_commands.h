#pragma once
// The commands for people at a terminal: `repl`, `install` (register with an MCP client),
// `completions SHELL` and `man` (both generated from the command line itself).

#include "cli/install.h"
#include "registry/registry.h"
#include "tools/tool_options.h"

#include <optional>
#include <string>

// CLI11's header is large; only the .cpp files that define or read the command line include it.
namespace CLI {
class App;
}  // namespace CLI

namespace djust::cli {

// Adds the subcommands to `app`; `run` returns the exit code when one of them was chosen.
class ShellCommands {
 public:
  explicit ShellCommands(CLI::App& app);
  // `app`: the whole, parsed command line (completions and man describe it; install passes its
  // settings on to the server it registers).
  std::optional<int> run(const CLI::App& app, const registry::Registry& registry,
                         const tools::ToolOptions& options) const;

 private:
  int install(const CLI::App& app, const tools::ToolOptions& options) const;
  // The HTTP entry of `install --transport http`; nullopt for a stdio one.
  std::optional<HttpServerEntry> http_entry() const;

  CLI::App* repl_ = nullptr;
  CLI::App* install_ = nullptr;
  CLI::App* completions_ = nullptr;
  CLI::App* man_ = nullptr;
  std::string client_ = "claude";
  std::string scope_ = "project";
  bool print_ = false;
  std::string name_ = "djust";
  std::string transport_ = "stdio";
  std::string url_;
  std::string key_env_ = "DJUST_MCP_KEY";
  bool no_key_ = false;
  std::string shell_;
};

}  // namespace djust::cli
