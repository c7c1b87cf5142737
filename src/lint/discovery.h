#pragma once
// Which files `validate` checks: explicit files always; directories recursively, skipping
// virtualenvs, caches, node_modules, migrations and whatever .gitignore excludes.

#include "core/linear_regex.h"
#include "lint/engine.h"

#include <filesystem>
#include <string>
#include <vector>

namespace djust::lint {

// The rules of one .gitignore file (the subset of gitignore(5) that real projects use: globs with
// *, ?, [...] (ranges, ! or ^, [:classes:]), ** as a whole path segment, \ escapes, negation,
// anchoring with /, directory-only patterns with a trailing /). Globs are translated to
// core::LinearRegex, so a hostile line such as *a*a*a...*b costs time linear in the path.
class GitIgnore {
 public:
  GitIgnore(std::filesystem::path base, std::string_view text);
  // true: ignored, false: explicitly re-included, nullopt: no pattern matches.
  std::optional<bool> match(const std::filesystem::path& path, bool is_directory) const;

 private:
  struct Pattern {
    core::LinearRegex regex;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;  // matched against the path from base, else against the name
  };
  std::filesystem::path base_;
  std::vector<Pattern> patterns_;
};

struct Discovery {
  std::vector<FileToLint> files;
  std::vector<FileResult> errors;  // paths that name nothing checkable, each with what is wrong
};

// `extra_excludes` are gitignore-style patterns (e.g. from [tool.djust-mcp] exclude), relative to
// the working directory.
Discovery discover_files(const std::vector<std::string>& paths, const std::vector<std::string>& extra_excludes);

}  // namespace djust::lint
