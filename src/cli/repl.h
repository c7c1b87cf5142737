#pragma once
// `djust-mcp repl`: a shell over the tools. On a terminal: line editing, history and completion
// of commands, tool names and parameter names (libedit). Otherwise (piped input): one command per
// line, no prompt or banner, only results on stdout.

#include "registry/registry.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace djust::cli {

// Below $XDG_STATE_HOME (or ~/.local/state).
inline constexpr std::string_view kHistoryRelativePath = "djust-mcp/history";

// $XDG_STATE_HOME/djust-mcp/history when that is an absolute path (as the XDG spec requires),
// else $HOME/.local/state/djust-mcp/history; nullopt when neither is known.
std::optional<std::filesystem::path> history_file(const std::optional<std::string>& xdg_state_home,
                                                  const std::optional<std::string>& home);

// Splits a line into words as a POSIX shell would: blanks separate words, '...' quotes
// literally, "..." quotes with \" and \\ escapes, and \ escapes outside quotes. nullopt when a
// quote is not closed.
std::optional<std::vector<std::string>> split_words(std::string_view line);

// The REPL's commands, apart from any terminal.
class Repl {
 public:
  // `color`: ANSI colours in results; `width`: columns for `describe` tables.
  Repl(const registry::Registry& registry, std::ostream& out, std::ostream& err, bool color, int width);

  // Runs one line; false when it asks to quit.
  bool execute(std::string_view line);

  // True once a command has failed (unknown command or tool, bad arguments, a tool error).
  bool failed() const { return failed_; }

  // Whole words that may replace the word being typed, given the line up to the cursor.
  std::vector<std::string> complete(std::string_view before_cursor) const;

  void help() const;

 private:
  void describe(std::string_view name);

  const registry::Registry& registry_;
  std::ostream& out_;
  std::ostream& err_;
  bool color_;
  int width_;
  bool failed_ = false;
};

// Runs the REPL on stdin and stdout. Exit status: 0; with piped input, 1 when a command failed.
int run_repl(const registry::Registry& registry);

}  // namespace djust::cli
