#include "core/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <system_error>
#include <vector>

namespace djust::core {

namespace fs = std::filesystem;

namespace {

// Random names collide only when someone plants them; a few tries get past that, many mean a
// folder we should not write in.
constexpr int kTemporaryNameAttempts = 100;

std::string reason(const fs::path& path, int error) {
  if (error == ELOOP) return path.string() + " has a symbolic link on its way, which djust-mcp does not follow here";
  return path.string() + ": " + std::strerror(error);
}

std::string random_suffix() {
  std::random_device device;
  const std::uint64_t value = (std::uint64_t{device()} << 32) | device();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

UniqueFd open_beneath(const fs::path& root, const fs::path& relative, int flags) {
  std::vector<fs::path> parts;
  for (const auto& part : relative) {
    if (part.empty() || part == ".") continue;
    if (part == ".." || part.is_absolute())
      throw FileError(relative.string() + " is not a path below " + root.string());
    parts.push_back(part);
  }
  UniqueFd current(::open(root.c_str(), (parts.empty() ? flags : O_RDONLY | O_DIRECTORY) | O_CLOEXEC));
  if (!current) throw FileError(reason(root, errno));
  fs::path reached = root;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const int part_flags = i + 1 == parts.size() ? flags : O_RDONLY | O_DIRECTORY;
    reached /= parts[i];
    UniqueFd next(::openat(current.get(), parts[i].c_str(), part_flags | O_NOFOLLOW | O_CLOEXEC));
    if (!next) {
      // A link where a folder is wanted fails with ENOTDIR, not ELOOP: say which it was.
      int error = errno;
      struct stat status {};
      if (error == ENOTDIR && ::fstatat(current.get(), parts[i].c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(status.st_mode))
        error = ELOOP;
      throw FileError(reason(reached, error));
    }
    current = std::move(next);
  }
  return current;
}

FileReplacement::FileReplacement(const fs::path& file, const WriteOptions& options)
    : file_(file), durable_(options.durable) {
  const fs::path name = file.filename();
  if (name.empty() || name == "." || name == "..") throw FileError(file.string() + " names no file");
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (options.within) {
    const fs::path below = folder.lexically_relative(*options.within);
    if (below.empty() || *below.begin() == "..")
      throw FileError(file.string() + " is outside " + options.within->string() + "; not writing there");
    folder_ = open_beneath(*options.within, below, O_RDONLY | O_DIRECTORY);
  } else {
    folder_ = UniqueFd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!folder_) throw FileError("cannot open the folder " + reason(folder, errno));
  }

  mode_t mode = options.new_file_mode;
  bool replacing = false;
  struct stat existing {};
  if (::fstatat(folder_.get(), name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(existing.st_mode))
      throw FileError(file.string() + " is a symbolic link; djust-mcp does not write through links");
    if (!S_ISREG(existing.st_mode)) throw FileError(file.string() + " is not a regular file; not replacing it");
    replacing = true;
    mode = existing.st_mode & 0777;
  } else if (errno != ENOENT) {
    throw FileError("cannot look at " + reason(file, errno));
  }

  // A replaced file's permissions may be narrower than the umask allows: the temporary file starts
  // private and gets them before any content. A new file's mode is final at creation.
  for (int attempt = 0; attempt < kTemporaryNameAttempts && !temporary_; ++attempt) {
    const std::string candidate =
        ".djust-mcp-" + (options.temporary_suffix ? options.temporary_suffix() : random_suffix());
    temporary_ = UniqueFd(::openat(folder_.get(), candidate.c_str(),
                                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, replacing ? 0600 : mode));
    if (temporary_) {
      temporary_name_ = candidate;
    } else if (errno != EEXIST) {
      throw FileError("cannot create a temporary file in " + reason(folder, errno));
    }
  }
  if (!temporary_)
    throw FileError("cannot create a temporary file in " + folder.string() + ": every name tried was taken");
  if (replacing && ::fchmod(temporary_.get(), mode) != 0) {
    const int error = errno;
    ::unlinkat(folder_.get(), temporary_name_.c_str(), 0);
    throw FileError("cannot set the permissions of a temporary file in " + reason(folder, error));
  }
}

FileReplacement::~FileReplacement() {
  if (!temporary_name_.empty()) ::unlinkat(folder_.get(), temporary_name_.c_str(), 0);
}

void FileReplacement::commit(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(temporary_.get(), text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) throw FileError("cannot write " + reason(file_, errno));
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  if (durable_ && ::fsync(temporary_.get()) != 0) throw FileError("cannot write " + reason(file_, errno));
  if (::close(temporary_.release()) != 0) throw FileError("cannot write " + reason(file_, errno));
  if (::renameat(folder_.get(), temporary_name_.c_str(), folder_.get(), file_.filename().c_str()) != 0)
    throw FileError("cannot replace " + reason(file_, errno));
  temporary_name_.clear();               // it is `file` now
  if (durable_) ::fsync(folder_.get());  // best effort: the content is safe either way
}

std::string read_descriptor(int fd, std::size_t limit, const std::string& name) {
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw FileError("cannot read " + reason(name, errno));
    if (got == 0) return content;
    if (content.size() + static_cast<std::size_t>(got) > limit)
      throw FileError(name + " is larger than " + std::to_string(limit / (1024 * 1024)) + " MiB");
    content.append(buffer, static_cast<std::size_t>(got));
  }
}

TemporaryFolder::TemporaryFolder() {
  std::error_code error;
  std::string pattern = (fs::temp_directory_path(error) / "djust-mcp-XXXXXX").string();
  if (error || !::mkdtemp(pattern.data()))
    throw FileError("cannot make a temporary folder: " + (error ? error.message() : std::strerror(errno)));
  path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

bool write_file_atomically(const fs::path& file, std::string_view text, std::string& error,
                           const WriteOptions& options) {
  try {
    FileReplacement replacement(file, options);
    replacement.commit(text);
    return true;
  } catch (const FileError& e) {
    error = e.what();
    return false;
  }
}

}  // namespace djust::core
