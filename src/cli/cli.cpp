#include "cli/cli.h"

#include "cli/validate_command.h"

#include "core/log.h"
#include "core/text.h"
#include "core/version.h"
#include "mcp/stdio_transport.h"
#include "registry/registry.h"

#include <CLI/CLI.hpp>

#include <unistd.h>
#include <iostream>

namespace djust::cli {
namespace {

using nlohmann::json;
using registry::Registry;

constexpr int kExitToolError = 1;
constexpr int kExitUsage = 2;

mcp::ServerIdentity identity() {
  return {.name = core::kProgramName,
          .title = "djust MCP server",
          .version = core::kVersion,
          .description =
              "Framework knowledge, validation, scaffolding and project introspection for djust, the "
              "Django LiveView framework."};
}

// Turns key=value words into tool arguments. A value is taken as a string when the tool's schema
// says string, and parsed as JSON otherwise (numbers, booleans, arrays, objects).
json parse_key_values(const registry::Tool& tool, const std::vector<std::string>& words) {
  json arguments = json::object();
  for (const auto& word : words) {
    const auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) throw CLI::ValidationError("argument", "'" + word + "' is not key=value");
    const std::string key = word.substr(0, eq);
    const std::string value = word.substr(eq + 1);
    std::string type;
    if (auto props = tool.input_schema.find("properties"); props != tool.input_schema.end() && props->contains(key)) {
      const json& t = props->at(key).value("type", json());
      type = t.is_string() ? t.get<std::string>() : "";
    }
    if (type == "string") {
      arguments[key] = value;
    } else {
      json parsed = json::parse(value, nullptr, false);
      arguments[key] = parsed.is_discarded() ? json(value) : parsed;
    }
  }
  return arguments;
}

int print_tools(const Registry& registry, bool as_json) {
  if (as_json) {
    json tools = json::array();
    for (const auto& t : registry.tools())
      tools.push_back(mcp::tool_descriptor(t, mcp::supported_protocol_versions().back()));
    std::cout << tools.dump(2) << "\n";
    return 0;
  }
  std::size_t width = 0;
  for (const auto& t : registry.tools()) width = std::max(width, t.name.size());
  for (const auto& t : registry.tools()) {
    std::cout << t.name << std::string(width - t.name.size() + 2, ' ') << t.title
              << (t.annotations.read_only ? "" : "  [writes]") << "\n";
  }
  return 0;
}

int call_tool(const Registry& registry, const std::string& name, const std::vector<std::string>& words,
              const std::string& json_text) {
  const registry::Tool* tool = registry.find_tool(name);
  if (!tool) {
    std::cerr << "djust-mcp: unknown tool '" << name << "'";
    if (auto guess = core::closest_match(name, registry.tool_names()))
      std::cerr << "; did you mean '" << *guess << "'?";
    std::cerr << " (djust-mcp tools lists them)\n";
    return kExitUsage;
  }
  json arguments = json::object();
  if (!json_text.empty()) {
    arguments = json::parse(json_text, nullptr, false);
    if (arguments.is_discarded() || !arguments.is_object()) {
      std::cerr << "djust-mcp: --json must be a JSON object\n";
      return kExitUsage;
    }
  }
  try {
    const json pairs = parse_key_values(*tool, words);
    for (const auto& [key, value] : pairs.items()) arguments[key] = value;
  } catch (const CLI::ValidationError& e) {
    std::cerr << "djust-mcp: " << e.what() << "\n";
    return kExitUsage;
  }
  registry::CallContext context;
  const auto outcome = registry.call(*tool, arguments, context);
  if (outcome.is_error) {
    std::cerr << outcome.error << "\n";
    return kExitToolError;
  }
  std::cout << outcome.structured.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return 0;
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

  tools::ToolOptions tool_options;
  std::string project_dir;
  std::string python;
  app.add_option("--project", project_dir,
                 "The Django project folder (holding manage.py); default: found upwards from here")
      ->envname("DJUST_MCP_PROJECT");
  app.add_option("--python", python, "The project's Python interpreter; default: $VIRTUAL_ENV, .venv, venv, python3")
      ->envname("DJUST_MCP_PYTHON");
  app.add_option("--dev-server", tool_options.dev_server_url, "Base URL of the running djust dev server")
      ->envname("DJUST_DEV_SERVER_URL")
      ->capture_default_str();
  app.add_flag("--allow-remote-dev-server", tool_options.allow_remote_dev_server,
               "Allow a dev server that is not on this machine (loopback)");

  mcp::ServerOptions server_options;
  auto* serve = app.add_subcommand("serve", "Serve MCP over stdin/stdout (the default)");
  serve->add_option("--page-size", server_options.page_size, "Items per page of tools/list and the other lists")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();

  bool tools_json = false;
  auto* tools = app.add_subcommand("tools", "List the tools");
  tools->add_flag("--json", tools_json, "Print them as tools/list describes them");

  std::string tool_name;
  std::vector<std::string> tool_words;
  std::string tool_json;
  auto* call = app.add_subcommand("call", "Call a tool and print its result as JSON");
  call->add_option("tool", tool_name, "Tool name")->required();
  call->add_option("arguments", tool_words, "key=value arguments (values are JSON unless the tool expects a string)");
  call->add_option("--json", tool_json, "All arguments as one JSON object");
  call->footer(
      "Example: djust-mcp call get_template_directives name=dj-model\n"
      "Exit status: 0 on success, 1 when the tool reports an error, 2 for a usage error.");

  const LintCommands lint_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  core::set_stderr_log_level(core::parse_log_level(log_level));
  if (auto code = lint_commands.run()) return *code;

  if (!project_dir.empty()) tool_options.project_dir = project_dir;
  if (!python.empty()) tool_options.python = python;
  const Registry registry = Registry::build(tool_options);
  if (*tools) return print_tools(registry, tools_json);
  if (*call) return call_tool(registry, tool_name, tool_words, tool_json);
  return mcp::run_stdio_server(registry, identity(), server_options);
}

}  // namespace djust::cli
