#include "core/client_roots.h"

#include <doctest/doctest.h>

#include <thread>

using djust::core::ClientRoots;
using djust::core::path_from_file_uri;
using namespace std::chrono_literals;

TEST_CASE("client roots: file URIs become paths; other URIs are not this machine's folders") {
  CHECK(path_from_file_uri("file:///home/me/shop") == std::filesystem::path("/home/me/shop"));
  CHECK(path_from_file_uri("file://localhost/srv/my%20site") == std::filesystem::path("/srv/my site"));
  CHECK_FALSE(path_from_file_uri("file://otherhost/srv").has_value());
  CHECK_FALSE(path_from_file_uri("https://example.com/x").has_value());
  CHECK_FALSE(path_from_file_uri("file:///a%00b").has_value());
}

TEST_CASE("client roots: a caller waits for an expected answer, not for one nobody will give") {
  ClientRoots roots;
  CHECK_FALSE(roots.get(10ms).has_value());  // nothing expected: no wait, no roots
  int changes = 0;
  roots.on_change([&] { ++changes; });
  roots.expect();
  std::thread answer([&] {
    std::this_thread::sleep_for(50ms);
    roots.set(std::vector<std::filesystem::path>{"/srv/shop"});
  });
  const auto got = roots.get(5s);
  answer.join();
  REQUIRE(got.has_value());
  CHECK(got->front() == "/srv/shop");
  CHECK(changes == 1);
  CHECK(roots.version() == 1);

  roots.expect();  // a client that never answers is waited for once
  const auto started = std::chrono::steady_clock::now();
  CHECK(roots.get(100ms)->front() == "/srv/shop");
  CHECK(roots.get(5s).has_value());
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}
