#include "lint/cache/check_cache.h"

#include "core/files.h"
#include "core/text.h"
#include "core/version.h"
#include "lint/engine.h"

#include <sys/stat.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace djust::lint {
namespace fs = std::filesystem;
namespace {

// Changes whenever the layout of the file changes, so an older binary's file is never misread.
constexpr std::string_view kMagic = "djust-mcp lint cache 2\n";

// A file modified this close to when it was checked may be modified again within the same time
// stamp tick (coarse on many file systems), so its stamp alone does not prove it unchanged.
constexpr std::int64_t kRacyNs = 2'000'000'000;

std::int64_t now_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);  // the clock file times are taken from
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

std::string hex(std::uint64_t value) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(value));
  return out;
}

// The rules a selection runs, in table order.
std::string enabled_rule_ids(const RuleSelection& selection) {
  std::string ids;
  for (const auto& rule : all_rules())
    if (selection.enabled(rule)) ids += std::string(rule.doc.id) + ",";
  return ids;
}

// What `encoded` holds about `file`; nullopt when it does not decode.
std::optional<cache::CheckedText> decoded(const std::string& encoded, const fs::path& file) {
  try {
    cache::CheckedText out = cache::Reader(encoded).checked();
    if (out.facts) out.facts->file = file;  // the project may have moved since it was saved
    return out;
  } catch (const cache::CorruptData&) {
    return std::nullopt;
  }
}

// The kinds a second pass was given, as bytes to compare.
std::string encoded_kinds(const python::ProjectKinds& kinds) {
  cache::Writer writer;
  for (const auto& [name, kind] : kinds) {
    writer.text(name);
    writer.number(static_cast<std::uint64_t>(kind));
  }
  return writer.bytes();
}

}  // namespace

FileStamp stamp_of(const fs::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return {};
  auto ns = [](const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; };
  return {static_cast<std::uint64_t>(info.st_size), ns(info.st_mtim), ns(info.st_ctim),
          static_cast<std::uint64_t>(info.st_ino)};
}

CheckCache::CheckCache(fs::path root, std::string key) : root_(std::move(root)), key_(std::move(key)) {}

std::optional<std::string> CheckCache::key_of(const fs::path& file) const {
  fs::path rel = file.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel.generic_string();
}

std::optional<cache::CheckedText> CheckCache::decode(const std::string& encoded, const fs::path& file) {
  auto out = decoded(encoded, file);
  if (!out) {
    std::lock_guard lock(mutex_);
    ++counts_.misses;
    --counts_.hits;
  }
  return out;
}

std::optional<cache::CheckedText> CheckCache::find_unread(const fs::path& file, const FileStamp& stamp,
                                                          bool need_findings) {
  const auto key = key_of(file);
  if (!key || stamp.modified_ns == 0) return std::nullopt;
  std::unique_lock lock(mutex_);
  auto it = entries_.find(*key);
  const bool settled = it != entries_.end() && it->second.stamp.modified_ns + kRacyNs < it->second.checked_ns;
  if (!settled || it->second.stamp != stamp || (need_findings && !it->second.has_findings)) return std::nullopt;
  ++counts_.unread;
  ++counts_.hits;
  used_.insert(*key);
  const auto encoded = it->second.encoded;
  lock.unlock();
  return decode(*encoded, file);
}

std::optional<cache::CheckedText> CheckCache::find(const fs::path& file, const FileStamp& stamp,
                                                   std::string_view content, bool need_findings) {
  const auto key = key_of(file);
  if (!key) return std::nullopt;
  const std::uint64_t hash = cache::content_hash(content);
  std::unique_lock lock(mutex_);
  auto it = entries_.find(*key);
  if (it == entries_.end() || it->second.stamp.size != content.size() || it->second.hash != hash ||
      (need_findings && !it->second.has_findings)) {
    ++counts_.misses;
    return std::nullopt;
  }
  // Same content under a new stamp (touched, checked out again) or one too fresh to trust: note
  // the stamp it has now, so the next run can skip reading it.
  const std::int64_t now = now_ns();
  if (it->second.stamp != stamp || it->second.checked_ns <= it->second.stamp.modified_ns + kRacyNs) {
    it->second.stamp = stamp;
    it->second.checked_ns = now;
    changed_ = true;
  }
  ++counts_.hits;
  used_.insert(*key);
  const auto encoded = it->second.encoded;
  lock.unlock();
  return decode(*encoded, file);
}

void CheckCache::store(const fs::path& file, const FileStamp& stamp, std::string_view content,
                       const cache::CheckedText& checked) {
  const auto key = key_of(file);
  if (!key || stamp.modified_ns == 0) return;
  cache::Writer writer;
  writer.checked(checked);
  Entry entry{stamp,
              now_ns(),
              cache::content_hash(content),
              checked.findings.has_value(),
              std::make_shared<const std::string>(writer.bytes()),
              {},
              {}};
  std::lock_guard lock(mutex_);
  entries_[*key] = std::move(entry);
  used_.insert(*key);
  changed_ = true;
}

std::optional<cache::CheckedText> CheckCache::find_with_kinds(const fs::path& file, const python::ProjectKinds& kinds,
                                                              std::optional<std::string_view> content) {
  const auto key = key_of(file);
  if (!key) return std::nullopt;
  const std::uint64_t hash = content ? cache::content_hash(*content) : 0;
  const std::string wanted = encoded_kinds(kinds);
  std::unique_lock lock(mutex_);
  auto it = entries_.find(*key);
  if (it == entries_.end() || !it->second.with_kinds || it->second.kinds != wanted) return std::nullopt;
  const bool same_content =
      content ? it->second.stamp.size == content->size() && it->second.hash == hash : used_.count(*key) > 0;
  if (!same_content) return std::nullopt;
  const auto encoded = it->second.with_kinds;
  lock.unlock();
  return decoded(*encoded, file);
}

void CheckCache::store_with_kinds(const fs::path& file, std::string_view content, const python::ProjectKinds& kinds,
                                  const cache::CheckedText& checked) {
  const auto key = key_of(file);
  if (!key) return;
  cache::Writer writer;
  writer.checked(checked);
  std::string encoded = encoded_kinds(kinds);
  const std::uint64_t hash = cache::content_hash(content);
  std::lock_guard lock(mutex_);
  auto it = entries_.find(*key);
  if (it == entries_.end() || it->second.stamp.size != content.size() || it->second.hash != hash) return;
  it->second.kinds = std::move(encoded);
  it->second.with_kinds = std::make_shared<const std::string>(writer.bytes());
  changed_ = true;
}

CheckCache::Counts CheckCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void CheckCache::load(const fs::path& cache_file) {
  std::ifstream in(cache_file, std::ios::binary | std::ios::ate);
  if (!in) return;
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return;
  if (!std::string_view(bytes).starts_with(kMagic)) return;
  std::map<std::string, Entry> loaded;
  try {
    cache::Reader reader(std::string_view(bytes).substr(kMagic.size()));
    if (reader.text() != key_) return;
    for (std::uint64_t n = reader.number(); n > 0; --n) {
      std::string key = reader.text();
      Entry entry;
      entry.stamp.size = reader.number();
      entry.stamp.modified_ns = static_cast<std::int64_t>(reader.number());
      entry.stamp.changed_ns = static_cast<std::int64_t>(reader.number());
      entry.stamp.inode = reader.number();
      entry.checked_ns = static_cast<std::int64_t>(reader.number());
      entry.hash = reader.number();
      entry.has_findings = reader.number() != 0;
      entry.encoded = std::make_shared<const std::string>(reader.text());
      if (reader.number() != 0) {
        entry.kinds = reader.text();
        entry.with_kinds = std::make_shared<const std::string>(reader.text());
      }
      loaded[std::move(key)] = std::move(entry);
    }
    if (!reader.at_end()) return;
  } catch (const cache::CorruptData&) {
    return;  // a truncated or damaged file is a miss, and the next save replaces it
  }
  std::lock_guard lock(mutex_);
  entries_ = std::move(loaded);
}

bool CheckCache::save(const fs::path& cache_file, std::string& error) {
  std::lock_guard lock(mutex_);
  // Entries this run did not touch are kept while their file exists (a run over part of the
  // project must not forget the rest); those of deleted or renamed files go.
  std::vector<const std::pair<const std::string, Entry>*> kept;
  bool dropped = false;
  for (const auto& item : entries_) {
    std::error_code ec;
    if (used_.count(item.first) || fs::is_regular_file(root_ / item.first, ec))
      kept.push_back(&item);
    else
      dropped = true;
  }
  if (!changed_ && !dropped) return true;
  cache::Writer writer;
  writer.text(key_);
  writer.number(kept.size());
  for (const auto* item : kept) {
    const Entry& e = item->second;
    writer.text(item->first);
    writer.number(e.stamp.size);
    writer.number(static_cast<std::uint64_t>(e.stamp.modified_ns));
    writer.number(static_cast<std::uint64_t>(e.stamp.changed_ns));
    writer.number(e.stamp.inode);
    writer.number(static_cast<std::uint64_t>(e.checked_ns));
    writer.number(e.hash);
    writer.number(e.has_findings ? 1 : 0);
    writer.text(*e.encoded);
    writer.number(e.with_kinds ? 1 : 0);
    if (e.with_kinds) {
      writer.text(e.kinds);
      writer.text(*e.with_kinds);
    }
  }
  // Written through the real path of the root, opened beneath it without following links, so
  // a planted link never steers the cache outside the project.
  std::error_code ec;
  core::WriteOptions confined;
  confined.durable = false;
  confined.within = fs::canonical(root_, ec);
  const fs::path target = confined.within.value_or(root_) / cache_file.lexically_relative(root_);
  const fs::path folder = target.parent_path();
  std::error_code absent;  // a folder that is not there yet is made below
  if (!ec && fs::is_symlink(fs::symlink_status(folder, absent)))
    ec = std::make_error_code(std::errc::too_many_symbolic_link_levels);
  if (!ec) fs::create_directories(folder, ec);
  if (ec) {
    error = "cannot write the lint cache in " + folder.string() + ": " + ec.message();
    return false;
  }
  // Keeps the cache out of version control and out of backups that honour cache tags.
  const std::pair<const char*, const char*> markers[] = {
      {".gitignore", "# Made by djust-mcp validate; safe to delete (--no-cache skips it).\n*\n"},
      {"CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# The djust-mcp lint cache.\n"}};
  for (const auto& [name, text] : markers)
    if (!fs::exists(fs::symlink_status(folder / name, absent)) &&
        !core::write_file_atomically(folder / name, text, error, confined))
      return false;
  if (!core::write_file_atomically(target, std::string(kMagic) + writer.bytes(), error, confined)) return false;
  changed_ = false;
  return true;
}

std::string cache_key(const RuleSelection& selection, const links::ProjectSettings& settings) {
  std::string key = std::string(core::kVersion) + "\n";
  struct stat binary {};
  if (::stat("/proc/self/exe", &binary) == 0)
    key += std::to_string(binary.st_size) + " " + std::to_string(binary.st_mtim.tv_sec) + "." +
           std::to_string(binary.st_mtim.tv_nsec) + "\n";
  // Some per-file rules read the settings (V004 is silent under event_security 'open').
  key += "settings " + settings.file.string() +
         " event_security=" + std::string(links::event_security_name(settings.event_security)) +
         " app_dirs=" + (settings.app_dirs ? "1" : "0");
  for (const auto* list : {&settings.allowed_modules, &settings.installed_apps})
    key += list->has_value() ? " [" + core::join(**list, ",") + "]" : " -";
  return key + "\n" + enabled_rule_ids(selection);
}

fs::path cache_file_for(const fs::path& root, const RuleSelection& selection) {
  return root / ".djust-mcp-cache" / ("lint-" + hex(cache::content_hash(enabled_rule_ids(selection))) + ".bin");
}

}  // namespace djust::lint
