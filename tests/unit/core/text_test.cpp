#include "core/text.h"

#include <doctest/doctest.h>

#include <string>

using namespace djust::core;

TEST_CASE("edit_distance counts a transposition as one edit") {
  CHECK(edit_distance("delete_itme", "delete_item") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest_match suggests only near names") {
  const std::vector<std::string> names = {"dj-click", "dj-click-away", "dj-model"};
  CHECK(closest_match("dj-clik", names) == "dj-click");
  CHECK(closest_match("dj-modle", names) == "dj-model");
  CHECK_FALSE(closest_match("dj-something-else", names).has_value());
}

TEST_CASE("edit_distance stops past its bound") {
  CHECK(edit_distance("kitten", "sitting", 3) == 3);
  CHECK(edit_distance("kitten", "sitting", 2) == 3);  // bound + 1: "more than 2"
  CHECK(edit_distance("delete_itme", "delete_item", 0) == 1);
  CHECK(edit_distance("abc", "abcdefgh", 2) == 3);  // the lengths alone tell
  // Far apart from the first characters: given up after a few rows, not after a million.
  CHECK(edit_distance(std::string(1'000'000, 'x'), std::string(1'000'000, 'y'), 3) == 4);
}

TEST_CASE("closest_match gives no suggestion for a name past the length bound, at once") {
  const std::vector<std::string> names = {"dj-click", "dj-click-away", "dj-model"};
  // A 1 MB unknown name took 18 s and ~250x its size in memory (a full distance table per name).
  CHECK_FALSE(closest_match(std::string(1'000'000, 'd'), names).has_value());
  CHECK_FALSE(closest_match("dj-click" + std::string(kMaxSuggestedLength, 'k'), names).has_value());
  // At the bound a near name is still found.
  std::vector<std::string> long_names = {std::string(kMaxSuggestedLength, 'a')};
  CHECK(closest_match(std::string(kMaxSuggestedLength - 1, 'a') + "b", long_names) == long_names.front());
}

TEST_CASE("is_ascii_identifier") {
  CHECK(is_ascii_identifier("_private1"));
  CHECK_FALSE(is_ascii_identifier(""));
  CHECK_FALSE(is_ascii_identifier("1st"));
  CHECK_FALSE(is_ascii_identifier("a-b"));
  CHECK_FALSE(is_ascii_identifier("caf\xC3\xA9"));
}

TEST_CASE("is_valid_utf8 rejects malformed, overlong and surrogate sequences") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}
