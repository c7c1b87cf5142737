// libFuzzer target: core::LinearRegex, which runs the patterns of our schemas and of .gitignore
// files on untrusted text. The first line is a pattern, the rest the text. Compiling either
// succeeds or throws RegexError; matching must take time linear in the text, whatever both are.

#include "fuzz_target.h"

#include "core/linear_regex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [pattern, text] = split_first_line(data, size);
  try {
    const djust::core::LinearRegex regex(pattern);
    regex.search(text);
    regex.full_match(text);
  } catch (const djust::core::RegexError&) {
  }
  return 0;
}
