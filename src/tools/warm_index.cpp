#include "tools/warm_index.h"

namespace djust::tools {

lint::CheckCache& WarmIndex::project(const std::filesystem::path& root) {
  std::lock_guard lock(mutex_);
  auto& store = projects_[root];
  // Only facts are kept (no findings), so the key naming the rules behind findings is empty.
  if (!store) store = std::make_unique<lint::CheckCache>(root, "");
  return *store;
}

}  // namespace djust::tools
