#pragma once
// Reuse of what checking a file produced while its content stays the same: in memory across the
// tool calls of one server session (a warm project index), and saved under the project for
// `validate` (the second run over an unchanged tree parses only what changed). The project rules
// and `# noqa` always run anew on top, so the results never depend on whether an entry was used.
// An entry is taken only for the same absolute path, size and content hash; its findings only
// when the same rules of the same binary produced them (the cache's key). Thread-safe.

#include "lint/cache/codec.h"
#include "lint/links/project_settings.h"
#include "lint/python/model.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace djust::lint {

struct RuleSelection;

// What stat says of a file, taken before it is read: while it stays the same (and the file was
// not modified within a second or two of being checked, when a later write could keep the same
// time stamp), the file was not changed, so it need not even be read again.
struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t modified_ns = 0;
  std::int64_t changed_ns = 0;  // ctime: moves on every write, even one that restores the mtime
  std::uint64_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};
FileStamp stamp_of(const std::filesystem::path& file);

class CheckCache {
 public:
  // Entries are kept for files under `root` (absolute), whose facts name their module from it.
  // `key` says what produced the stored findings (cache_key); another key's file is not read.
  CheckCache(std::filesystem::path root, std::string key);

  // The stored check of `file` (absolute) when its stamp shows it unchanged, without reading it;
  // with `need_findings`, only one that holds findings, not just facts.
  std::optional<cache::CheckedText> find_unread(const std::filesystem::path& file, const FileStamp& stamp,
                                                bool need_findings);
  // The same when the file's `content` (read after `stamp` was taken) is what was checked.
  std::optional<cache::CheckedText> find(const std::filesystem::path& file, const FileStamp& stamp,
                                         std::string_view content, bool need_findings);
  void store(const std::filesystem::path& file, const FileStamp& stamp, std::string_view content,
             const cache::CheckedText& checked);

  // The second pass over a file (engine.cpp: checked again once the project told the kinds of
  // classes whose bases are elsewhere): kept with the file's entry while its content stays the
  // same, and given back only for the same `kinds`. `content` nullopt: the file's entry was found
  // unread in this run, so the file holds what the entry was made from.
  std::optional<cache::CheckedText> find_with_kinds(const std::filesystem::path& file,
                                                    const python::ProjectKinds& kinds,
                                                    std::optional<std::string_view> content);
  void store_with_kinds(const std::filesystem::path& file, std::string_view content, const python::ProjectKinds& kinds,
                        const cache::CheckedText& checked);

  // Reads the entries saved in `cache_file`. A missing, truncated, corrupt or other-key file, or
  // one that cannot be read, leaves the cache empty: it is only ever a shortcut.
  void load(const std::filesystem::path& cache_file);
  // Writes the entries of files that still exist to `cache_file` (temporary file and rename),
  // when anything changed since load. False with `error` set when it could not.
  bool save(const std::filesystem::path& cache_file, std::string& error);

  struct Counts {
    std::size_t hits = 0;  // of them, `unread` needed no read of the file
    std::size_t unread = 0;
    std::size_t misses = 0;
  };
  Counts counts() const;

 private:
  struct Entry {
    FileStamp stamp;
    std::int64_t checked_ns = 0;  // when the content was last seen to match
    std::uint64_t hash = 0;
    bool has_findings = false;
    // cache::CheckedText, decoded only when asked for, outside the lock.
    std::shared_ptr<const std::string> encoded;
    // The second pass over the same content: the kinds it was given, and what it produced.
    std::string kinds;
    std::shared_ptr<const std::string> with_kinds;
  };
  std::optional<std::string> key_of(const std::filesystem::path& file) const;
  // Decodes an entry for `file`; nullopt (a miss) when it does not decode.
  std::optional<cache::CheckedText> decode(const std::string& encoded, const std::filesystem::path& file);

  std::filesystem::path root_;
  std::string key_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by path relative to root_
  std::set<std::string> used_;            // found or stored in this run
  bool changed_ = false;
  Counts counts_;
};

// What the stored findings depend on besides the file: this binary (its version, size and
// modification time, so a rebuilt binary with changed rules never reuses old findings) and the
// rules the selection turns on, and the project settings per-file rules read.
std::string cache_key(const RuleSelection& selection, const links::ProjectSettings& settings);

// Where `validate` keeps its cache for a project: a folder of its own under the root, which a
// .gitignore inside keeps out of version control; one file per selection of rules.
std::filesystem::path cache_file_for(const std::filesystem::path& root, const RuleSelection& selection);

}  // namespace djust::lint
