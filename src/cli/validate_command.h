#pragma once
// `djust-mcp validate`, `djust-mcp rules` and `djust-mcp rule ID`.

#include <optional>
#include <string>
#include <vector>

// CLI11's header is large; only the .cpp files that define or read the command line include it.
namespace CLI {
class App;
}  // namespace CLI

namespace djust::cli {

// Adds the subcommands to `app`; `run` returns the exit code when one of them was chosen.
class LintCommands {
 public:
  explicit LintCommands(CLI::App& app);
  std::optional<int> run() const;

 private:
  int validate() const;
  int list_rules() const;
  int explain_rule() const;

  CLI::App* validate_ = nullptr;
  CLI::App* rules_ = nullptr;
  CLI::App* rule_ = nullptr;
  std::vector<std::string> paths_;
  std::string format_ = "text";
  std::vector<std::string> select_;
  std::vector<std::string> ignore_;
  std::vector<std::string> extend_select_;
  std::string stdin_filename_ = "-";
  bool fix_ = false;
  bool statistics_ = false;
  bool preview_ = false;
  bool show_source_ = false;
  bool no_config_ = false;
  bool force_exclude_ = false;
  bool no_cache_ = false;
  bool rules_json_ = false;
  std::string rule_id_;
};

}  // namespace djust::cli
