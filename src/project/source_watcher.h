#pragma once
// Whether a Django project's Python sources changed, asked before every bridge request so that
// answers never come from stale code. Walking a large project on every call would cost more
// than the call itself, so the folders are watched with inotify (asking is one read() of
// pending events); where inotify is unavailable or its watch limit is reached, a fingerprint of
// every .py file is compared instead.
//
// Counted as the project's sources: .py files anywhere under the project folder except in
// hidden folders, __pycache__, node_modules, site-packages and virtualenvs (folders holding
// pyvenv.cfg).

#include <cstdint>
#include <filesystem>

namespace djust::project {

class SourceWatcher {
 public:
  explicit SourceWatcher(std::filesystem::path root);
  ~SourceWatcher();
  SourceWatcher(const SourceWatcher&) = delete;
  SourceWatcher& operator=(const SourceWatcher&) = delete;

  // Starts watching afresh: changed() reports only what happens from now on.
  void reset();
  // True when a .py file was written, added, removed or renamed (or a folder added, removed or
  // renamed) since the last reset().
  bool changed();

 private:
  void stop_watching();

  std::filesystem::path root_;
  int inotify_fd_ = -1;
  bool changed_ = false;
  std::uint64_t fingerprint_ = 0;  // used when there is no inotify
};

// A fingerprint of the project's Python sources: path, modification time and size of every .py
// file. It changes when a file is edited, added, removed or renamed.
std::uint64_t source_fingerprint(const std::filesystem::path& project_dir);

}  // namespace djust::project
