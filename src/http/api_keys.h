#pragma once
// API keys for `serve --http`, in the manner of django-mcp-framework's MCPAPIKey: a key is shown
// once as `<key_id>.<secret>`; the store keeps only the id, a name, a random salt and
// HMAC-SHA-256(salt, secret), in a file of mode 0600 under the user's config folder.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace djust::http {

struct ApiKey {
  std::string id;
  std::string name;
  std::string created;  // UTC, ISO 8601
  std::string salt;     // hex
  std::string hash;     // hex HMAC-SHA-256(salt, secret)
};

// $XDG_CONFIG_HOME/djust-mcp/api-keys.json, else ~/.config/djust-mcp/api-keys.json.
std::filesystem::path default_key_file();

// `bytes` bytes from the kernel's CSPRNG (getrandom), as lowercase hex. Throws on failure.
std::string random_hex(std::size_t bytes);

class KeyStore {
 public:
  explicit KeyStore(std::filesystem::path file);

  // Reads the file (a missing one is an empty store). Throws std::runtime_error on a file that is
  // unreadable or not ours.
  void load();
  const std::vector<ApiKey>& keys() const { return keys_; }

  // Adds a key named `name` and saves; returns the `<key_id>.<secret>` to show once.
  std::string create(const std::string& name);
  // Removes the key and saves; false when there is none with that id.
  bool revoke(const std::string& id);

  // The id of the key `presented` (`<key_id>.<secret>`) when it is one of ours.
  std::optional<std::string> verify(const std::string& presented) const;
  // Reads the file again when it changed since it was read (a key created or revoked meanwhile);
  // keeps what it had when the file cannot be read.
  void reload_if_changed();

 private:
  void save() const;

  std::filesystem::path file_;
  std::vector<ApiKey> keys_;
  std::filesystem::file_time_type loaded_time_{};
};

// Equal contents, in a time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace djust::http
