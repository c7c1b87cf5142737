#include "cli/repl.h"

#include "cli/terminal.h"
#include "cli/tool_commands.h"
#include "cli/tool_params.h"
#include "core/files.h"
#include "core/text.h"
#include "core/version.h"

#include <histedit.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <system_error>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;

struct Command {
  std::string_view name;
  std::string_view usage;
  std::string_view summary;
};

// What `help` lists and the first word completes to.
constexpr Command kCommands[] = {
    {"tools", "tools", "list the tools"},
    {"describe", "describe TOOL", "a tool's parameters (type, required, default, allowed values) and annotations"},
    {"call", "call TOOL [KEY=VALUE...]",
     "call a tool and print its result; values are JSON unless the tool expects a string; quote with '...' or \"...\""},
    {"help", "help", "this list"},
    {"quit", "quit", "leave (so does Ctrl-D)"},
    {"exit", "exit", "the same as quit"},
};

std::string_view usage_of(std::string_view name) {
  for (const auto& command : kCommands)
    if (command.name == name) return command.usage;
  return name;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Greedy word wrap; a word longer than `width` gets a line of its own.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_blank(text[i])) ++i;
    if (start == i) break;
    const std::string_view word = text.substr(start, i - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// A table whose columns are padded to their widest cell, wrapping within `max_widths` (0: no
// limit; one per column but the last). The last column wraps in what is left of `width`, or goes
// under its row, indented, when that would be too narrow to read (and is then left out of the
// first `header_rows`). No line ends in blanks.
void write_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                 const std::vector<std::size_t>& max_widths, std::size_t header_rows, std::size_t width) {
  constexpr std::size_t kGap = 2;
  constexpr std::size_t kNarrowest = 30;
  constexpr std::size_t kIndent = 4;
  const std::size_t last = max_widths.size();
  std::vector<std::size_t> widths(last, 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < last; ++c) {
      const std::size_t limit = max_widths[c] == 0 ? row[c].size() : max_widths[c];
      widths[c] = std::max(widths[c], std::min(row[c].size(), limit));
    }
  }
  std::size_t left = 0;
  for (const std::size_t w : widths) left += w + kGap;
  const bool beside = width >= left + kNarrowest;
  const auto trimmed = [](std::string line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    std::vector<std::vector<std::string>> cells;
    std::size_t height = 1;
    for (std::size_t c = 0; c <= last; ++c) {
      const std::size_t cell_width = c < last ? widths[c] : beside ? width - left : width - kIndent;
      cells.push_back(wrap(row[c], cell_width));
      if (c < last || beside) height = std::max(height, cells.back().size());
    }
    for (std::size_t line = 0; line < height; ++line) {
      std::string text;
      for (std::size_t c = 0; c < last; ++c) {
        const std::string cell = line < cells[c].size() ? cells[c][line] : "";
        text += cell + std::string(widths[c] - std::min(widths[c], cell.size()) + kGap, ' ');
      }
      if (beside && line < cells[last].size()) text += cells[last][line];
      out << trimmed(text) << "\n";
    }
    if (!beside && r >= header_rows) {
      for (const auto& line : cells[last]) out << trimmed(std::string(kIndent, ' ') + line) << "\n";
    }
  }
}

// Long lists of allowed values wrap in a column this wide in `describe`.
constexpr std::size_t kAllowedValuesWidth = 24;

std::string yes_no(bool value) { return value ? "yes" : "no"; }

// ---------------------------------------------------------------------------------------------
// The terminal: libedit line editing, history and completion.
// ---------------------------------------------------------------------------------------------

const char* prompt(EditLine*) { return "djust> "; }

std::string longest_common_prefix(const std::vector<std::string>& words) {
  std::string prefix = words.front();
  for (const auto& word : words) {
    std::size_t n = 0;
    while (n < prefix.size() && n < word.size() && prefix[n] == word[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

// Bound to TAB: completes the word before the cursor as far as all candidates agree, then lists
// them when that adds nothing. A finished word gets a blank after it, unless it ends in '='
// (a parameter name waiting for its value).
unsigned char complete_word(EditLine* editor, int) {
  const Repl* repl = nullptr;
  el_get(editor, EL_CLIENTDATA, &repl);
  const LineInfo* line = el_line(editor);
  const std::string before(line->buffer, line->cursor);
  const std::vector<std::string> candidates = repl->complete(before);
  if (candidates.empty()) return CC_ERROR;
  std::size_t word_start = before.size();
  while (word_start > 0 && !is_blank(before[word_start - 1])) --word_start;
  const std::size_t typed = before.size() - word_start;
  const std::string common = longest_common_prefix(candidates);
  if (candidates.size() == 1) {
    const std::string rest = common.substr(typed) + (common.back() == '=' ? "" : " ");
    if (!rest.empty() && el_insertstr(editor, rest.c_str()) == -1) return CC_ERROR;
    return CC_REFRESH;
  }
  if (common.size() > typed) return el_insertstr(editor, common.substr(typed).c_str()) == -1 ? CC_ERROR : CC_REFRESH;
  std::size_t widest = 0;
  for (const auto& candidate : candidates) widest = std::max(widest, candidate.size());
  const std::size_t per_line =
      std::max<std::size_t>(1, static_cast<std::size_t>(terminal_columns(STDOUT_FILENO)) / (widest + 2));
  std::string listing = "\n";
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const bool ends_line = (i + 1) % per_line == 0 || i + 1 == candidates.size();
    listing += candidates[i] + (ends_line ? "\n" : std::string(widest + 2 - candidates[i].size(), ' '));
  }
  std::cout << listing << std::flush;
  return CC_REDISPLAY;
}

struct EditorDeleter {
  void operator()(EditLine* editor) const { el_end(editor); }
};
struct HistoryDeleter {
  void operator()(History* history) const { history_end(history); }
};

// Saves the history through the one file writer (core/files.h): private, as it holds tool
// arguments, and replaced whole. A link to it (a synced dotfile) is followed, as the person made it.
// libedit writes to a FILE with a descriptor (it sets the mode on it): an anonymous temporary file.
void save_history(History* entries, const fs::path& file) {
  const std::unique_ptr<FILE, decltype(&std::fclose)> scratch(std::tmpfile(), &std::fclose);
  HistEvent event;
  if (!scratch || ::history(entries, &event, H_SAVE_FP, scratch.get()) < 0 || std::fflush(scratch.get()) != 0) return;
  std::rewind(scratch.get());
  std::string text;
  try {
    text = core::read_descriptor(::fileno(scratch.get()), std::size_t{64} * 1024 * 1024, "the history");
  } catch (const core::FileError&) {
    return;
  }
  std::error_code error;
  const fs::path target = fs::weakly_canonical(file, error);
  core::WriteOptions options;
  options.new_file_mode = 0600;
  std::string ignored;  // history is a convenience: a file we cannot write is not worth an error
  if (!error) core::write_file_atomically(target, text, ignored, options);
}

int run_interactive(Repl& repl, const std::optional<fs::path>& history_path) {
  std::setlocale(LC_CTYPE, "");  // so libedit reads and shows UTF-8 input
  std::unique_ptr<History, HistoryDeleter> entries(history_init());
  std::unique_ptr<EditLine, EditorDeleter> editor(el_init(core::kProgramName, stdin, stdout, stderr));
  if (!entries || !editor) {
    std::cerr << "djust-mcp: cannot start line editing\n";
    return kExitUsage;
  }
  HistEvent event;
  ::history(entries.get(), &event, H_SETSIZE, 1000);
  ::history(entries.get(), &event, H_SETUNIQUE, 1);
  // A missing or unreadable history is simply an empty one.
  if (history_path) ::history(entries.get(), &event, H_LOAD, history_path->c_str());

  el_set(editor.get(), EL_CLIENTDATA, &repl);
  el_set(editor.get(), EL_PROMPT, prompt);
  el_set(editor.get(), EL_EDITOR, "emacs");
  el_set(editor.get(), EL_SIGNAL, 1);  // restore the terminal when a signal stops us
  el_set(editor.get(), EL_HIST, ::history, entries.get());
  // The wide call: libedit keeps these pointers as they are, where the narrow el_set makes wide
  // copies that el_end never frees (a leak LeakSanitizer reports at every exit).
  el_wset(editor.get(), EL_ADDFN, L"djust-complete", L"Complete a command, tool or parameter", complete_word);
  el_set(editor.get(), EL_BIND, "^I", "djust-complete", nullptr);
  el_source(editor.get(), nullptr);  // the person's ~/.editrc, if any

  std::cout << core::kProgramName << " " << core::kVersion
            << ": help lists the commands, TAB completes, Ctrl-D quits.\n";
  bool history_dir_made = false;
  for (;;) {
    int count = 0;
    const char* read = el_gets(editor.get(), &count);
    if (!read || count <= 0) {
      std::cout << "\n";
      break;
    }
    std::string line(read, static_cast<std::size_t>(count));
    while (!line.empty() && is_blank(line.back())) line.pop_back();
    if (!line.empty()) {
      ::history(entries.get(), &event, H_ENTER, line.c_str());
      // History is a convenience: a folder or file we cannot write is not worth an error.
      if (history_path) {
        if (!history_dir_made) {
          std::error_code ignored;
          fs::create_directories(history_path->parent_path(), ignored);
          history_dir_made = true;
        }
        save_history(entries.get(), *history_path);
      }
    }
    if (!repl.execute(line)) break;
    std::cout.flush();
  }
  return 0;
}

}  // namespace

std::optional<fs::path> history_file(const std::optional<std::string>& xdg_state_home,
                                     const std::optional<std::string>& home) {
  if (xdg_state_home && fs::path(*xdg_state_home).is_absolute())
    return fs::path(*xdg_state_home) / kHistoryRelativePath;
  if (home && !home->empty()) return fs::path(*home) / ".local/state" / kHistoryRelativePath;
  return std::nullopt;
}

std::optional<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const std::size_t close = line.find('\'', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      word += line.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i >= line.size()) return std::nullopt;
        if (line[i] == '"') break;
        if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) ++i;
        word += line[i];
      }
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Repl::Repl(const registry::Registry& registry, std::ostream& out, std::ostream& err, bool color, int width)
    : registry_(registry), out_(out), err_(err), color_(color), width_(width) {}

bool Repl::execute(std::string_view line) {
  const auto words = split_words(line);
  if (!words) {
    err_ << "djust-mcp: a quote is not closed\n";
    failed_ = true;
    return true;
  }
  if (words->empty() || words->front().starts_with("#")) return true;  // a comment, for scripts
  const std::string& command = words->front();
  const std::vector<std::string> arguments(words->begin() + 1, words->end());
  if (command == "quit" || command == "exit") return false;
  if (command == "help") {
    help();
  } else if (command == "tools") {
    write_tool_list(registry_, false, out_);
  } else if ((command == "describe" && arguments.size() != 1) || (command == "call" && arguments.empty())) {
    err_ << "djust-mcp: usage: " << usage_of(command) << "\n";
    failed_ = true;
  } else if (command == "describe") {
    describe(arguments.front());
  } else if (command == "call") {
    const std::vector<std::string> pairs(arguments.begin() + 1, arguments.end());
    if (call_tool(registry_, arguments.front(), pairs, "", color_, out_, err_) != 0) failed_ = true;
  } else {
    std::vector<std::string> names;
    for (const auto& c : kCommands) names.emplace_back(c.name);
    err_ << "djust-mcp: unknown command '" << command << "'";
    if (auto guess = core::closest_match(command, names)) err_ << "; did you mean '" << *guess << "'?";
    err_ << " (help lists them)\n";
    failed_ = true;
  }
  return true;
}

void Repl::help() const {
  std::vector<std::vector<std::string>> rows;
  for (const auto& command : kCommands)
    rows.push_back({"  " + std::string(command.usage), std::string(command.summary)});
  write_table(out_, rows, {0}, 0, static_cast<std::size_t>(width_));
}

void Repl::describe(std::string_view name) {
  const auto tool = registry_.find_tool(name);
  if (!tool) {
    err_ << "djust-mcp: " << unknown_tool_message(registry_, name) << "\n";
    failed_ = true;
    return;
  }
  const auto width = static_cast<std::size_t>(width_);
  out_ << tool->name << ": " << tool->title << "\n\n";
  for (const auto& line : wrap(tool->description, width)) out_ << line << "\n";
  out_ << "\n";
  const auto params = tool_params(*tool);
  if (params.empty()) {
    out_ << "No parameters.\n";
  } else {
    std::vector<std::vector<std::string>> rows = {
        {"parameter", "type", "required", "default", "allowed values", "description"},
        {"---------", "----", "--------", "-------", "--------------", "-----------"}};
    for (const auto& p : params) {
      rows.push_back({p.name, p.type, yes_no(p.required), p.default_value.empty() ? "-" : p.default_value,
                      allowed_values(p).empty() ? "-" : allowed_values(p), p.description});
    }
    write_table(out_, rows, {0, 0, 0, 0, kAllowedValuesWidth}, 2, width);
  }
  const auto& a = tool->annotations;
  out_ << "\n";
  for (const auto& line :
       wrap("Annotations: read-only " + yes_no(a.read_only) + ", destructive " + yes_no(a.destructive) +
                ", idempotent " + yes_no(a.idempotent) + ", open world " + yes_no(a.open_world) + ".",
            width))
    out_ << line << "\n";
}

std::vector<std::string> Repl::complete(std::string_view before_cursor) const {
  // Completion needs no quoting: it offers command, tool and parameter names and enum values.
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= before_cursor.size(); ++i) {
    if (i == before_cursor.size() || is_blank(before_cursor[i])) {
      if (i > start) words.emplace_back(before_cursor.substr(start, i - start));
      start = i + 1;
    }
  }
  const bool new_word = before_cursor.empty() || is_blank(before_cursor.back());
  const std::string typing = new_word ? "" : words.back();
  if (!new_word) words.pop_back();

  std::vector<std::string> candidates;
  const auto offer = [&](const std::string& candidate) {
    if (candidate.starts_with(typing)) candidates.push_back(candidate);
  };
  if (words.empty()) {
    for (const auto& command : kCommands) offer(std::string(command.name));
    return candidates;
  }
  const std::string& command = words.front();
  if ((command == "describe" || command == "call") && words.size() == 1) {
    for (const auto& name : registry_.tool_names()) offer(name);
    return candidates;
  }
  const auto tool = command == "call" ? registry_.find_tool(words[1]) : nullptr;
  if (!tool) return candidates;
  const auto params = tool_params(*tool);
  if (const auto eq = typing.find('='); eq != std::string::npos) {
    const std::string key = typing.substr(0, eq);
    for (const auto& p : params) {
      if (p.name != key) continue;
      for (const auto& choice : p.choices) offer(key + "=" + choice);
    }
    return candidates;
  }
  for (const auto& p : params) {
    const bool given = std::any_of(words.begin() + 2, words.end(),
                                   [&](const std::string& word) { return word.starts_with(p.name + "="); });
    if (!given) offer(p.name + "=");
  }
  return candidates;
}

int run_repl(const registry::Registry& registry) {
  const auto env = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  Repl repl(registry, std::cout, std::cerr, color_enabled(STDOUT_FILENO), terminal_columns(STDOUT_FILENO));
  if (::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO))
    return run_interactive(repl, history_file(env("XDG_STATE_HOME"), env("HOME")));
  std::string line;
  while (std::getline(std::cin, line) && repl.execute(line)) {
  }
  return repl.failed() ? kExitToolError : 0;
}

}  // namespace djust::cli
