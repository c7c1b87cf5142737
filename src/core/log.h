#pragma once
// Logging with the RFC 5424 levels MCP uses. Messages go to stderr (never stdout, which belongs
// to the protocol) above a threshold, and to one optional forwarder: the MCP server installs one
// that turns them into notifications/message for the client.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace djust::core {

enum class LogLevel { debug, info, notice, warning, error, critical, alert, emergency };

std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);
const std::vector<std::string>& log_level_names();

using LogForwarder = std::function<void(LogLevel, std::string_view logger, std::string_view message)>;

// nullopt silences stderr entirely.
void set_stderr_log_level(std::optional<LogLevel> level);
void set_log_forwarder(LogForwarder forwarder);

void log(LogLevel level, std::string_view logger, std::string_view message);

}  // namespace djust::core
