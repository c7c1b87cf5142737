#include "project/source_watcher.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

namespace djust::project {
namespace {

namespace fs = std::filesystem;

// What changes the code Python would import: files written, created, removed or renamed, and
// folders created, removed or renamed (a package may have moved).
constexpr std::uint32_t kWatchMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                     IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;

bool skipped_name(std::string_view name) {
  return name.starts_with('.') || name == "__pycache__" || name == "node_modules" || name == "site-packages";
}

bool skipped_folder(const fs::path& dir) {
  if (skipped_name(dir.filename().native())) return true;
  std::error_code ignored;
  return fs::exists(dir / "pyvenv.cfg", ignored);  // a virtualenv: installed code, not the project's
}

// Calls on_folder for `root` and every folder below it that holds project sources, and on_file
// for every .py file in them. Symlinked folders are not followed.
template <typename OnFolder, typename OnFile>
void walk_sources(const fs::path& root, OnFolder on_folder, OnFile on_file) {
  on_folder(root);
  std::error_code error;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::directory_entry& entry = *it;
    std::error_code type_error;
    if (entry.is_directory(type_error)) {
      if (entry.is_symlink(type_error) || skipped_folder(entry.path())) {
        it.disable_recursion_pending();
      } else {
        on_folder(entry.path());
      }
      continue;
    }
    if (entry.path().extension() == ".py") on_file(entry.path());
  }
}

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool is_source_change(const inotify_event& event, std::string_view name) {
  if (event.mask & (IN_Q_OVERFLOW | IN_DELETE_SELF | IN_MOVE_SELF)) return true;  // lost track: assume so
  if (event.mask & IN_ISDIR) {
    // Python creating __pycache__ next to the modules it imports is not a change.
    return !skipped_name(name) && (event.mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO));
  }
  return name.ends_with(".py");
}

}  // namespace

SourceWatcher::SourceWatcher(fs::path root) : root_(std::move(root)) {}

SourceWatcher::~SourceWatcher() { stop_watching(); }

void SourceWatcher::stop_watching() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  inotify_fd_ = -1;
}

void SourceWatcher::reset() {
  stop_watching();
  changed_ = false;
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  bool watching = inotify_fd_ >= 0;
  walk_sources(
      root_,
      [&](const fs::path& dir) {
        if (watching && ::inotify_add_watch(inotify_fd_, dir.c_str(), kWatchMask) < 0) watching = false;
      },
      [](const fs::path&) {});
  if (!watching) {  // no inotify, or its watch limit reached: compare fingerprints instead
    stop_watching();
    fingerprint_ = source_fingerprint(root_);
  }
}

bool SourceWatcher::changed() {
  if (changed_) return true;
  if (inotify_fd_ < 0) return changed_ = source_fingerprint(root_) != fingerprint_;
  char buffer[16384];
  ssize_t n;
  while ((n = ::read(inotify_fd_, buffer, sizeof buffer)) > 0) {
    for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
      inotify_event event;
      std::memcpy(&event, buffer + at, sizeof event);  // the buffer is not aligned for the struct
      const char* name = buffer + at + sizeof event;
      if (is_source_change(event, std::string_view(name, ::strnlen(name, event.len)))) changed_ = true;
      at += static_cast<ssize_t>(sizeof event + event.len);
    }
  }
  return changed_;
}

std::uint64_t source_fingerprint(const fs::path& project_dir) {
  std::uint64_t sum = 0;
  std::uint64_t count = 0;
  walk_sources(
      project_dir, [](const fs::path&) {},
      [&](const fs::path& file) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0) return;
        const std::int64_t facts[] = {static_cast<std::int64_t>(st.st_mtim.tv_sec),
                                      static_cast<std::int64_t>(st.st_mtim.tv_nsec),
                                      static_cast<std::int64_t>(st.st_size)};
        // Per-file hashes are summed, so the order a folder lists its files in does not matter.
        sum += fnv1a(std::string_view(reinterpret_cast<const char*>(facts), sizeof facts), fnv1a(file.native()));
        ++count;
      });
  return fnv1a(std::to_string(count), sum);
}

}  // namespace djust::project
