#pragma once
// The binary form of what checking one file produced (its findings before the project rules,
// its links::FileFacts), for the lint cache. Every type's fields are listed once, in codec.cpp,
// and that one list is both written and read, so the two directions cannot drift apart; a
// static_assert there stops the build when a facts struct gains a field the list lacks.

#include "lint/finding.h"
#include "lint/links/facts.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace djust::lint::cache {

// The `# noqa` comments of a text by line: the rule ids each names, nullopt for a bare one (all).
using NoqaLines = std::map<std::uint32_t, std::optional<std::set<std::string>>>;

// What checking one file's text produced, before the project rules and `# noqa` ran.
struct CheckedText {
  std::optional<std::vector<Finding>> findings;  // nullopt: the file was only read for its facts
  std::optional<links::FileFacts> facts;         // nullopt when no linking rule ran
  std::optional<std::string> error;              // why it could not be checked (nested too deep)
  // Kept with the findings, so that a file the cache vouches for need not be read to apply them.
  std::optional<NoqaLines> noqa;
};

// Bytes that end early or hold an impossible value: the cache file is then ignored.
class CorruptData : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  void number(std::uint64_t value);  // LEB128, so small numbers take one byte
  void text(std::string_view value);
  void checked(const CheckedText& value);
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t number();
  std::string text();
  CheckedText checked();
  bool at_end() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
};

// A 64-bit hash of file content: fast, not cryptographic (a changed file is caught by the hash
// together with its size; nobody gains from forging a collision with their own source).
std::uint64_t content_hash(std::string_view bytes);

}  // namespace djust::lint::cache
