#pragma once
// Small text helpers shared by every room: suggestions for misspelt names, joining, UTF-8 and
// JSON nesting checks.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace djust::core {

// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so that the
// swapped letters of "delete_itme" cost one edit. Past `bound` it stops and returns bound + 1:
// memory is linear in b, time at most a x b and less when the strings differ early.
std::size_t edit_distance(std::string_view a, std::string_view b,
                          std::size_t bound = std::numeric_limits<std::size_t>::max() - 1);

// Words longer than this get no suggestion: nobody misspells a name that long, and each
// comparison would cost length x length.
inline constexpr std::size_t kMaxSuggestedLength = 100;

// The closest candidate within a distance that scales with the word's length, if any; none for a
// word longer than kMaxSuggestedLength. Time is at most candidates x 100 x 133 character steps.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

std::string join(const std::vector<std::string>& items, std::string_view separator);

// "Unknown <what> 'value'. Did you mean 'x'? Valid values: a, b, c." for a value not in `valid`.
std::string unknown_value_message(const std::string& what, const std::string& value,
                                  const std::vector<std::string>& valid);

bool is_valid_utf8(std::string_view text);

// Whether JSON text nests arrays and objects more than `limit` deep. nlohmann::json parses any
// depth, but copying, comparing and dumping a value recurse once per level, so a line of a
// million '[' overflows the stack; check untrusted text before parsing it.
bool json_nested_deeper_than(std::string_view json_text, std::size_t limit);

// [A-Za-z_][A-Za-z0-9_]*: a Python identifier as djust and our generated code accept them.
bool is_ascii_identifier(std::string_view text);

bool starts_with_icase(std::string_view text, std::string_view prefix);

// Without leading and trailing blanks (spaces, tabs, newlines).
std::string_view trim(std::string_view text);

// ASCII letters lowercased, every other byte kept (HTML tag names, URL schemes, host names).
std::string to_lower(std::string_view text);

// Standard base64 (RFC 4648, with padding): binary content in JSON, encoded header values.
std::string encode_base64(std::string_view bytes);
// nullopt when `text` holds a character outside the alphabet; decoding stops at the first '='.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace djust::core
