#include "core/paths.h"

#include <algorithm>
#include <system_error>
#include <vector>

namespace djust::core {

namespace fs = std::filesystem;

bool is_within(const fs::path& root, const fs::path& path) {
  // Component by component: "/srv/app" is not a prefix of "/srv/app-other". A trailing
  // separator leaves an empty last component, which must not count.
  auto components = [](const fs::path& p) {
    std::vector<fs::path> parts(p.begin(), p.end());
    if (!parts.empty() && parts.back().empty()) parts.pop_back();
    return parts;
  };
  const auto root_parts = components(root);
  const auto path_parts = components(path);
  if (root_parts.empty() || path_parts.size() < root_parts.size()) return false;
  return std::equal(root_parts.begin(), root_parts.end(), path_parts.begin());
}

fs::path resolve_within(const fs::path& root, const fs::path& path) {
  if (path.empty()) throw PathError("an empty path names no file");
  std::error_code error;
  const fs::path real_root = fs::canonical(root, error);
  if (error) throw PathError("the folder " + root.string() + " cannot be resolved: " + error.message());
  const fs::path joined = path.is_absolute() ? path : real_root / path;
  const fs::path real = fs::canonical(joined, error);
  if (error) throw PathError(path.string() + " cannot be resolved: " + error.message());
  if (!is_within(real_root, real)) {
    std::string text = path.string() + " is outside " + real_root.string();
    if (real != joined.lexically_normal()) text += " (it resolves to " + real.string() + ")";
    throw PathError(text);
  }
  return real;
}

}  // namespace djust::core
