#include "mcp/result_cache.h"

#include <doctest/doctest.h>

using djust::mcp::ResultCache;

namespace {

std::shared_ptr<const std::string> text(std::size_t bytes) { return std::make_shared<const std::string>(bytes, 'r'); }

}  // namespace

TEST_CASE("result cache: keys count as much as values") {
  ResultCache cache(1000, 500);
  const std::string key(300, 'k');
  cache.insert(key, text(100));
  CHECK(cache.bytes() == 400);
  CHECK(*cache.find(key) == std::string(100, 'r'));
  // The same call computed twice at once is kept (and counted) once.
  cache.insert(key, text(100));
  CHECK(cache.bytes() == 400);
  CHECK(cache.entries() == 1);
}

TEST_CASE("result cache: an entry over the cap is not kept, however small its value") {
  ResultCache cache(1000, 500);
  const std::string huge_key(600, 'k');  // the arguments of a call, e.g. a whole view to validate
  cache.insert(huge_key, text(1));
  CHECK(cache.find(huge_key) == nullptr);
  CHECK(cache.bytes() == 0);
  cache.insert("small", text(600));
  CHECK(cache.find("small") == nullptr);
}

TEST_CASE("result cache: many distinct large calls never hold more than the capacity") {
  // 120 distinct calls with 5 MB arguments each (the issue #19 attack, 700 MB before keys were
  // counted) against the server's budget: 8 MB in all, 2 MB per entry.
  ResultCache cache(8 * 1024 * 1024, 2 * 1024 * 1024);
  for (int i = 0; i < 120; ++i) {
    std::string key = std::to_string(i) + std::string(5 * 1024 * 1024, 'x');
    cache.insert(key, text(200));
    CHECK(cache.bytes() <= 8 * 1024 * 1024);
  }
  CHECK(cache.entries() == 0);
  // Entries that fit are kept until the budget is spent, then the cache starts over.
  for (int i = 0; i < 100; ++i) {
    cache.insert("call " + std::to_string(i) + std::string(1024 * 1024, 'y'), text(1000));
    CHECK(cache.bytes() <= 8 * 1024 * 1024);
  }
  CHECK(cache.entries() > 0);
  CHECK(cache.entries() <= 8);
}
