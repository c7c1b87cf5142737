#include "http/api_keys.h"
#include "http/http_server.h"
#include "mcp/http_transport.h"

#include <doctest/doctest.h>

#include "temp_dir.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

using djust::http::KeyStore;

namespace {

std::string read(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("api keys: a created key verifies, is stored only as a salted hash in a 0600 file, and revokes") {
  TempDir dir;
  const auto file = dir.path() / "config" / "api-keys.json";
  KeyStore store(file);
  store.load();
  const std::string key = store.create("laptop");
  const auto dot = key.find('.');
  REQUIRE(dot == 12);
  const std::string id = key.substr(0, dot);
  const std::string secret = key.substr(dot + 1);
  CHECK(secret.size() == 64);

  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const std::string stored = read(file);
  CHECK(stored.find(secret) == std::string::npos);
  CHECK(stored.find("laptop") != std::string::npos);

  KeyStore reread(file);
  reread.load();
  CHECK(reread.verify(key) == id);
  std::string wrong = key;
  wrong.back() = wrong.back() == '0' ? '1' : '0';
  CHECK_FALSE(reread.verify(wrong));
  CHECK_FALSE(reread.verify(secret));  // no id
  CHECK_FALSE(reread.verify("nope.nope"));

  // A second key gets a salt of its own: the same secret would not hash the same.
  const std::string other = reread.create("ci");
  CHECK(reread.keys().size() == 2);
  CHECK(reread.keys()[0].salt != reread.keys()[1].salt);

  CHECK(reread.revoke(id));
  CHECK_FALSE(reread.revoke(id));
  CHECK_FALSE(reread.verify(key));
  CHECK(reread.verify(other).has_value());
  // Another process sees the revocation once it re-reads the changed store.
  store.reload_if_changed();
  CHECK_FALSE(store.verify(key));
}

TEST_CASE("api keys: a blank, multi-line or overlong name is refused and nothing is stored") {
  TempDir dir;
  KeyStore store(dir.path() / "api-keys.json");
  const std::vector<std::string> refused = {"", "   ", "ci\nadmin", std::string(201, 'k')};
  for (const std::string& name : refused) {
    CAPTURE(name);
    CHECK_THROWS_WITH_AS(store.create(name), doctest::Contains("a key name is 1 to 200 printable characters"),
                         std::invalid_argument);
  }
  CHECK(store.keys().empty());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "api-keys.json"));
  CHECK_FALSE(store.create("ci runner").empty());
}

TEST_CASE("api keys: a store that is not ours is refused with its name") {
  TempDir dir;
  const auto file = dir.write("api-keys.json", "{\"something\": 1}");
  KeyStore store(file);
  CHECK_THROWS_WITH_AS(store.load(), doctest::Contains("api-keys.json is not a djust-mcp key store"),
                       std::runtime_error);
}

TEST_CASE("api keys: HMAC-SHA-256 is the RFC 4231 one, and comparison is exact") {
  // RFC 4231, test case 2.
  const std::string digest = djust::http::hmac_sha256("Jefe", "what do ya want for nothing?");
  std::string hex;
  for (const unsigned char c : digest) {
    static const char digits[] = "0123456789abcdef";
    hex += digits[c >> 4];
    hex += digits[c & 0xF];
  }
  CHECK(hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(djust::http::constant_time_equal("abc", "abc"));
  CHECK_FALSE(djust::http::constant_time_equal("abc", "abd"));
  CHECK_FALSE(djust::http::constant_time_equal("abc", "abcd"));
  CHECK(djust::http::random_hex(16).size() == 32);
  CHECK(djust::http::random_hex(16) != djust::http::random_hex(16));
}

TEST_CASE("serve --http: [HOST:]PORT is parsed, loopback is told apart") {
  using djust::mcp::parse_listen_address;
  CHECK(parse_listen_address("8765") == std::make_pair(std::string("127.0.0.1"), 8765));
  CHECK(parse_listen_address("0.0.0.0:80") == std::make_pair(std::string("0.0.0.0"), 80));
  CHECK(parse_listen_address("[::1]:9000") == std::make_pair(std::string("::1"), 9000));
  CHECK_FALSE(parse_listen_address("host:"));
  CHECK_FALSE(parse_listen_address("host:99999"));
  CHECK_FALSE(parse_listen_address("host:12ab"));
  CHECK(djust::mcp::is_loopback_host("127.0.0.1"));
  CHECK(djust::mcp::is_loopback_host("localhost"));
  CHECK(djust::mcp::is_loopback_host("::1"));
  CHECK_FALSE(djust::mcp::is_loopback_host("0.0.0.0"));
  CHECK_FALSE(djust::mcp::is_loopback_host("192.168.1.2"));
}
