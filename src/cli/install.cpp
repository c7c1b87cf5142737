#include "cli/install.h"

#include "cli/tool_commands.h"
#include "core/files.h"
#include "core/paths.h"
#include "project/project_locator.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

bool is_blank_text(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// Fields of an HTTP entry, removed when it becomes a stdio one, and the other way round.
constexpr const char* kHttpOnlyFields[] = {"url", "headers"};
constexpr const char* kStdioOnlyFields[] = {"command", "args", "env"};

ojson entry_json(const ClientFormat& format, const ServerEntry& entry, ojson base) {
  if (!base.is_object()) base = ojson::object();
  for (const char* field : kHttpOnlyFields) base.erase(field);
  if (format.typed) base["type"] = "stdio";
  base["command"] = entry.command;
  base["args"] = entry.args;
  // Variables the person added to the entry stay; ours are set.
  ojson env = base.contains("env") && base["env"].is_object() ? base["env"] : ojson::object();
  for (const auto& [key, value] : entry.env.items()) env[key] = value;
  base["env"] = env;
  return base;
}

ojson http_entry_json(const ClientFormat& format, const HttpServerEntry& entry, ojson base) {
  if (!base.is_object()) base = ojson::object();
  for (const char* field : kStdioOnlyFields) base.erase(field);
  if (format.http_type)
    base["type"] = *format.http_type;
  else
    base.erase("type");
  base["url"] = entry.url;
  // Headers the person added stay; ours is set (or removed, for a server without keys).
  ojson headers = base.contains("headers") && base["headers"].is_object() ? base["headers"] : ojson::object();
  if (entry.key_variable.empty()) {
    headers.erase("Authorization");
  } else {
    std::string key =
        format.env_reference.empty() ? std::string("${input:") + kVsCodeKeyInput + "}" : format.env_reference;
    if (const auto at = key.find("{var}"); at != std::string::npos) key.replace(at, 5, entry.key_variable);
    headers["Authorization"] = "Bearer " + key;
  }
  if (headers.empty())
    base.erase("headers");
  else
    base["headers"] = headers;
  return base;
}

// VS Code's password input for the key, added to the file's "inputs" unless one has its id.
void add_key_input(ojson& document) {
  ojson& inputs = document["inputs"];
  if (!inputs.is_array()) inputs = ojson::array();
  for (const auto& input : inputs)
    if (input.is_object() && input.value("id", std::string()) == kVsCodeKeyInput) return;
  inputs.push_back({{"type", "promptString"},
                    {"id", kVsCodeKeyInput},
                    {"description", "djust-mcp API key (djust-mcp key create NAME)"},
                    {"password", true}});
}

// FILE.bak-YYYYMMDD-HHMMSS (then -1, -2, ... when that exists): a copy of `file`.
fs::path back_up(const fs::path& file) {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string base = file.string() + ".bak-" + stamp;
  for (int n = 0;; ++n) {
    const fs::path backup = n == 0 ? fs::path(base) : fs::path(base + "-" + std::to_string(n));
    std::error_code error;
    if (fs::copy_file(file, backup, fs::copy_options::none, error)) return backup;
    if (error != std::errc::file_exists)
      throw std::runtime_error("cannot back up " + file.string() + ": " + error.message());
  }
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || !in.is_open()) throw std::runtime_error("cannot read " + file.string());
  return text;
}

// The file to write: `file` with its symlinks resolved, so that a linked configuration is updated
// where it lives. With `confine_to`, that must stay inside that folder.
fs::path resolve_target(const fs::path& file, const std::optional<fs::path>& confine_to) {
  std::error_code error;
  const fs::path target = fs::weakly_canonical(file, error);
  if (error) throw std::runtime_error("cannot resolve " + file.string() + ": " + error.message());
  if (confine_to && !core::is_within(*confine_to, target)) {
    throw std::runtime_error(file.string() + " leads outside the project (to " + target.string() +
                             "); not writing there");
  }
  return target;
}

// The entry for one client: a project-scope entry names the project by the client's workspace
// variable when it has one; a user-scope entry names no project (the server finds it per session).
ServerEntry entry_for(const InstallRequest& request, const ClientFormat& format) {
  ServerEntry entry = request.entry;
  if (!request.user_scope && format.workspace_variable && !request.http) {
    entry.args.push_back("--project");
    entry.args.push_back(*format.workspace_variable);
  }
  return entry;
}

std::string next_step(const InstallRequest& request, const ClientFormat& format) {
  std::string text = request.user_scope ? format.user_next_step : format.project_next_step;
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{name}", request.name},
                                   std::pair<std::string, std::string>{"{dir}", request.project_dir.string()}}) {
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  }
  if (request.user_scope) return text;
  // What a teammate who gets the shared file needs besides it.
  if (!request.http) return text + " Each teammate needs djust-mcp on PATH.";
  return text + " Each teammate needs to reach " + request.http->url +
         (request.http->key_variable.empty()
              ? "."
              : " and an API key of their own (djust-mcp key create NAME on the server).");
}

// The file with the request's entry (stdio or HTTP) merged into `existing`.
MergeResult merge(const InstallRequest& request, const ClientFormat& format, const ServerEntry& entry,
                  const std::optional<std::string>& existing) {
  return request.http ? merge_http_server(existing, format, request.name, *request.http)
                      : merge_server(existing, format, request.name, entry);
}

// One client: returns false when it could not be done.
bool install_one(const InstallRequest& request, const ClientFormat& format, std::ostream& out, std::ostream& err) {
  const ServerEntry entry = entry_for(request, format);
  if (request.user_scope && !format.user_file) {
    if (request.print_only) {
      // Nothing to merge with: the fragment to paste where the note says.
      const MergeResult merged = merge(request, format, entry, std::nullopt);
      out << merged.text;
      err << "djust-mcp: " << format.user_scope_note << "\n";
      return true;
    }
    err << "djust-mcp: " << (request.client == "all" ? "skipped " + format.title + ": " : "") << format.user_scope_note
        << "\n";
    return request.client == "all";
  }
  if (request.user_scope && !request.home_dir) {
    err << "djust-mcp: cannot find your home folder (HOME is not set) for --scope user\n";
    return false;
  }
  try {
    const fs::path file =
        request.user_scope ? *request.home_dir / *format.user_file : request.project_dir / format.project_file;
    const fs::path target =
        resolve_target(file, request.user_scope ? std::nullopt : std::optional<fs::path>(request.project_dir));
    std::optional<std::string> existing;
    if (fs::exists(target)) existing = read_text(target);
    const MergeResult merged = merge(request, format, entry, existing);
    const std::string label = target.string() + " (" + format.title + ")";
    if (request.print_only) {
      out << (merged.change == MergeResult::Change::unchanged ? *existing : merged.text);
      if (merged.malformed)
        err << "djust-mcp: " << target.string() << " " << merged.problem << ": it would be backed up\n";
      err << "djust-mcp: "
          << (merged.change == MergeResult::Change::unchanged ? "already up to date, " : "would write ") << label
          << "; --print wrote nothing\n";
      return true;
    }
    if (merged.change == MergeResult::Change::unchanged) {
      out << label << " is already up to date.\n  Next: " << next_step(request, format) << "\n";
      return true;
    }
    if (merged.malformed) {
      const fs::path backup = back_up(target);
      err << "djust-mcp: " << target.string() << " " << merged.problem << "; backed up to " << backup.string() << "\n";
    }
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    // A new user file holds other servers' tokens as soon as the client adds them: private.
    core::WriteOptions write_options;
    write_options.new_file_mode = request.user_scope ? 0600 : 0666;
    if (!request.user_scope) write_options.within = request.project_dir;
    std::string write_error;
    if (error || !core::write_file_atomically(target, merged.text, write_error, write_options)) {
      throw std::runtime_error(error ? "cannot create " + target.parent_path().string() + ": " + error.message()
                                     : write_error);
    }
    switch (merged.change) {
      case MergeResult::Change::created:
        out << "Created " << label << " with MCP server '" << request.name << "'.\n";
        break;
      case MergeResult::Change::added:
        out << "Added MCP server '" << request.name << "' to " << label << ".\n";
        break;
      default:
        out << "Updated MCP server '" << request.name << "' in " << label << ".\n";
        break;
    }
    out << "  Next: " << next_step(request, format) << "\n";
    return true;
  } catch (const std::exception& e) {
    err << "djust-mcp: " << e.what() << "\n";
    return false;
  }
}

}  // namespace

const std::vector<ClientFormat>& client_formats() {
  static const std::vector<ClientFormat> formats = {
      // Claude Code expands ${VAR} in .mcp.json from its own environment, which holds no project
      // folder; it starts servers in the folder it was started in and offers that as a root.
      {.id = "claude",
       .title = "Claude Code",
       .servers_key = "mcpServers",
       .typed = true,
       .project_file = ".mcp.json",
       .user_file = ".claude.json",
       .user_scope_note = "",
       .workspace_variable = std::nullopt,
       .project_next_step =
           "run `claude` in {dir} (or a folder below it): Claude Code asks you to approve the project's MCP "
           "servers from .mcp.json; approve '{name}'. Until then `claude mcp list` shows it as pending approval; "
           "in a session, /mcp shows its state. Commit .mcp.json to share it.",
       .user_next_step = "`claude mcp list` shows '{name}' connected, and /mcp in a session; it serves the Django "
                         "project of the folder Claude Code is started in.",
       .http_type = "http",
       .env_reference = "${{var}}"},
      {.id = "cursor",
       .title = "Cursor",
       .servers_key = "mcpServers",
       .typed = false,
       .project_file = ".cursor/mcp.json",
       .user_file = ".cursor/mcp.json",
       .user_scope_note = "",
       .workspace_variable = "${workspaceFolder}",
       .project_next_step =
           "open {dir} in Cursor; Cursor Settings > MCP lists '{name}' with its tools (switch it on there if it is "
           "off). Commit .cursor/mcp.json to share it.",
       .user_next_step = "Cursor Settings > MCP lists '{name}' with its tools; it serves the Django project of the "
                         "folder Cursor has open.",
       .http_type = std::nullopt,
       .env_reference = "${env:{var}}"},
      {.id = "vscode",
       .title = "VS Code",
       .servers_key = "servers",
       .typed = true,
       .project_file = ".vscode/mcp.json",
       .user_file = std::nullopt,
       .user_scope_note =
           "VS Code keeps user-level MCP servers in the mcp.json of your user profile, whose folder depends on the "
           "platform, the edition (Code, Insiders, VSCodium) and the profile, so djust-mcp does not guess it: run "
           "\"MCP: Open User Configuration\" in VS Code and merge in what `djust-mcp install --client vscode "
           "--scope user --print` prints, or use --scope project (.vscode/mcp.json).",
       .workspace_variable = "${workspaceFolder}",
       .project_next_step =
           "open {dir} in VS Code: it asks you to trust '{name}' the first time it starts it (from chat in agent "
           "mode, or Start above its entry in .vscode/mcp.json); \"MCP: List Servers\" shows its state. Commit "
           ".vscode/mcp.json to share it.",
       .user_next_step = "\"MCP: List Servers\" in VS Code shows '{name}'; it serves the Django project of the "
                         "folder VS Code has open.",
       .http_type = "http",
       .env_reference = ""},
  };
  return formats;
}

namespace {

// Merges the entry `build` makes from the old one (an empty object when there is none) as server
// `name`; `extend` may add what else the entry needs to the document.
MergeResult merge_entry(const std::optional<std::string>& existing, const ClientFormat& format, const std::string& name,
                        const std::function<ojson(ojson base)>& build,
                        const std::function<void(ojson& document)>& extend) {
  MergeResult result;
  ojson document = ojson::object();
  ojson before;  // the document as it was, when it was usable as it was
  if (existing && !is_blank_text(*existing)) {
    document = ojson::parse(*existing, nullptr, false);
    if (document.is_discarded()) {
      result.malformed = true;
      // JSON with comments (VS Code allows them) is usable, but the comments would be lost.
      document = ojson::parse(*existing, nullptr, false, true);
      result.problem = document.is_discarded() ? "is not valid JSON" : "has comments, which are not kept";
      if (document.is_discarded()) document = ojson::object();
    }
    if (!document.is_object()) {
      result.malformed = true;
      result.problem = "does not hold a JSON object";
      document = ojson::object();
    }
    if (document.contains(format.servers_key) && !document[format.servers_key].is_object()) {
      result.malformed = true;
      result.problem = "has a \"" + format.servers_key + "\" that is not an object";
      document[format.servers_key] = ojson::object();
    }
    if (!result.malformed) before = document;
  }
  ojson& servers = document[format.servers_key];
  if (servers.is_null()) servers = ojson::object();
  const bool had_entry = servers.contains(name);
  servers[name] = build(had_entry ? servers[name] : ojson::object());
  if (extend) extend(document);

  if (!result.malformed && !before.is_null() && before == document) return result;
  result.text = document.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  result.change = !existing   ? MergeResult::Change::created
                  : had_entry ? MergeResult::Change::updated
                              : MergeResult::Change::added;
  return result;
}

}  // namespace

MergeResult merge_server(const std::optional<std::string>& existing, const ClientFormat& format,
                         const std::string& name, const ServerEntry& entry) {
  return merge_entry(existing, format, name, [&](ojson base) { return entry_json(format, entry, std::move(base)); },
                     {});
}

MergeResult merge_http_server(const std::optional<std::string>& existing, const ClientFormat& format,
                              const std::string& name, const HttpServerEntry& entry) {
  const bool asks_for_key = !entry.key_variable.empty() && format.env_reference.empty();
  return merge_entry(
      existing, format, name, [&](ojson base) { return http_entry_json(format, entry, std::move(base)); },
      asks_for_key ? std::function<void(ojson&)>(add_key_input) : std::function<void(ojson&)>());
}

int install(const InstallRequest& request, std::ostream& out, std::ostream& err) {
  bool ok = true;
  for (const auto& format : client_formats()) {
    if (request.client != "all" && request.client != format.id) continue;
    ok = install_one(request, format, out, err) && ok;
  }
  if (request.http && !request.http->key_variable.empty() && !request.print_only) {
    out << "The entry sends an API key of `djust-mcp key create NAME`: Claude Code and Cursor read it from $"
        << request.http->key_variable << ", VS Code asks for it once.\n";
  }
  return ok ? 0 : kExitUsage;
}

fs::path install_project_dir(const std::optional<fs::path>& explicit_dir, const fs::path& cwd) {
  if (explicit_dir) {
    std::error_code error;
    const fs::path dir = fs::canonical(fs::absolute(*explicit_dir), error);
    if (error || !fs::is_directory(dir))
      throw std::runtime_error("the project folder " + explicit_dir->string() + " (--project) does not exist");
    return dir;
  }
  try {
    return project::locate_project(std::nullopt, cwd).path;
  } catch (const project::LocateError&) {
    return fs::canonical(cwd);
  }
}

}  // namespace djust::cli
