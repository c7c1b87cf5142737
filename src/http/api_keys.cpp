#include "http/api_keys.h"

#include "core/files.h"
#include "core/text.h"
#include "http/http_server.h"

#include <sys/random.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace djust::http {
namespace {

constexpr std::size_t kIdBytes = 6;       // 12 hex characters: unique enough to name a key
constexpr std::size_t kSecretBytes = 32;  // 256 bits: no guessing, so one HMAC suffices
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kMaxStoreBytes = 1024 * 1024;
constexpr std::size_t kMaxNameBytes = 200;

std::string to_hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 0xF];
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string digest(const std::string& salt_hex, std::string_view secret) {
  return to_hex(hmac_sha256(salt_hex, secret));
}

}  // namespace

std::filesystem::path default_key_file() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/')
    return std::filesystem::path(xdg) / "djust-mcp" / "api-keys.json";
  const char* home = std::getenv("HOME");
  if (!home || !*home) throw std::runtime_error("neither XDG_CONFIG_HOME nor HOME is set: nowhere to keep API keys");
  return std::filesystem::path(home) / ".config" / "djust-mcp" / "api-keys.json";
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  std::size_t filled = 0;
  while (filled < bytes) {
    const ssize_t n = ::getrandom(raw.data() + filled, bytes - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    filled += static_cast<std::size_t>(n);
  }
  return to_hex(raw);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return difference == 0;
}

KeyStore::KeyStore(std::filesystem::path file) : file_(std::move(file)) {}

void KeyStore::reload_if_changed() {
  std::error_code ec;
  const auto time = std::filesystem::last_write_time(file_, ec);
  if (ec || time == loaded_time_) return;
  try {
    load();
  } catch (const std::exception&) {
    // A store being replaced right now, or damaged: the keys read before stay in force.
  }
}

void KeyStore::load() {
  std::error_code ec;
  loaded_time_ = std::filesystem::last_write_time(file_, ec);
  keys_.clear();
  if (!std::filesystem::exists(file_, ec)) return;
  std::ifstream in(file_, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file_.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxStoreBytes) throw std::runtime_error(file_.string() + " is too large to be a key store");
  try {
    const auto parsed = nlohmann::json::parse(text.str());
    for (const auto& k : parsed.at("keys"))
      keys_.push_back({k.at("id"), k.at("name"), k.at("created"), k.at("salt"), k.at("hash")});
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file_.string() + " is not a djust-mcp key store: " + e.what());
  }
}

void KeyStore::save() const {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : keys_)
    keys.push_back({{"id", k.id}, {"name", k.name}, {"created", k.created}, {"salt", k.salt}, {"hash", k.hash}});
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  std::filesystem::permissions(file_.parent_path(), std::filesystem::perms::owner_all, ec);
  std::string error;
  core::WriteOptions options;
  options.new_file_mode = 0600;
  if (!core::write_file_atomically(file_, nlohmann::json{{"keys", keys}}.dump(2) + "\n", error, options))
    throw std::runtime_error(error);
  // A store that existed with looser permissions keeps them through the replacement: tighten.
  std::filesystem::permissions(file_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
}

std::string KeyStore::create(const std::string& name) {
  // The name is all `key list` shows to tell keys apart: one printable line of sensible length.
  const bool printable =
      std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f; });
  if (core::trim(name).empty() || name.size() > kMaxNameBytes || !printable)
    throw std::invalid_argument("a key name is 1 to " + std::to_string(kMaxNameBytes) +
                                " printable characters, not blank, on one line");
  ApiKey key;
  do {
    key.id = random_hex(kIdBytes);
  } while (std::any_of(keys_.begin(), keys_.end(), [&](const ApiKey& k) { return k.id == key.id; }));
  const std::string secret = random_hex(kSecretBytes);
  key.name = name;
  key.created = utc_now();
  key.salt = random_hex(kSaltBytes);
  key.hash = digest(key.salt, secret);
  keys_.push_back(key);
  save();
  return key.id + "." + secret;
}

bool KeyStore::revoke(const std::string& id) {
  const auto it = std::find_if(keys_.begin(), keys_.end(), [&](const ApiKey& k) { return k.id == id; });
  if (it == keys_.end()) return false;
  keys_.erase(it);
  save();
  return true;
}

std::optional<std::string> KeyStore::verify(const std::string& presented) const {
  const auto dot = presented.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string_view id(presented.data(), dot);
  const std::string_view secret(presented.data() + dot + 1, presented.size() - dot - 1);
  for (const auto& key : keys_) {
    if (key.id != id) continue;
    if (constant_time_equal(digest(key.salt, secret), key.hash)) return key.id;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace djust::http
