#pragma once
// The folders an MCP client says the user works in (its `roots`), shared between the server,
// which asks the client for them, and whatever needs them to find the user's project. A caller
// may wait a little while an answer is expected, since the client answers asynchronously.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string_view>
#include <vector>

namespace djust::core {

class ClientRoots {
 public:
  // The client was asked (again): callers wait for its answer.
  void expect();
  // The client's answer, or `std::nullopt` when it offers no roots (no capability, an error).
  // Tells every listener.
  void set(std::optional<std::vector<std::filesystem::path>> roots);

  // The roots as known now, waiting up to `patience` while an answer is expected; nullopt when
  // the client offers none (or has not answered in time).
  std::optional<std::vector<std::filesystem::path>> get(std::chrono::milliseconds patience,
                                                        const std::stop_token& stop = {});
  // Bumped by each answer, so a user can tell whether what it derived from the roots is stale.
  std::uint64_t version() const;

  // Called (on the thread that calls set) after each answer; must not block.
  void on_change(std::function<void()> listener);

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  bool pending_ = false;
  std::optional<std::vector<std::filesystem::path>> roots_;
  std::uint64_t version_ = 0;
  std::vector<std::function<void()>> listeners_;
};

// The local path of a file:// URI (percent-decoded); nullopt for other schemes and remote hosts.
std::optional<std::filesystem::path> path_from_file_uri(std::string_view uri);

}  // namespace djust::core
