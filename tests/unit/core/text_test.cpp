#include "core/text.h"

#include <doctest/doctest.h>

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

TEST_CASE("is_valid_utf8 rejects malformed, overlong and surrogate sequences") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}
