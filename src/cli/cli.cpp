#include "cli/cli.h"

#include "cli/cli_model.h"
#include "cli/key_commands.h"
#include "cli/scaffold_command.h"
#include "cli/shell_commands.h"
#include "cli/terminal.h"
#include "cli/tool_commands.h"
#include "cli/validate_command.h"

#include "app/tool_families.h"
#include "core/log.h"
#include "core/version.h"
#include "knowledge/knowledge.h"
#include "mcp/http_transport.h"
#include "mcp/stdio_transport.h"
#include "project/doctor.h"
#include "project/project_locator.h"
#include "registry/registry.h"

#include <CLI/CLI.hpp>

#include <unistd.h>
#include <iostream>

namespace djust::cli {
namespace {

using registry::Registry;

mcp::ServerIdentity identity() {
  return {.name = core::kProgramName,
          .title = "djust MCP server",
          .version = core::kVersion,
          .description =
              "Framework knowledge, validation, scaffolding and project introspection for djust, the "
              "Django LiveView framework."};
}

// Why a project is there (named, or found upwards) but its API tools are not, for `tools` and
// `call` to say on stderr as the MCP server does in a notification; empty when they were found
// or there is no project to find them in.
std::string missing_api_tools_reason(const Registry& registry, const tools::ToolOptions& options) {
  if (!registry.tools_can_change()) return {};
  const std::string problem = registry.refresh_tools();
  if (problem.empty()) return {};
  try {
    project::locate_project(project::process_project_hints(options.project_dir));
  } catch (const project::LocateError&) {
    return {};
  }
  return "djust-mcp: the project's API tools are missing: " + problem + "\n";
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{
      "djust-mcp: the djust MCP server, linter and scaffolder.\n"
      "With no command it serves MCP on stdin/stdout.",
      core::kProgramName};
  app.set_version_flag("--version", std::string(core::kProgramName) + " " + core::kVersion);
  std::string log_level = "warning";
  app.add_option("--log-level", log_level, "Least severe message written to stderr")
      ->check(CLI::IsMember(core::log_level_names()))
      ->capture_default_str();
  app.require_subcommand(0, 1);
  app.fallthrough();  // global options may also follow the subcommand: djust-mcp serve --project DIR
  app.footer(
      "Examples:\n  djust-mcp --project ~/src/shop     # serve MCP for that project\n"
      "  djust-mcp install --client all     # register it with Claude Code, Cursor and VS Code\n"
      "  djust-mcp repl                     # try the tools by hand\n"
      "  djust-mcp validate .               # lint djust views\n"
      "  djust-mcp scaffold view ProductList --features search,crud --model Item --write\n"
      "djust-mcp COMMAND --help shows each command's options and examples.");

  tools::ToolOptions tool_options;
  std::string project_dir;
  std::string python;
  app.add_option("--project", project_dir,
                 "The Django project folder (holding manage.py); default: found from the client's roots, "
                 "then from here")
      ->envname("DJUST_MCP_PROJECT");
  app.add_option("--python", python,
                 "The project's Python interpreter; default: $VIRTUAL_ENV, the project's virtualenv, manage.py's "
                 "#! interpreter, python3")
      ->envname("DJUST_MCP_PYTHON");
  double bridge_timeout = 60;
  app.add_option("--bridge-timeout", bridge_timeout,
                 "Seconds the project may take to load or to answer one request before it is stopped")
      ->envname("DJUST_MCP_BRIDGE_TIMEOUT")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--dev-server", tool_options.dev_server_url, "Base URL of the running djust dev server")
      ->envname("DJUST_DEV_SERVER_URL")
      ->capture_default_str();
  app.add_flag("--allow-remote-dev-server", tool_options.allow_remote_dev_server,
               "Allow a dev server that is not on this machine (loopback)");
  std::string api_mode = "auto";
  app.add_option("--api-tools", api_mode,
                 "The project's DRF endpoints (and admin) as one tool each, as three gateway tools, or auto: each "
                 "while they fit --api-budget")
      ->envname("DJUST_MCP_API_TOOLS")
      ->check(CLI::IsMember({"auto", "each", "gateway"}))
      ->capture_default_str();
  app.add_option("--api-budget", tool_options.api.budget_tokens,
                 "Tokens the project's API tool definitions may cost before auto switches to the gateway")
      ->envname("DJUST_MCP_API_BUDGET")
      ->check(CLI::Range(0, 1'000'000))
      ->capture_default_str();
  app.add_flag("--allow-writes", tool_options.api.allow_writes,
               "Let the project's API tools that change data run (POST, PUT, PATCH, DELETE, admin changes)")
      ->envname("DJUST_MCP_ALLOW_WRITES");
  std::string run_as;
  app.add_option("--run-as", run_as, "Call the project's API as this user (default: the anonymous user)")
      ->envname("DJUST_MCP_RUN_AS");
  app.add_flag("--admin", tool_options.api.admin, "Also make tools of the project's ModelAdmins")
      ->envname("DJUST_MCP_ADMIN");
  app.add_option("--api-include", tool_options.api.include,
                 "Only the project's API tools whose name or URL path matches this glob (repeatable)");
  app.add_option("--api-exclude", tool_options.api.exclude,
                 "Leave out the project's API tools whose name or URL path matches this glob (repeatable)");

  mcp::ServerOptions server_options;
  server_options.instructions_note = [known = tool_options.project_djust_version] {
    return known ? knowledge::instructions_note(*known) : std::string();
  };
  auto* serve = app.add_subcommand("serve", "Serve MCP over stdin/stdout (the default)");
  serve->add_option("--page-size", server_options.page_size, "Items per page of tools/list and the other lists")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  const HttpCommands http_commands(app, *serve);
  serve->footer(
      "Examples:\n  djust-mcp serve\n  djust-mcp serve --project /abs/path/to/project\n"
      "  djust-mcp serve --http 8765 --no-auth   # http://127.0.0.1:8765/mcp, this machine only\n"
      "Without --project the project is the first of the client's roots (or a folder just below one)\n"
      "holding manage.py, else the one found from the working directory. Logs go to stderr only.");

  bool tools_json = false;
  auto* tools = app.add_subcommand("tools", "List the tools");
  tools->add_flag("--json", tools_json, "Print them as tools/list describes them");
  tools->footer("Examples:\n  djust-mcp tools\n  djust-mcp tools --json | jq '.[].name'");

  std::string tool_name;
  std::vector<std::string> tool_words;
  std::string tool_json;
  auto* call = app.add_subcommand("call", "Call a tool and print its result as JSON");
  call->add_option("tool", tool_name, "Tool name")->required()->type_name(kToolValue);
  call->add_option("arguments", tool_words, "key=value arguments (values are JSON unless the tool expects a string)")
      ->type_name(kToolArgumentsValue);
  call->add_option("--json", tool_json, "All arguments as one JSON object");
  call->footer(
      "Example: djust-mcp call get_template_directives name=dj-model\n"
      "Exit status: 0 on success, 1 when the tool reports an error, 2 for a usage error.");

  const LintCommands lint_commands(app);
  const ShellCommands shell_commands(app);
  const ScaffoldCommand scaffold_command(app);

  auto* doctor = app.add_subcommand(
      "doctor", "Show which Django project and Python the project tools would use, and what is missing");
  doctor->footer(
      "Examples:\n  djust-mcp doctor\n  djust-mcp --project ~/src/shop --python ~/src/shop/.venv/bin/python doctor");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  core::set_stderr_log_level(core::parse_log_level(log_level));
  if (auto code = lint_commands.run()) return *code;
  if (auto code = http_commands.run_keys(std::cout, std::cerr)) return *code;
  std::optional<mcp::HttpOptions> http_options;
  try {
    http_options = http_commands.http_options();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }

  if (!project_dir.empty()) tool_options.project_dir = project_dir;
  if (!python.empty()) tool_options.python = python;
  if (!run_as.empty()) tool_options.api.run_as = run_as;
  tool_options.api.mode = api_mode == "each"      ? tools::ApiOptions::Mode::each
                          : api_mode == "gateway" ? tools::ApiOptions::Mode::gateway
                                                  : tools::ApiOptions::Mode::automatic;
  tool_options.bridge_timeout = std::chrono::milliseconds(static_cast<long long>(bridge_timeout * 1000));
  // The MCP server fills it from the client; the project tools look for the project there.
  tool_options.client_roots = server_options.client_roots = std::make_shared<core::ClientRoots>();
  if (*doctor)
    return project::run_doctor({tool_options.project_dir, tool_options.python, tool_options.bridge_timeout}, std::cout);
  const Registry registry = app::build_registry(tool_options);
  // A user to run as that does not exist (or a project that cannot say) is an error at start of
  // what calls tools; `install` only writes the option into the client's configuration.
  const bool calls_tools = !app.got_subcommand("install") && !app.got_subcommand("man") &&
                           !app.got_subcommand("completions") && !app.got_subcommand("scaffold");
  if (tool_options.api.run_as && calls_tools) {
    if (const std::string problem = registry.refresh_tools(); !problem.empty()) {
      std::cerr << "djust-mcp: " << problem << "\n";
      return kExitUsage;
    }
  }
  if (auto code = shell_commands.run(app, registry, tool_options)) return *code;
  if (auto code = scaffold_command.run(registry, tool_options)) return *code;
  if (*tools) {
    std::cerr << missing_api_tools_reason(registry, tool_options);
    write_tool_list(registry, tools_json, std::cout);
    return 0;
  }
  if (*call) {
    if (!registry.find_tool(tool_name)) std::cerr << missing_api_tools_reason(registry, tool_options);
    return call_tool(registry, tool_name, tool_words, tool_json, color_enabled(STDOUT_FILENO), std::cout, std::cerr);
  }
  if (http_options) return mcp::run_http_server(registry, identity(), server_options, *http_options);
  return mcp::run_stdio_server(registry, identity(), server_options);
}

}  // namespace djust::cli
