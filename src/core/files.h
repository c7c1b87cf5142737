#pragma once
// Writing files that people and other programs read while we work: never half a file.

#include <filesystem>
#include <string>
#include <string_view>

namespace djust::core {

// Replaces (or creates) `file` by writing a sibling and renaming it over, keeping the permissions
// of the file it replaces, so an interrupted write never leaves half a file. On failure returns
// false with `error` set and leaves `file` as it was.
bool write_file_atomically(const std::filesystem::path& file, std::string_view text, std::string& error);

}  // namespace djust::core
