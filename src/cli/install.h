#pragma once
// `djust-mcp install`: registers this binary as a stdio MCP server (or, with --transport http, a
// running `serve --http` by its URL) in the configuration file of Claude Code, Cursor or VS Code,
// merging with what is there.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace djust::cli {

// Where and how one client keeps its MCP servers.
struct ClientFormat {
  std::string id;                        // --client value
  std::string title;                     // for people
  std::string servers_key;               // the object holding servers by name
  bool typed = false;                    // the entry says "type": "stdio"
  std::string project_file;              // relative to the project
  std::optional<std::string> user_file;  // relative to the home folder; none when it has no fixed place
  std::string user_scope_note;           // why there is no user_file
  // The variable the client documents for the folder it has open, which the project-scope entry
  // passes as --project; none when the client has no such variable (the server then finds the
  // project from the client's roots or its working directory).
  std::optional<std::string> workspace_variable;
  // What to do next, for people; "{name}" stands for the server's name, "{dir}" for the project.
  std::string project_next_step;
  std::string user_next_step;
  // How an HTTP entry looks in this client's file.
  std::optional<std::string> http_type;  // its "type"; none when the client tells by "url" (Cursor)
  // How a header value names an environment variable, "{var}" standing for its name; empty when
  // the client asks the person for the key instead (VS Code's password input, kept in its secret
  // storage).
  std::string env_reference;
};

// Claude Code, Cursor, VS Code.
const std::vector<ClientFormat>& client_formats();

// What the server entry says: the binary (by name when it is on PATH), its arguments, its
// environment. install() adds the client's workspace variable for the project scope.
struct ServerEntry {
  std::string command;
  std::vector<std::string> args;
  nlohmann::ordered_json env = nlohmann::ordered_json::object();
};

// The outcome of merging an entry into a configuration file's text.
struct MergeResult {
  enum class Change { created, added, updated, unchanged } change = Change::unchanged;
  std::string text;        // the whole file as it would be written (when change != unchanged)
  bool malformed = false;  // the old text was not usable as it was: back it up before writing
  std::string problem;     // why, for the message
};

// A server the client reaches over Streamable HTTP: `djust-mcp serve --http` at `url`.
struct HttpServerEntry {
  std::string url;
  // Sends "Authorization: Bearer <key>" with the key from this environment variable (or, in VS
  // Code, a password input); empty for a server run with --no-auth.
  std::string key_variable = "DJUST_MCP_KEY";
};

// The id of the VS Code input that asks for the API key.
inline constexpr const char* kVsCodeKeyInput = "djust-mcp-key";

// Merges `entry` as server `name` into `existing` (the file's text; nullopt when there is no
// file), keeping other servers, other keys and other fields of the entry (its env is merged).
MergeResult merge_server(const std::optional<std::string>& existing, const ClientFormat& format,
                         const std::string& name, const ServerEntry& entry);

// As merge_server, for an HTTP entry: a stdio entry of that name becomes an HTTP one (its command,
// args and env go), other fields stay. VS Code also gets the input that asks for the key.
MergeResult merge_http_server(const std::optional<std::string>& existing, const ClientFormat& format,
                              const std::string& name, const HttpServerEntry& entry);

struct InstallRequest {
  std::string client = "claude";  // an id from client_formats(), or "all"
  bool user_scope = false;
  bool print_only = false;  // print what would be written, write nothing
  std::string name = "djust";
  std::filesystem::path project_dir;              // canonical
  std::optional<std::filesystem::path> home_dir;  // for user scope
  ServerEntry entry;
  std::optional<HttpServerEntry> http = std::nullopt;  // set: register the HTTP server instead of `entry`
};

// Writes (or prints) each client's file; what it did on `out`, problems on `err`. Returns 0, or
// 2 when a file cannot be read or written or the chosen client has no such scope (with "all",
// such a client is skipped with a note). One client's failure does not stop the others.
int install(const InstallRequest& request, std::ostream& out, std::ostream& err);

// The project for `--project` (must be a folder) or, without it, the nearest folder at or above
// `cwd` holding manage.py, else `cwd`. Throws std::runtime_error for a bad --project.
std::filesystem::path install_project_dir(const std::optional<std::filesystem::path>& explicit_dir,
                                          const std::filesystem::path& cwd);

}  // namespace djust::cli
