#include "cli/key_commands.h"

#include "cli/cli_model.h"
#include "http/api_keys.h"

#include <CLI/CLI.hpp>

#include <ostream>

namespace djust::cli {

HttpCommands::HttpCommands(CLI::App& app, CLI::App& serve) {
  serve.add_option("--http", listen_, "Serve MCP over Streamable HTTP at http://HOST:PORT/mcp instead of stdio")
      ->type_name("[HOST:]PORT");
  serve.add_flag("--no-auth", no_auth_, "Serve HTTP without API keys (loopback addresses only)");
  serve
      .add_option("--allow-origin", allowed_origins_,
                  "Also accept this Origin or Host (DNS-rebinding protection allows loopback names only)")
      ->type_name("ORIGIN");
  serve.add_option("--audit-log", audit_log_, "Append one JSON line per HTTP tools/call here (default: stderr)")
      ->type_name("FILE");
  serve.add_option("--max-requests", max_requests_, "HTTP requests handled at once; more get 503 with Retry-After")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  serve.add_option("--max-sessions", max_sessions_, "Initialize-era HTTP sessions open at once; more get 503")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  serve.add_option("--key-file", key_file_, "The API key store (default: ~/.config/djust-mcp/api-keys.json)")
      ->type_name("FILE")
      ->envname("DJUST_MCP_KEY_FILE");

  key_ = app.add_subcommand("key", "Manage the API keys HTTP clients present (serve --http)");
  key_->require_subcommand(1);
  key_->add_option("--key-file", key_file_, "The API key store (default: ~/.config/djust-mcp/api-keys.json)")
      ->type_name("FILE")
      ->envname("DJUST_MCP_KEY_FILE");
  create_ = key_->add_subcommand("create", "Create a key and print it, once");
  create_->add_option("name", key_name_, "Who or what the key is for")->required();
  list_ = key_->add_subcommand("list", "List the keys (ids and names; the secrets are not kept)");
  revoke_ = key_->add_subcommand("revoke", "Revoke a key: clients using it get 401 from then on");
  revoke_->add_option("id", key_id_, "The key's id (the part before the dot)")->required();
  key_->footer(
      "Examples:\n  djust-mcp key create laptop\n  djust-mcp key list\n  djust-mcp key revoke 3f9a1c2b7d4e\n"
      "Clients send the key as `Authorization: Bearer <key>`. Only a salted HMAC-SHA-256 of it is\n"
      "stored (mode 0600).");
}

std::optional<int> HttpCommands::run_keys(std::ostream& out, std::ostream& err) const {
  if (!*key_) return std::nullopt;
  try {
    http::KeyStore store(key_file_.empty() ? http::default_key_file() : std::filesystem::path(key_file_));
    store.load();
    if (*create_) {
      const std::string key = store.create(key_name_);
      out << key << "\n";
      err << "Keep this key: it is shown only once. Clients send it as `Authorization: Bearer <key>`.\n";
      return 0;
    }
    if (*list_) {
      for (const auto& k : store.keys()) out << k.id << "  " << k.created << "  " << k.name << "\n";
      return 0;
    }
    if (store.revoke(key_id_)) {
      out << "revoked " << key_id_ << "\n";
      return 0;
    }
    err << "djust-mcp: no key with id " << key_id_ << " (djust-mcp key list shows them)\n";
    return 1;
  } catch (const std::exception& e) {
    err << "djust-mcp: " << e.what() << "\n";
    return 1;
  }
}

std::optional<mcp::HttpOptions> HttpCommands::http_options() const {
  if (listen_.empty()) return std::nullopt;
  const auto address = mcp::parse_listen_address(listen_);
  if (!address)
    throw CLI::ValidationError("--http", "expected [HOST:]PORT, e.g. 8765 or 127.0.0.1:8765, not " + listen_);
  mcp::HttpOptions options;
  options.host = address->first;
  options.port = address->second;
  options.no_auth = no_auth_;
  options.allowed_origins = allowed_origins_;
  if (!key_file_.empty()) options.key_file = key_file_;
  if (!audit_log_.empty()) options.audit_log = audit_log_;
  options.max_concurrent_requests = max_requests_;
  options.max_sessions = max_sessions_;
  return options;
}

}  // namespace djust::cli
