#pragma once
// The command line as data, read from the CLI11 definition and the tool registry, for everything
// generated from it (shell completions, the man page): one definition, no second list to drift.

#include "registry/registry.h"

#include <string>
#include <vector>

// CLI11's header is large; only the .cpp files that define or read the command line include it.
namespace CLI {
class App;
}  // namespace CLI

namespace djust::cli {

// Type names of option values that name something the generators can list. CLI11 shows them in
// --help ("tool TOOL"), and the generators complete them from the registry or the rule list.
inline constexpr const char* kToolValue = "TOOL";
inline constexpr const char* kToolArgumentsValue = "KEY=VALUE";
inline constexpr const char* kRuleValue = "RULE";

// How a value completes.
enum class ValueKind {
  none,            // a flag: takes no value
  choice,          // one of `choices` (RULE values too)
  file,            // a path
  free,            // a number or free text: nothing to offer
  tool,            // a tool name
  tool_arguments,  // key=value arguments of the tool named by the `tool` value before it
};

struct OptionModel {
  std::vector<std::string> names;  // "-h", "--help"; a positional's one name ("paths")
  std::string description;
  std::string value_name;  // TEXT, INT, TOOL, ... (empty for a flag)
  ValueKind kind = ValueKind::none;
  std::vector<std::string> choices;
  std::string default_value;
  std::string envname;
  bool required = false;
  bool repeats = false;  // a positional taking every remaining word
};

struct CommandModel {
  std::string name;  // the program name for the top level
  std::string description;
  std::string footer;  // examples and notes, as --help shows them
  std::vector<OptionModel> options;
  std::vector<OptionModel> positionals;
};

struct CliModel {
  CommandModel top;
  // Options of the top level are accepted after a subcommand too (CLI11 fallthrough).
  bool global_options_after_subcommand = false;
  std::vector<CommandModel> subcommands;
};

// Reads `app`, whose definition must be complete. RULE values become a choice of the rule ids.
CliModel describe_cli(const CLI::App& app);

// The top level, then each subcommand.
std::vector<const CommandModel*> all_commands(const CliModel& model);

// Every option of `command`'s scope that the shell should offer: its own, then (with fallthrough)
// those of the top level it does not shadow.
std::vector<const OptionModel*> options_in_scope(const CliModel& model, const CommandModel& command);

}  // namespace djust::cli
