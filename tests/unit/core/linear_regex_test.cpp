#include "core/linear_regex.h"

#include <doctest/doctest.h>

#include <string>

using djust::core::LinearRegex;
using djust::core::RegexError;

TEST_CASE("linear_regex: search follows ECMAScript on the supported subset") {
  struct Case {
    const char* pattern;
    const char* text;
    bool found;
  };
  const Case cases[] = {
      {"^[A-Za-z_][A-Za-z0-9_]*$", "handler_1", true},
      {"^[A-Za-z_][A-Za-z0-9_]*$", "1handler", false},
      {"^[A-Za-z_][A-Za-z0-9_]*$", "a b", false},
      {"^[A-Za-z_][A-Za-z0-9_]*$", "", false},
      {"dj-", "<b dj-click>", true},  // unanchored: anywhere
      {"^from djust(\\.[a-z_]+)* import [A-Za-z_]+(, [A-Za-z_]+)*$",
       "from djust.decorators import event_handler, debounce", true},
      {"^from djust(\\.[a-z_]+)* import [A-Za-z_]+(, [A-Za-z_]+)*$", "from djust import LiveView", true},
      {"^from djust(\\.[a-z_]+)* import [A-Za-z_]+(, [A-Za-z_]+)*$", "from djust. import LiveView", false},
      {"^[0-9]{4}-[0-9]{2}$", "2026-12", true},
      {"^[0-9]{4}-[0-9]{2}$", "226-12", false},
      {"^a{2,3}$", "a", false},
      {"^a{2,3}$", "aa", true},
      {"^a{2,3}$", "aaa", true},
      {"^a{2,3}$", "aaaa", false},
      {"^a{2,}$", "aaaaaa", true},
      {"^(?:lazy|debounce(-\\d+)?)$", "lazy", true},
      {"^(?:lazy|debounce(-\\d+)?)$", "debounce-300", true},
      {"^(?:lazy|debounce(-\\d+)?)$", "debounce-", false},
      {"^\\S+$", "abc", true},
      {"^\\S+$", "a c", false},
      {"^<[\\s\\S]*>$", "<p>\n</p>", true},
      {"^.*$", "a\nb", false},  // . stops at a line end
      {"[^a-c]", "abcd", true},
      {"[^a-c]", "abc", false},
      {"^[-a]+$", "a-a", true},
      {"^\\{%$", "{%", true},
      {"^a+?$", "aaa", true},  // lazy: the same texts match
      // Code points, not bytes: é is one character; a stray byte is one unit.
      {"^.$", "\xC3\xA9", true},
      {"^[\xC3\xA0-\xC3\xBF]$", "\xC3\xA9", true},
      {"^.$", "\xFF", true},
  };
  for (const auto& c : cases) {
    INFO(c.pattern, " on ", c.text);
    CHECK(LinearRegex(c.pattern).search(c.text) == c.found);
  }
}

TEST_CASE("linear_regex: full_match wants the whole text") {
  const LinearRegex unanchored("dj-");
  CHECK_FALSE(unanchored.full_match("<b dj-click>"));
  CHECK(unanchored.full_match("dj-"));
  CHECK(LinearRegex("-?\\d+").full_match("-12"));
  CHECK_FALSE(LinearRegex("-?\\d+").full_match("-12.5"));
}

TEST_CASE("linear_regex: constructs outside the subset are refused when compiled, saying what") {
  auto error_of = [](const char* pattern) {
    try {
      const LinearRegex compiled(pattern);
    } catch (const RegexError& e) {
      return std::string(e.what());
    }
    return std::string("compiled");
  };
  CHECK(error_of("^(?![\\s\\S]*\\{%)<") ==
        "pattern ^(?![\\s\\S]*\\{%)<: unsupported group (lookaround and named groups are not supported) at offset 2");
  CHECK(error_of("(a)\\1") == "pattern (a)\\1: unsupported escape \\1 (backreferences) at offset 5");
  CHECK(error_of("\\bword") == "pattern \\bword: unsupported escape \\b at offset 2");
  CHECK(error_of("a{2") == "pattern a{2: a literal '{' must be escaped as \\{ at offset 1");
  CHECK(error_of("*a") == "pattern *a: nothing to repeat at offset 0");
  CHECK(error_of("(a") == "pattern (a: missing ')' at offset 2");
  CHECK(error_of("a)") == "pattern a): unmatched ')' at offset 1");
  CHECK(error_of("[z-a]") == "pattern [z-a]: a range out of order at offset 4");
  CHECK(error_of("a{1001}") == "pattern a{1001}: a repeat count above 1000 at offset 7");
  CHECK(error_of("(a{1000}){1000}") == "pattern (a{1000}){1000}: too large");
}

TEST_CASE("linear_regex: texts that overflow std::regex's stack or backtrack forever take linear time") {
  // std::regex recursed once per character here and crashed on 30,000.
  const std::string long_name(1'000'000, 'a');
  CHECK(LinearRegex("^[A-Za-z_][A-Za-z0-9_]*$").search(long_name));
  CHECK_FALSE(LinearRegex("^[A-Za-z_][A-Za-z0-9_]*$").search(long_name + "!"));
  // Exponential for a backtracking matcher: every way of splitting the a's is tried before failing.
  CHECK_FALSE(LinearRegex("(a*)*b").search(std::string(30'000, 'a')));
  CHECK_FALSE(LinearRegex("^(a|aa)+$").search(std::string(30'000, 'a') + "b"));
}
