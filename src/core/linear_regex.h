#pragma once
// Regular expressions for untrusted text: a Thompson NFA simulated in lockstep (a Pike VM without
// captures), so matching takes time linear in the text and memory linear in the pattern, where
// std::regex recurses once per character and overflows the stack on a long string.
//
// The syntax is the ECMAScript subset our schemas, rules and translated .gitignore globs use:
// literals, `.`, classes `[...]` with ranges and negation, `\d \D \w \W \s \S`, escaped
// punctuation, `\n \t \r \f \v \xHH \uHHHH`, anchors `^ $` (of the whole text), groups `(...)` and
// `(?:...)`, alternation `|`, and the quantifiers `* + ? {m} {m,} {m,n}` (a trailing `?`, lazy
// in ECMAScript, changes nothing about whether a text matches). Anything else (lookaround,
// backreferences, \b, named groups, flags) is refused when the pattern is compiled, with a
// RegexError that says what and where, so that a pattern never silently means something else.
// Text is read as UTF-8 code points; a byte that is not valid UTF-8 is one unit matching only `.`
// and negated classes.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace djust::core {

class RegexError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class LinearRegex {
 public:
  // Throws RegexError for a construct outside the subset or a pattern over the size bound.
  explicit LinearRegex(std::string_view pattern);

  // Whether the pattern matches somewhere in `text` (ECMAScript's test(), JSON Schema's pattern).
  bool search(std::string_view text) const;
  // Whether the pattern matches the whole of `text` (std::regex_match).
  bool full_match(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }

  struct Range {
    char32_t first;
    char32_t last;
  };
  enum class Op : std::uint8_t { character, any, set, split, jump, text_start, text_end, match };
  struct Instruction {
    Op op;
    char32_t character = 0;  // character
    std::size_t x = 0;       // set: index into sets_; split, jump: target
    std::size_t y = 0;       // split: second target
  };

 private:
  bool run(std::string_view text, bool whole) const;

  std::string pattern_;
  std::vector<Instruction> program_;
  std::vector<std::vector<Range>> sets_;  // sorted, disjoint ranges of code points
};

}  // namespace djust::core
