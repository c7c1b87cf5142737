#include "mcp/result_cache.h"

#include <algorithm>

namespace djust::mcp {

ResultCache::ResultCache(std::size_t capacity_bytes, std::size_t max_entry_bytes)
    : capacity_bytes_(capacity_bytes), max_entry_bytes_(std::min(max_entry_bytes, capacity_bytes)) {}

std::shared_ptr<const std::string> ResultCache::find(const std::string& key) const {
  if (key.size() > max_entry_bytes_) return nullptr;  // never stored
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void ResultCache::insert(const std::string& key, std::shared_ptr<const std::string> value) {
  const std::size_t entry_bytes = key.size() + value->size();
  if (entry_bytes > max_entry_bytes_) return;
  std::lock_guard lock(mutex_);
  if (entries_.count(key)) return;  // two calls computed the same result at once
  if (bytes_ + entry_bytes > capacity_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(key, std::move(value));
  bytes_ += entry_bytes;
}

std::size_t ResultCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t ResultCache::entries() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace djust::mcp
