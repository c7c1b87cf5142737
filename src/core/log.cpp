#include "core/log.h"

#include <cstdio>
#include <mutex>
#include <shared_mutex>

namespace djust::core {
namespace {

std::mutex& log_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::optional<LogLevel>& stderr_level() {
  static std::optional<LogLevel> level = LogLevel::warning;
  return level;
}
LogForwarder& forwarder() {
  static LogForwarder f;
  return f;
}
// Held (shared) while a forwarder runs, and (exclusive) while it is replaced: once
// set_log_forwarder returns, the old one is not running on any thread and will not be called, so
// its owner (the MCP server) may go while threads that outlive it still log.
std::shared_mutex& forwarding_mutex() {
  static std::shared_mutex mutex;
  return mutex;
}

}  // namespace

const std::vector<std::string>& log_level_names() {
  static const std::vector<std::string> names = {"debug", "info",     "notice", "warning",
                                                 "error", "critical", "alert",  "emergency"};
  return names;
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
  const auto& names = log_level_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

std::string_view log_level_name(LogLevel level) { return log_level_names().at(static_cast<std::size_t>(level)); }

void set_stderr_log_level(std::optional<LogLevel> level) {
  std::lock_guard lock(log_mutex());
  stderr_level() = level;
}

void set_log_forwarder(LogForwarder f) {
  std::unique_lock forwarding(forwarding_mutex());
  std::lock_guard lock(log_mutex());
  forwarder() = std::move(f);
}

void log(LogLevel level, std::string_view logger, std::string_view message) {
  std::shared_lock forwarding(forwarding_mutex());
  LogForwarder forward;
  {
    std::lock_guard lock(log_mutex());
    if (stderr_level() && level >= *stderr_level()) {
      std::fprintf(stderr, "djust-mcp %.*s [%.*s] %.*s\n", static_cast<int>(log_level_name(level).size()),
                   log_level_name(level).data(), static_cast<int>(logger.size()), logger.data(),
                   static_cast<int>(message.size()), message.data());
    }
    forward = forwarder();
  }
  // Outside the lock: the forwarder writes to stdout under its own lock.
  if (forward) forward(level, logger, message);
}

}  // namespace djust::core
