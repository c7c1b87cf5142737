#include "cli/install.h"

#include "temp_dir.h"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <sstream>

using namespace djust::cli;
using ojson = nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const ClientFormat& format(const std::string& id) {
  for (const auto& f : client_formats())
    if (f.id == id) return f;
  throw std::invalid_argument(id);
}

ServerEntry sample_entry() {
  return {.command = "/opt/bin/djust-mcp", .args = {"serve", "--project", "/srv/shop"}, .env = ojson::object()};
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> backups_of(const fs::path& file) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(file.parent_path()))
    if (entry.path().filename().string().rfind(file.filename().string() + ".bak-", 0) == 0)
      found.push_back(entry.path());
  return found;
}

}  // namespace

TEST_CASE("each client gets its own shape of entry") {
  const auto claude = merge_server(std::nullopt, format("claude"), "djust", sample_entry());
  CHECK(claude.change == MergeResult::Change::created);
  CHECK(ojson::parse(claude.text) ==
        ojson::parse(R"({"mcpServers": {"djust": {"type": "stdio", "command": "/opt/bin/djust-mcp",
                         "args": ["serve", "--project", "/srv/shop"], "env": {}}}})"));
  const auto cursor = merge_server(std::nullopt, format("cursor"), "djust", sample_entry());
  CHECK(ojson::parse(cursor.text)["mcpServers"]["djust"] ==
        ojson::parse(R"({"command": "/opt/bin/djust-mcp", "args": ["serve", "--project", "/srv/shop"], "env": {}})"));
  const auto vscode = merge_server(std::nullopt, format("vscode"), "djust", sample_entry());
  CHECK(ojson::parse(vscode.text)["servers"]["djust"]["type"] == "stdio");
  CHECK_FALSE(ojson::parse(vscode.text).contains("mcpServers"));
}

TEST_CASE("an HTTP entry in each client's documented shape, the key from the environment or a VS Code input") {
  const HttpServerEntry entry{.url = "http://127.0.0.1:8765/mcp", .key_variable = "DJUST_MCP_KEY"};
  // Claude Code expands ${VAR} in .mcp.json.
  const auto claude = merge_http_server(std::nullopt, format("claude"), "djust", entry);
  CHECK(claude.change == MergeResult::Change::created);
  CHECK(ojson::parse(claude.text) ==
        ojson::parse(R"({"mcpServers": {"djust": {"type": "http", "url": "http://127.0.0.1:8765/mcp",
                         "headers": {"Authorization": "Bearer ${DJUST_MCP_KEY}"}}}})"));
  // Cursor tells a remote server by its "url" and expands ${env:VAR}.
  const auto cursor = merge_http_server(std::nullopt, format("cursor"), "djust", entry);
  CHECK(ojson::parse(cursor.text) == ojson::parse(R"({"mcpServers": {"djust": {"url": "http://127.0.0.1:8765/mcp",
                         "headers": {"Authorization": "Bearer ${env:DJUST_MCP_KEY}"}}}})"));
  // VS Code asks for the key once (a password input) and keeps it in its secret storage.
  const auto vscode = merge_http_server(std::nullopt, format("vscode"), "djust", entry);
  CHECK(ojson::parse(vscode.text) ==
        ojson::parse(R"json({"servers": {"djust": {"type": "http", "url": "http://127.0.0.1:8765/mcp",
                         "headers": {"Authorization": "Bearer ${input:djust-mcp-key}"}}},
                         "inputs": [{"type": "promptString", "id": "djust-mcp-key",
                                     "description": "djust-mcp API key (djust-mcp key create NAME)",
                                     "password": true}]})json"));
  // Run again, nothing changes; the input is not added twice.
  CHECK(merge_http_server(vscode.text, format("vscode"), "djust", entry).change == MergeResult::Change::unchanged);

  // A server run with --no-auth: no Authorization header, no input.
  const HttpServerEntry open{.url = "http://127.0.0.1:8765/mcp", .key_variable = ""};
  CHECK(ojson::parse(merge_http_server(std::nullopt, format("vscode"), "djust", open).text) ==
        ojson::parse(R"({"servers": {"djust": {"type": "http", "url": "http://127.0.0.1:8765/mcp"}}})"));
}

TEST_CASE("switching an entry between stdio and HTTP drops the other transport's fields, keeps the person's") {
  const std::string stdio = R"({"mcpServers": {"djust": {"type": "stdio", "command": "djust-mcp", "args": ["serve"],
                                "env": {}, "disabled": false}}})";
  const HttpServerEntry entry{.url = "https://mcp.example.com/mcp", .key_variable = "SHOP_KEY"};
  const auto http = merge_http_server(stdio, format("claude"), "djust", entry);
  CHECK(http.change == MergeResult::Change::updated);
  CHECK(ojson::parse(http.text)["mcpServers"]["djust"] ==
        ojson::parse(R"({"type": "http", "disabled": false, "url": "https://mcp.example.com/mcp",
                         "headers": {"Authorization": "Bearer ${SHOP_KEY}"}})"));
  const auto back = merge_server(http.text, format("claude"), "djust", sample_entry());
  CHECK(ojson::parse(back.text)["mcpServers"]["djust"] ==
        ojson::parse(R"({"type": "stdio", "disabled": false, "command": "/opt/bin/djust-mcp",
                         "args": ["serve", "--project", "/srv/shop"], "env": {}})"));
}

TEST_CASE("merging keeps other servers, other keys and the order of the file") {
  const std::string existing = R"({
  "zeta": 1,
  "mcpServers": {
    "other": {"command": "other-server", "args": []},
    "djust": {"command": "/old/djust-mcp", "args": ["serve"], "disabled": false, "env": {"DJANGO_SETTINGS_MODULE": "shop.settings"}}
  },
  "alpha": {"keep": true}
})";
  const auto merged = merge_server(existing, format("claude"), "djust", sample_entry());
  CHECK(merged.change == MergeResult::Change::updated);
  CHECK_FALSE(merged.malformed);
  const ojson document = ojson::parse(merged.text);
  CHECK(document["zeta"] == 1);
  CHECK(document["alpha"]["keep"] == true);
  CHECK(document["mcpServers"]["other"]["command"] == "other-server");
  const ojson& djust = document["mcpServers"]["djust"];
  CHECK(djust["command"] == "/opt/bin/djust-mcp");
  CHECK(djust["disabled"] == false);                                    // a field of the person's
  CHECK(djust["env"]["DJANGO_SETTINGS_MODULE"] == "shop.settings");     // a variable of the person's
  CHECK(merged.text.find("\"zeta\"") < merged.text.find("\"alpha\""));  // not re-sorted

  const auto again = merge_server(merged.text, format("claude"), "djust", sample_entry());
  CHECK(again.change == MergeResult::Change::unchanged);
}

TEST_CASE("adding to a file without the server, and an empty file") {
  const auto added =
      merge_server(R"({"mcpServers": {"other": {"command": "x"}}})", format("cursor"), "djust", sample_entry());
  CHECK(added.change == MergeResult::Change::added);
  CHECK(ojson::parse(added.text)["mcpServers"].size() == 2);
  const auto blank = merge_server(std::string("  \n"), format("cursor"), "djust", sample_entry());
  CHECK(blank.change == MergeResult::Change::added);
  CHECK_FALSE(blank.malformed);
}

TEST_CASE("a file that is not usable as it is is flagged for a backup") {
  const auto broken = merge_server(std::string("{\"mcpServers\": {"), format("claude"), "djust", sample_entry());
  CHECK(broken.malformed);
  CHECK(broken.problem == "is not valid JSON");
  CHECK(ojson::parse(broken.text)["mcpServers"]["djust"]["command"] == "/opt/bin/djust-mcp");

  const auto array = merge_server(std::string("[1, 2]"), format("claude"), "djust", sample_entry());
  CHECK(array.malformed);
  CHECK(array.problem == "does not hold a JSON object");

  const auto wrong_key =
      merge_server(std::string(R"({"servers": [], "inputs": []})"), format("vscode"), "djust", sample_entry());
  CHECK(wrong_key.malformed);
  CHECK(ojson::parse(wrong_key.text)["inputs"] == ojson::array());

  // VS Code accepts comments in mcp.json: usable, but they would be lost.
  const auto commented =
      merge_server(std::string("{\n  // mine\n  \"servers\": {}\n}"), format("vscode"), "djust", sample_entry());
  CHECK(commented.malformed);
  CHECK(commented.problem == "has comments, which are not kept");
}

TEST_CASE("install writes project files, merges, is idempotent, backs up and prints without writing") {
  TempDir project;
  TempDir home;
  InstallRequest request{.client = "all",
                         .user_scope = false,
                         .print_only = false,
                         .name = "djust",
                         .project_dir = project.path(),
                         .home_dir = home.path(),
                         .entry = sample_entry()};
  project.write(".cursor/mcp.json", R"({"mcpServers": {"other": {"command": "x"}}})");
  project.write(".vscode/mcp.json", "{ not json");

  std::ostringstream out, err;
  CHECK(install(request, out, err) == 0);
  CHECK(out.str().find("Created " + (project.path() / ".mcp.json").string()) != std::string::npos);
  CHECK(out.str().find("Added MCP server 'djust' to " + (project.path() / ".cursor/mcp.json").string()) !=
        std::string::npos);
  CHECK(err.str().find("is not valid JSON; backed up to " + (project.path() / ".vscode/mcp.json.bak-").string()) !=
        std::string::npos);
  CHECK(ojson::parse(read(project.path() / ".cursor/mcp.json"))["mcpServers"].size() == 2);
  const auto backups = backups_of(project.path() / ".vscode/mcp.json");
  REQUIRE(backups.size() == 1);
  CHECK(read(backups.front()) == "{ not json");

  const std::string before = read(project.path() / ".mcp.json");
  std::ostringstream out2, err2;
  CHECK(install(request, out2, err2) == 0);
  CHECK(out2.str().find(".mcp.json (Claude Code) is already up to date.") != std::string::npos);
  CHECK(out2.str().find("Created") == std::string::npos);
  CHECK(read(project.path() / ".mcp.json") == before);
  CHECK(backups_of(project.path() / ".vscode/mcp.json").size() == 1);

  request.name = "djust-2";
  request.print_only = true;
  request.client = "claude";
  std::ostringstream out3, err3;
  CHECK(install(request, out3, err3) == 0);
  CHECK(ojson::parse(out3.str())["mcpServers"].contains("djust-2"));
  CHECK(read(project.path() / ".mcp.json") == before);
  CHECK(fs::is_empty(home.path()));
}

TEST_CASE("project scope never writes outside the project, even through a symlink") {
  TempDir project;
  TempDir elsewhere;
  fs::create_directory_symlink(elsewhere.path(), project.path() / ".cursor");
  InstallRequest request{.client = "cursor",
                         .user_scope = false,
                         .print_only = false,
                         .name = "djust",
                         .project_dir = project.path(),
                         .home_dir = std::nullopt,
                         .entry = sample_entry()};
  std::ostringstream out, err;
  CHECK(install(request, out, err) == 2);
  CHECK(err.str().find("leads outside the project") != std::string::npos);
  CHECK(fs::is_empty(elsewhere.path()));
}

TEST_CASE("user scope writes in the home folder; VS Code has no fixed user file") {
  TempDir project;
  TempDir home;
  home.write(".claude.json", R"({"numStartups": 3, "projects": {}})");
  InstallRequest request{.client = "claude",
                         .user_scope = true,
                         .print_only = false,
                         .name = "djust",
                         .project_dir = project.path(),
                         .home_dir = home.path(),
                         .entry = sample_entry()};
  std::ostringstream out, err;
  CHECK(install(request, out, err) == 0);
  const ojson claude = ojson::parse(read(home.path() / ".claude.json"));
  CHECK(claude["numStartups"] == 3);
  CHECK(claude["mcpServers"]["djust"]["type"] == "stdio");
  CHECK(fs::is_empty(project.path()));

  request.client = "vscode";
  std::ostringstream out2, err2;
  CHECK(install(request, out2, err2) == 2);
  CHECK(err2.str().find("MCP: Open User Configuration") != std::string::npos);

  request.client = "all";  // Claude Code and Cursor are done; VS Code is skipped with the note
  std::ostringstream out3, err3;
  CHECK(install(request, out3, err3) == 0);
  CHECK(err3.str().find("skipped VS Code") != std::string::npos);
  CHECK(fs::exists(home.path() / ".cursor/mcp.json"));

  request.client = "vscode";
  request.print_only = true;
  std::ostringstream out4, err4;
  CHECK(install(request, out4, err4) == 0);
  CHECK(ojson::parse(out4.str())["servers"]["djust"]["command"] == "/opt/bin/djust-mcp");
}

TEST_CASE("a symlinked configuration file is updated where it lives") {
  TempDir project;
  project.write("config/claude-mcp.json", R"({"mcpServers": {}})");
  fs::create_symlink("config/claude-mcp.json", project.path() / ".mcp.json");
  InstallRequest request{.client = "claude",
                         .user_scope = false,
                         .print_only = false,
                         .name = "djust",
                         .project_dir = project.path(),
                         .home_dir = std::nullopt,
                         .entry = sample_entry()};
  std::ostringstream out, err;
  CHECK(install(request, out, err) == 0);
  CHECK(fs::is_symlink(project.path() / ".mcp.json"));
  CHECK(ojson::parse(read(project.path() / "config/claude-mcp.json"))["mcpServers"].contains("djust"));
}

TEST_CASE("the project is --project, else the folder holding manage.py above, else here") {
  TempDir tree;
  tree.write("site/manage.py", "");
  tree.write("site/shop/views.py", "");
  tree.write("loose/file.txt", "");
  CHECK(install_project_dir(std::nullopt, tree.path() / "site/shop") == tree.path() / "site");
  CHECK(install_project_dir(std::nullopt, tree.path() / "loose") == tree.path() / "loose");
  CHECK(install_project_dir(tree.path() / "loose", tree.path() / "site") == tree.path() / "loose");
  CHECK_THROWS_WITH_AS(install_project_dir(tree.path() / "missing", tree.path()), doctest::Contains("does not exist"),
                       std::runtime_error);
}
