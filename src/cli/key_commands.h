#pragma once
// `serve --http [HOST:]PORT` and its options, and `djust-mcp key create|list|revoke`, the API
// keys HTTP clients present.

#include "mcp/http_transport.h"

#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace djust::cli {

class HttpCommands {
 public:
  // Adds the HTTP options to `serve` and the `key` command to `app`.
  HttpCommands(CLI::App& app, CLI::App& serve);
  // The exit code when a `key` command was chosen.
  std::optional<int> run_keys(std::ostream& out, std::ostream& err) const;
  // The HTTP options when `serve --http` was asked for.
  std::optional<mcp::HttpOptions> http_options() const;

 private:
  CLI::App* key_ = nullptr;
  CLI::App* create_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* revoke_ = nullptr;
  std::string key_name_;
  std::string key_id_;
  std::string key_file_;
  std::string listen_;
  bool no_auth_ = false;
  std::vector<std::string> allowed_origins_;
  std::string audit_log_;
  std::size_t max_requests_ = mcp::HttpOptions{}.max_concurrent_requests;
  std::size_t max_sessions_ = mcp::HttpOptions{}.max_sessions;
};

}  // namespace djust::cli
