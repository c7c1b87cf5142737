#pragma once
// Paths a caller names that must stay inside one folder (a project root). The check is made on
// the real path, after every symlink is resolved, and compares whole path components, so
// "../x", "/etc/passwd", a symlink pointing outside and "/srv/app-other" next to "/srv/app"
// are all refused.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace djust::core {

// Why a path was refused; the message names the path and the reason, for the person who gave it.
class PathError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// True when `path` is `root` or lies below it, comparing whole components of both as given
// (callers pass canonical paths).
bool is_within(const std::filesystem::path& root, const std::filesystem::path& path);

// The canonical path of an existing `path` (relative paths are taken from `root`) that lies
// inside `root` once symlinks are resolved. Throws PathError otherwise.
std::filesystem::path resolve_within(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace djust::core
