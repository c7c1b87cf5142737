#pragma once
// Runs the rules over sources and files: rule selection, `# noqa` suppression, syntax errors,
// safe fixes, and many files in parallel. Knows nothing about output formats or the CLI.

#include "lint/finding.h"
#include "lint/links/project_index.h"
#include "lint/rule_table.h"

#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace djust::lint {

enum class Language { python, html };

class CheckCache;

// Which rules run. Entries are rule ids, id prefixes ("V", "DJ00") or "ALL". Preview rules run
// when named by their exact id, or with `preview` as stable ones do; deprecated rules only when
// named by their exact id.
struct RuleSelection {
  std::vector<std::string> select;  // empty: every rule that is on by default
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  bool preview = false;

  bool enabled(const Rule& rule) const;
};

// The entries of a selection that match no rule, for a clear usage error.
std::vector<std::string> unknown_selectors(const RuleSelection& selection);
// What to tell the user about the selection: the deprecated rules among `rules` it runs.
std::vector<std::string> selection_warnings(const RuleSelection& selection,
                                            const std::vector<Rule>& rules = all_rules());

struct FileResult {
  std::string path;                  // as shown to the user
  std::string source;                // what was checked (after fixes, if any were applied); empty
                                     // when LintOptions::cache vouched for the file unread
  std::vector<Finding> findings;     // sorted by position
  std::vector<std::string> fixes;    // descriptions of fixes applied
  std::optional<std::string> error;  // set when the file could not be checked at all
};

struct LintOptions {
  RuleSelection selection;
  bool fix = false;  // apply safe fixes to `source` (writing files is the caller's job)
  // Link views and templates across this project: its other .py and .html files are read too.
  // Without it, `lint_files` links only the files it is given.
  std::optional<std::filesystem::path> project_root;
  // Reuses what checking unchanged files produced (lint/cache/check_cache.h); results are the
  // same with or without it. Used for files under the project root, not with `fix` on checked files.
  CheckCache* cache = nullptr;
};

std::optional<Language> language_for(const std::filesystem::path& path);

// A file's text as lint reads it, or why it is not checked (unreadable, too large, binary, not UTF-8).
struct SourceText {
  std::string text;
  std::optional<std::string> error;
};
SourceText read_source(const std::filesystem::path& file);

// Checks text on its own: views and templates are linked within it (an inline template and its view).
FileResult lint_source(std::string path, std::string source, Language language, const LintOptions& options);
// Reads the file with the checks every input needs (size, binary, UTF-8) and lints it.
FileResult lint_file(const std::filesystem::path& file, std::string display_path, const LintOptions& options);

struct FileToLint {
  std::filesystem::path file;
  std::string display_path;
  // Checked instead of what the file holds on disk (an editor's unsaved text): the project is
  // linked as if the file held it. The file need not exist.
  std::optional<std::string> text = std::nullopt;
};
// Lints on up to `threads` threads; results come back in input order.
std::vector<FileResult> lint_files(const std::vector<FileToLint>& files, const LintOptions& options, unsigned threads);

// Reads every .py and .html file under `root` (skipping what validate skips) and links its views
// and templates, as validate does. Nullopt when `stop` was requested before all were read. The
// facts of files `cache` holds unchanged are taken from it, and it learns the rest.
std::optional<links::ProjectIndex> index_project(const std::filesystem::path& root, unsigned threads,
                                                 const std::stop_token& stop, CheckCache* cache = nullptr);

// Applies non-overlapping fixes (identical edits shared by several findings count once).
// Returns the new text and the descriptions of the fixes that were applied.
std::pair<std::string, std::vector<std::string>> apply_fixes(const std::string& source,
                                                             const std::vector<Finding>& findings);

// Largest input `lint_file` accepts.
inline constexpr std::uintmax_t kMaxFileBytes = 10 * 1024 * 1024;

}  // namespace djust::lint
