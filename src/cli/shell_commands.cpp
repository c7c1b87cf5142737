#include "cli/shell_commands.h"

#include "cli/cli_model.h"
#include "cli/completions.h"
#include "cli/install.h"
#include "cli/man_page.h"
#include "cli/repl.h"
#include "cli/tool_commands.h"
#include "core/subprocess.h"
#include "core/version.h"

#include <CLI/CLI.hpp>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> home_dir() {
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home);
  if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir && *entry->pw_dir)
    return fs::path(entry->pw_dir);
  return std::nullopt;
}

// Clients start servers with a minimal environment, in a folder of their choosing: every global
// setting given here (by option or variable) goes into the entry's environment, and a relative
// path in it is made absolute. --project only says where the project-scope file goes.
nlohmann::ordered_json settings_for_server(const CLI::App& app) {
  nlohmann::ordered_json env = nlohmann::ordered_json::object();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_envname().empty() || option->count() == 0 || option->check_lname("project")) continue;
    std::string value = option->as<std::string>();
    if (value.find('/') != std::string::npos && fs::path(value).is_relative() && fs::exists(value))
      value = fs::absolute(value).lexically_normal().string();
    env[option->get_envname()] = value;
  }
  return env;
}

}  // namespace

ShellCommands::ShellCommands(CLI::App& app) {
  repl_ = app.add_subcommand("repl", "Interactive shell over the tools, with completion and history");
  repl_->footer(
      "Examples:\n  djust-mcp repl\n  djust> describe get_template_directives\n"
      "  djust> call get_template_directives category=binding\n"
      "  printf 'call get_decorators name=debounce\\n' | djust-mcp repl\n"
      "Piped input runs one command per line and prints only results (exit status 1 when one failed).\n"
      "History: $XDG_STATE_HOME/djust-mcp/history, by default ~/.local/state/djust-mcp/history.");

  std::vector<std::string> clients;
  for (const auto& format : client_formats()) clients.push_back(format.id);
  clients.emplace_back("all");
  install_ = app.add_subcommand("install", "Register djust-mcp as an MCP server with Claude Code, Cursor or VS Code");
  install_->add_option("--client", client_, "The assistant to configure")
      ->check(CLI::IsMember(clients))
      ->capture_default_str();
  install_->add_option("--scope", scope_, "project: the project's own file; user: yours, for every project")
      ->check(CLI::IsMember({"project", "user"}))
      ->capture_default_str();
  install_->add_flag("--print", print_, "Show the JSON that would be written, and write nothing");
  install_->add_option("--name", name_, "The server's name in the configuration")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            const bool ok = !name.empty() && name.find_first_not_of(
                                                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                 "0123456789_-") == std::string::npos;
            return ok ? "" : "a server name is letters, digits, '_' and '-'";
          },
          ""))
      ->capture_default_str();
  install_->add_option("--transport", transport_, "stdio: the client starts djust-mcp; http: it connects to --url")
      ->check(CLI::IsMember({"stdio", "http"}))
      ->capture_default_str();
  install_->add_option("--url", url_, "With --transport http: the server's MCP endpoint (serve --http prints it)")
      ->check(CLI::Validator(
          [](std::string& url) -> std::string {
            return url.starts_with("http://") || url.starts_with("https://") ? "" : "a URL starts with http(s)://";
          },
          "URL"));
  install_->add_option("--key-env", key_env_, "With --transport http: the variable holding the API key")
      ->capture_default_str();
  install_->add_flag("--no-key", no_key_, "With --transport http: send no API key (a server run with --no-auth)");
  install_->footer(
      "Examples:\n  djust-mcp install                        # Claude Code: .mcp.json in the project\n"
      "  djust-mcp install --client all           # Claude Code, Cursor and VS Code\n"
      "  djust-mcp install --client cursor --scope user\n"
      "  djust-mcp --project ~/src/shop install --client vscode --print\n"
      "  djust-mcp install --client all --transport http --url http://127.0.0.1:8765/mcp\n"
      "The entry runs `djust-mcp serve` (found on PATH) and pins no path, so a committed project file\n"
      "works for the whole team: Cursor and VS Code pass their ${workspaceFolder} as --project; Claude\n"
      "Code offers its folder as an MCP root. The project file goes into --project, else the folder holding\n"
      "manage.py found upwards from here, else here. Other servers and settings are kept, a file that is not\n"
      "valid JSON is backed up (FILE.bak-TIME) first, and a second run changes nothing.");

  completions_ = app.add_subcommand("completions", "Print the shell completion script for bash, zsh or fish");
  completions_->add_option("shell", shell_, "The shell")->required()->check(CLI::IsMember(completion_shells()));
  completions_->footer(
      "Examples:\n  source <(djust-mcp completions bash)                    # bash, this session\n"
      "  djust-mcp completions zsh > ~/.zfunc/_djust-mcp         # zsh, with ~/.zfunc in $fpath\n"
      "  djust-mcp completions fish > ~/.config/fish/completions/djust-mcp.fish\n"
      "Packages install them from completions/ (cmake --install).");

  man_ = app.add_subcommand("man", "Print the manual page (roff)");
  man_->footer("Example: djust-mcp man | man -l -");
}

std::optional<int> ShellCommands::run(const CLI::App& app, const registry::Registry& registry,
                                      const tools::ToolOptions& options) const {
  if (*repl_) return run_repl(registry);
  if (*install_) return install(app, options);
  if (*completions_) {
    std::cout << completion_script(shell_, describe_cli(app), registry);
    return 0;
  }
  if (*man_) {
    std::cout << man_page(describe_cli(app), registry);
    return 0;
  }
  return std::nullopt;
}

std::optional<HttpServerEntry> ShellCommands::http_entry() const {
  if (transport_ != "http") return std::nullopt;
  return HttpServerEntry{.url = url_, .key_variable = no_key_ ? std::string() : key_env_};
}

int ShellCommands::install(const CLI::App& app, const tools::ToolOptions& options) const {
  if ((transport_ == "http") != !url_.empty()) {
    std::cerr << "djust-mcp: "
              << (url_.empty() ? "--transport http needs --url (the address serve --http prints)"
                               : "--url goes with --transport http")
              << "\n";
    return kExitUsage;
  }
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (error) {
    std::cerr << "djust-mcp: cannot find this program's own path: " << error.message() << "\n";
    return kExitUsage;
  }
  fs::path project_dir;
  try {
    project_dir = install_project_dir(options.project_dir, fs::current_path());
  } catch (const std::exception& e) {
    std::cerr << "djust-mcp: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!fs::exists(project_dir / "manage.py")) {
    std::cerr << "djust-mcp: no manage.py in " << project_dir.string()
              << ": registering it anyway; the project tools need the folder that holds manage.py (--project)\n";
  }
  // The entry runs djust-mcp by name, so that it works on every machine that has it on PATH. A
  // user-scope entry belongs to this machine: it may name this binary when PATH has another one.
  const auto on_path = core::find_executable(core::kProgramName);
  std::error_code ignored;
  const bool path_finds_this = on_path && fs::equivalent(*on_path, binary, ignored);
  const bool user_scope = scope_ == "user";
  if (!path_finds_this) {
    std::cerr << "djust-mcp: " << core::kProgramName
              << (on_path ? " on PATH is " + on_path->string() + ", not " : " is not on PATH (this is ")
              << binary.string() << (on_path ? "" : ")")
              << (user_scope ? ": the entry names this binary by its path"
                             : ": the entry runs `djust-mcp`, so put it on PATH (cmake --install build)")
              << "\n";
  }
  const InstallRequest request{
      .client = client_,
      .user_scope = user_scope,
      .print_only = print_,
      .name = name_,
      .project_dir = project_dir,
      .home_dir = home_dir(),
      .entry = {.command = user_scope && !path_finds_this ? binary.string() : std::string(core::kProgramName),
                .args = {"serve"},
                .env = settings_for_server(app)},
      .http = http_entry(),
  };
  return cli::install(request, std::cout, std::cerr);
}

}  // namespace djust::cli
