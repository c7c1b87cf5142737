#pragma once
// Files from data/ and templates/, compiled into the binary by src/buildtools/embed.cpp.

#include <optional>
#include <span>
#include <string_view>

namespace djust::core {

struct EmbeddedFile {
  std::string_view path;  // relative to the source tree, e.g. "data/schema/directives.json"
  std::string_view content;
};

std::span<const EmbeddedFile> embedded_files();
std::optional<std::string_view> embedded_file(std::string_view path);

}  // namespace djust::core
