#pragma once
// Decoding one UTF-8 character: shared by the UTF-8 check of core/text and the code-point
// matching of core/linear_regex.

#include <cstddef>
#include <string_view>

namespace djust::core {

struct Utf8Char {
  char32_t code_point;
  std::size_t length;  // in bytes; 1 for an invalid byte
  bool valid;          // false: malformed, truncated, overlong, a surrogate or past U+10FFFF
};

// The UTF-8 character starting at byte `at` (< text.size()).
Utf8Char decode_utf8(std::string_view text, std::size_t at);

}  // namespace djust::core
