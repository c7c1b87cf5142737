#pragma once
// Which files `validate` checks: explicit files always; directories recursively, skipping
// virtualenvs, caches, node_modules, migrations and whatever .gitignore excludes.

#include "lint/engine.h"

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace djust::lint {

// The rules of one .gitignore file (the subset of gitignore(5) that real projects use: globs with
// *, ?, [...] and **, negation, anchoring with /, directory-only patterns with a trailing /).
class GitIgnore {
 public:
  GitIgnore(std::filesystem::path base, std::string_view text);
  // true: ignored, false: explicitly re-included, nullopt: no pattern matches.
  std::optional<bool> match(const std::filesystem::path& path, bool is_directory) const;

 private:
  struct Pattern {
    std::regex regex;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;  // matched against the path from base, else against the name
  };
  std::filesystem::path base_;
  std::vector<Pattern> patterns_;
};

struct Discovery {
  std::vector<FileToLint> files;
  std::vector<std::string> errors;  // "PATH: what is wrong", for paths that name nothing checkable
};

// `extra_excludes` are gitignore-style patterns (e.g. from [tool.djust-mcp] exclude), relative to
// the working directory.
Discovery discover_files(const std::vector<std::string>& paths, const std::vector<std::string>& extra_excludes);

}  // namespace djust::lint
