#pragma once
// Writing files that people and other programs read while we work: never half a file, and never
// through a name someone else planted. Everything that writes a file goes through
// write_file_atomically (or FileReplacement, which it is made of):
// - the file's folder is opened once and every step works relative to that descriptor;
// - the new content goes to a temporary file with a random name created with O_EXCL|O_NOFOLLOW,
//   so a symlink or file waiting under any name is never opened;
// - the temporary file has its final permissions before the first byte is written;
// - a target that is a symbolic link (dangling or not) is refused: callers that mean to follow a
//   link resolve it themselves first;
// - the rename happens only after the content reached the disk; on failure the temporary goes.

#include "core/unique_fd.h"

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace djust::core {

// Why a file could not be opened or written; the message names the file and the reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opens `relative` (a path without "..", relative to the canonical folder `root`) from `root`
// one component at a time, following no symbolic link on the way, so what is opened lies inside
// `root` even while someone swaps its folders for links. `flags` are open(2) flags for the last
// component (O_NOFOLLOW and O_CLOEXEC are added). Throws FileError.
UniqueFd open_beneath(const std::filesystem::path& root, const std::filesystem::path& relative, int flags);

struct WriteOptions {
  // Permission bits of a file created anew, before the umask; a replaced file keeps its own.
  mode_t new_file_mode = 0666;
  // When set (a canonical folder), the file's folder is opened with open_beneath from it.
  std::optional<std::filesystem::path> within;
  // Gives the random part of each temporary name tried; random by default (tests pin it).
  std::function<std::string()> temporary_suffix;
  // Sync the content to disk before the rename. A cache, which a crash may cost but never
  // corrupt (a torn file is read as a miss), skips it: a sync can take tens of milliseconds.
  bool durable = true;
};

// A replacement of `file` in preparation: a new, empty temporary file beside it that already has
// the final permissions. commit() writes and renames it over `file`; otherwise the destructor
// removes it, leaving `file` as it was.
class FileReplacement {
 public:
  // Throws FileError when the folder cannot be opened, `file` is a symbolic link or not a regular
  // file, or no temporary file can be created.
  FileReplacement(const std::filesystem::path& file, const WriteOptions& options);
  ~FileReplacement();
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  int descriptor() const { return temporary_.get(); }
  const std::string& temporary_name() const { return temporary_name_; }

  // Writes `text`, syncs it to disk and renames the temporary file over `file`. Throws FileError.
  void commit(std::string_view text);

 private:
  std::filesystem::path file_;
  UniqueFd folder_;
  UniqueFd temporary_;
  std::string temporary_name_;
  bool durable_ = true;
};

// The whole content of an open regular file, refused (FileError naming `name`) past `limit` bytes.
std::string read_descriptor(int fd, std::size_t limit, const std::string& name);

// A private folder (mode 0700) made under the system's temporary folder, removed with everything
// in it at scope end. Throws FileError when it cannot be made.
class TemporaryFolder {
 public:
  TemporaryFolder();
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Replaces (or creates) `file` with `text` as described above. On failure returns false with
// `error` set and leaves `file` as it was.
bool write_file_atomically(const std::filesystem::path& file, std::string_view text, std::string& error,
                           const WriteOptions& options = {});

}  // namespace djust::core
