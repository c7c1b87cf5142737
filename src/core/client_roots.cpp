#include "core/client_roots.h"

#include <cctype>
#include <string>

namespace djust::core {

void ClientRoots::expect() {
  std::lock_guard lock(mutex_);
  pending_ = true;
}

void ClientRoots::set(std::optional<std::vector<std::filesystem::path>> roots) {
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard lock(mutex_);
    roots_ = std::move(roots);
    pending_ = false;
    ++version_;
    listeners = listeners_;
  }
  changed_.notify_all();
  for (const auto& listener : listeners) listener();
}

std::optional<std::vector<std::filesystem::path>> ClientRoots::get(std::chrono::milliseconds patience,
                                                                   const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  // A client that never answers is waited for once, not at every call.
  if (!changed_.wait_for(lock, stop, patience, [this] { return !pending_; }) && !stop.stop_requested())
    pending_ = false;
  return roots_;
}

std::uint64_t ClientRoots::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void ClientRoots::on_change(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

std::optional<std::filesystem::path> path_from_file_uri(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.size() < scheme.size() || uri.substr(0, scheme.size()) != scheme) return std::nullopt;
  std::string_view rest = uri.substr(scheme.size());
  // file:///path or file://localhost/path; any other host is not this machine.
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  rest = rest.substr(slash);
  if (const auto end = rest.find_first_of("?#"); end != std::string_view::npos) rest = rest.substr(0, end);
  std::string path;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    if (rest[i] == '%' && i + 2 < rest.size() && hex(rest[i + 1]) && hex(rest[i + 2])) {
      path += static_cast<char>(std::stoi(std::string(rest.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  return std::filesystem::path(path);
}

}  // namespace djust::core
