#include "core/linear_regex.h"

#include <doctest/doctest.h>

#include <string>

using djust::core::LinearRegex;
using djust::core::RegexError;

TEST_CASE("linear_regex: search and full_match follow ECMAScript on the supported subset") {
  const LinearRegex identifier("^[A-Za-z_][A-Za-z0-9_]*$");
  CHECK(identifier.search("handler_1"));
  CHECK_FALSE(identifier.search("1handler"));
  CHECK_FALSE(identifier.search("a b"));
  CHECK_FALSE(identifier.search(""));

  const LinearRegex unanchored("dj-");
  CHECK(unanchored.search("<b dj-click>"));
  CHECK_FALSE(unanchored.full_match("<b dj-click>"));
  CHECK(unanchored.full_match("dj-"));

  const LinearRegex import("^from djust(\\.[a-z_]+)* import [A-Za-z_]+(, [A-Za-z_]+)*$");
  CHECK(import.search("from djust.decorators import event_handler, debounce"));
  CHECK(import.search("from djust import LiveView"));
  CHECK_FALSE(import.search("from djust. import LiveView"));

  const LinearRegex counted("^[0-9]{4}-[0-9]{2}$");
  CHECK(counted.search("2026-12"));
  CHECK_FALSE(counted.search("226-12"));
  const LinearRegex bounded("^a{2,3}$");
  CHECK_FALSE(bounded.search("a"));
  CHECK(bounded.search("aa"));
  CHECK(bounded.search("aaa"));
  CHECK_FALSE(bounded.search("aaaa"));
  CHECK(LinearRegex("^a{2,}$").search("aaaaaa"));

  const LinearRegex alternation("^(?:lazy|debounce(-\\d+)?)$");
  CHECK(alternation.search("lazy"));
  CHECK(alternation.search("debounce-300"));
  CHECK_FALSE(alternation.search("debounce-"));

  CHECK(LinearRegex("^\\S+$").search("abc"));
  CHECK_FALSE(LinearRegex("^\\S+$").search("a c"));
  CHECK(LinearRegex("^<[\\s\\S]*>$").search("<p>\n</p>"));
  CHECK_FALSE(LinearRegex("^.*$").search("a\nb"));  // . stops at a line end
  CHECK(LinearRegex("[^a-c]").search("abcd"));
  CHECK_FALSE(LinearRegex("[^a-c]").search("abc"));
  CHECK(LinearRegex("^[-a]+$").search("a-a"));
  CHECK(LinearRegex("^\\{%$").search("{%"));
  CHECK(LinearRegex("^a+?$").search("aaa"));  // lazy: the same texts match
  // Code points, not bytes: é is one character.
  CHECK(LinearRegex("^.$").search("\xC3\xA9"));
  CHECK(LinearRegex("^[\xC3\xA0-\xC3\xBF]$").search("\xC3\xA9"));
  CHECK(LinearRegex("^.$").search("\xFF"));  // a stray byte is one unit
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
