#pragma once
// What the server keeps between tool calls: the facts of each project's files (lint::CheckCache,
// in memory), so a tool that links the project re-reads only the files that changed since the
// previous call. One store per project folder, since a file's facts name its module from there.

#include "lint/cache/check_cache.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace djust::tools {

class WarmIndex {
 public:
  // The store of the project at `root` (canonical), made on first use. Safe from any thread;
  // the store itself is too.
  lint::CheckCache& project(const std::filesystem::path& root);

 private:
  std::mutex mutex_;
  std::map<std::filesystem::path, std::unique_ptr<lint::CheckCache>> projects_;
};

}  // namespace djust::tools
