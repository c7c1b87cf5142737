#include "core/embedded.h"

#include <algorithm>

namespace djust::core {

// Defined in the generated embedded_files.cpp, sorted by path.
extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

std::span<const EmbeddedFile> embedded_files() { return {kEmbeddedFiles, kEmbeddedFileCount}; }

std::optional<std::string_view> embedded_file(std::string_view path) {
  const auto files = embedded_files();
  const auto it = std::lower_bound(files.begin(), files.end(), path,
                                   [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->content;
}

}  // namespace djust::core
