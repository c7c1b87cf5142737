#pragma once
// What a lint rule reports: where, what, how bad, and optionally a safe fix.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace djust::lint {

enum class Severity { error, warning, info };

std::string_view severity_name(Severity severity);
// The same, with the word a report format uses for info (SARIF "note", GitHub "notice").
std::string_view severity_name(Severity severity, std::string_view info_word);

// 1-based lines and columns (columns count bytes, as tree-sitter and most editors' byte
// offsets do); end is exclusive.
struct Span {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  std::uint32_t end_line = 1;
  std::uint32_t end_column = 1;
};

struct Edit {
  std::uint32_t start_byte = 0;
  std::uint32_t end_byte = 0;  // == start_byte for an insertion
  std::string replacement;
};

struct Fix {
  std::string description;  // what applying it changes, for "--fix" reports
  std::vector<Edit> edits;
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::warning;
  std::string message;
  std::string fix_hint;
  Span span;
  std::optional<Fix> fix;
};

}  // namespace djust::lint
