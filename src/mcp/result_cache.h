#pragma once
// Serialized results of deterministic tools, reused for identical calls. Its size is bounded by
// the bytes of keys and values together (a key holds the call's arguments, which may be as large as
// the result); an entry too large to be worth keeping is not kept at all.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace djust::mcp {

class ResultCache {
 public:
  // At most `capacity_bytes` of keys and values; entries over `max_entry_bytes` are not kept.
  ResultCache(std::size_t capacity_bytes, std::size_t max_entry_bytes);

  // The result stored under `key`, or nullptr.
  std::shared_ptr<const std::string> find(const std::string& key) const;
  // Keeps `value` under `key` unless the entry is too large; when the cache would overflow it
  // starts over (results are cheap to recompute, bookkeeping for finer eviction is not worth it).
  void insert(const std::string& key, std::shared_ptr<const std::string> value);

  // Bytes of keys and values held.
  std::size_t bytes() const;
  std::size_t entries() const;

 private:
  const std::size_t capacity_bytes_;
  const std::size_t max_entry_bytes_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const std::string>> entries_;
  std::size_t bytes_ = 0;
};

}  // namespace djust::mcp
