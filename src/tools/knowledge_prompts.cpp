#include "tools/knowledge_prompts.h"

#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/engine.h"
#include "tools/project_paths.h"

#include <algorithm>
#include <filesystem>

namespace djust::tools {
namespace {

namespace fs = std::filesystem;

using registry::PromptMessage;
using registry::ToolError;

struct WorkflowStep {
  std::string title;
  std::string advice;
  std::vector<std::string> tools;  // in the order to use them
};

// The recommended way for an assistant to work on a djust project, first step first.
const std::vector<WorkflowStep>& workflow() {
  static const std::vector<WorkflowStep> steps = {
      {"Learn the framework",
       "Read what is true of djust before writing code; do not rely on memory for directive names, decorator "
       "parameters or import paths. Called without arguments each returns a short index; then ask for the "
       "section, category or name you need (long sections come in pages: pass `page`).",
       {"get_framework_schema", "get_template_directives", "get_decorators"}},
      {"Read the best practices",
       "Read the index, then the sections that concern the task; follow them, and avoid the listed pitfalls.",
       {"get_best_practices"}},
      {"Understand the project",
       "See which views, components and routes exist and how the view you will touch is built.",
       {"list_views", "list_components", "list_routes", "get_view_schema"}},
      {"Generate",
       "Start from scaffolds rather than from a blank file.",
       {"scaffold_view", "scaffold_component", "add_event_handler"}},
      {"Load data",
       "Load fixture data into the development database when the feature needs rows to show.",
       {"seed_fixtures"}},
      {"Validate",
       "Check every view and template you wrote, and fix all findings before moving on.",
       {"validate_view", "validate_template", "detect_common_issues", "find_handlers_for_template"}},
      {"Run the checks", "Run djust's system checks on the project.", {"run_system_checks"}},
      {"Audit", "Audit security and exposed state before you finish.", {"run_audit"}},
      {"Debug against the running dev server",
       "Inspect live state, handler timings, queries, logs and tracebacks.",
       {"get_view_assigns", "eval_handler", "reset_view_state", "get_handler_timings", "get_sql_queries_since",
        "tail_server_log", "get_last_traceback"}},
  };
  return steps;
}

// Prompts keep only the tool names: a copy of the descriptors (schemas, handlers) would cost
// every start a few milliseconds.
using ToolNames = std::vector<std::string>;

ToolNames names_of(const std::vector<registry::Tool>& tools) {
  ToolNames names;
  for (const auto& t : tools) names.push_back(t.name);
  return names;
}

std::vector<std::string> available(const std::vector<std::string>& wanted, const ToolNames& tools) {
  std::vector<std::string> out;
  for (const auto& name : wanted)
    if (std::find(tools.begin(), tools.end(), name) != tools.end()) out.push_back(name);
  return out;
}

std::string workflow_text(const ToolNames& tools) {
  std::string text;
  int number = 1;
  for (const auto& step : workflow()) {
    const auto names = available(step.tools, tools);
    if (names.empty()) continue;
    text += std::to_string(number++) + ". " + step.title + " (" + core::join(names, ", ") + "): " + step.advice + "\n";
  }
  return text;
}

const std::vector<std::string>& review_focuses() {
  static const std::vector<std::string> focuses = {"all", "handlers", "state", "security", "templates", "performance"};
  return focuses;
}

std::vector<std::string> starting_with(const std::vector<std::string>& values, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& v : values)
    if (core::starts_with_icase(v, prefix)) out.push_back(v);
  return out;
}

std::string argument_or(const std::map<std::string, std::string>& args, const std::string& name,
                        const std::string& fallback) {
  auto it = args.find(name);
  return it == args.end() || it->second.empty() ? fallback : it->second;
}

// Claude Code runs a prompt as /mcp__SERVER__PROMPT and splits the typed text on whitespace, one word
// per declared argument in order, dropping the words past the last one (2.1.197:
// `zipObject(argNames, text.trim().split(/\s+/))`; anthropics/claude-code#14210). A free-text
// argument therefore comes last, followed by optional word slots that catch the rest of the
// sentence, which free_text() joins back.
constexpr int kFreeTextWords = 24;

std::string word_slot(const std::string& name, int word) { return name + "_" + std::to_string(word); }

std::vector<registry::PromptArgument> free_text_argument(const std::string& name, const std::string& description) {
  std::vector<registry::PromptArgument> arguments = {
      {.name = name, .description = description, .required = false, .complete = {}}};
  for (int word = 2; word <= kFreeTextWords; ++word) {
    arguments.push_back({.name = word_slot(name, word),
                         .description = "Word " + std::to_string(word) + " of `" + name +
                                        "`, for clients that split typed text on spaces; otherwise leave it empty.",
                         .required = false,
                         .complete = {}});
  }
  return arguments;
}

// The free-text argument `name` with whatever the client split off into its word slots.
std::string free_text(const std::map<std::string, std::string>& args, const std::string& name) {
  std::vector<std::string> words;
  for (int word = 1; word <= kFreeTextWords; ++word) {
    auto it = args.find(word == 1 ? name : word_slot(name, word));
    if (it != args.end() && !core::trim(it->second).empty()) words.push_back(std::string(core::trim(it->second)));
  }
  return core::join(words, " ");
}

registry::Prompt workflow_prompt(const ToolNames& tools) {
  return {.name = "djust_workflow",
          .title = "Build with djust, step by step",
          .description = "The recommended workflow for writing djust code with this server's tools.",
          .arguments = free_text_argument("task", "What you want to build or change, in a sentence."),
          .render = [tools](const std::map<std::string, std::string>& args) {
            std::string task = free_text(args, "task");
            if (task.empty()) task = "the next change to this djust project";
            return std::vector<PromptMessage>{
                {"user", "I am working on a djust " + knowledge::djust_version() +
                             " project (Django LiveView). Task: " + task +
                             "\n\nWork in these steps, calling the tools named in each:\n" + workflow_text(tools) +
                             "\nState which facts you took from the tools, and do not invent directives, decorators "
                             "or import paths that the schema does not list."}};
          }};
}

// A Markdown fence longer than any run of backticks in `code`, so the code cannot close it.
std::string fence_for(const std::string& code) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

// The source of the view module `given`, a Python file inside the project (relative to it).
std::string read_project_module(const ToolOptions& options, const std::string& given) {
  const fs::path root = project_root(options);
  const fs::path real = resolve_in_project(root, "path", given, "a Python file");
  std::error_code ec;
  if (!fs::is_regular_file(real, ec) || lint::language_for(real) != lint::Language::python)
    throw ToolError("'" + given + "' is not a Python file (.py) in " + root.string() + ".");
  auto source = lint::read_source(real);
  if (source.error) throw ToolError("'" + given + "': " + *source.error + ".");
  return std::move(source.text);
}

registry::Prompt review_prompt(const ToolNames& tools, const ToolOptions& options) {
  return {
      .name = "review_view",
      .title = "Review a djust view",
      .description =
          "Review a LiveView or LiveComponent module for correctness, security and djust conventions: "
          "`path` names a file of the project (e.g. shop/views.py), or `code` gives its source.",
      .arguments = {{.name = "path",
                     .description = "The view module, a .py file of the project, relative to the project folder.",
                     .required = false,
                     .complete = {}},
                    {.name = "focus",
                     .description = "What to look at most: " + core::join(review_focuses(), ", ") + " (default all).",
                     .required = false,
                     .complete = [](const std::string& prefix) { return starting_with(review_focuses(), prefix); }},
                    {.name = "code",
                     .description = "The Python source of the view module, when there is no `path`.",
                     .required = false,
                     .complete = {}}},
      .render = [tools, options](const std::map<std::string, std::string>& args) {
        const std::string focus = argument_or(args, "focus", "all");
        if (std::find(review_focuses().begin(), review_focuses().end(), focus) == review_focuses().end()) {
          throw ToolError("Unknown focus '" + focus + "'. Valid values: " + core::join(review_focuses(), ", ") + ".");
        }
        const std::string path = argument_or(args, "path", "");
        const std::string given_code = argument_or(args, "code", "");
        if (path.empty() == given_code.empty())
          throw ToolError("Pass either `path` (a .py file of the project) or `code` (the module's source).");
        const std::string code = path.empty() ? given_code : read_project_module(options, path);
        std::string steps;
        if (auto v = available({"validate_view"}, tools); !v.empty())
          steps += "- Run validate_view on the code" +
                   (path.empty() ? std::string()
                                 : " with filename \"" + path + "\" (checked with the rest of the project)") +
                   " and explain every finding with its rule id; name any unjudged_classes it reports.\n";
        steps +=
            "- Check it against the facts from get_framework_schema and get_decorators: base classes and "
            "mixins imported from their real modules, mixins before LiveView in the bases, mount(self, "
            "request, **kwargs) on LiveViews and mount(self, **kwargs) on LiveComponents, every handler "
            "decorated with @event_handler, taking **kwargs and giving each parameter a default.\n"
            "- Check it against get_best_practices: private QuerySets converted in get_context_data, no "
            "service or client objects in public state, auth declared on the class rather than in "
            "dispatch(), permission checks on state-changing handlers, no mark_safe on interpolated "
            "strings.\n";
        const std::string fence = fence_for(code);
        return std::vector<PromptMessage>{
            {"user", "Review this djust view" + (path.empty() ? std::string() : " (" + path + ")") +
                         " (focus: " + focus + ").\n" + steps +
                         "Cite djust check ids (e.g. djust.V007) where one applies, and give the corrected code.\n\n" +
                         fence + "python\n" + code + "\n" + fence}};
      }};
}

registry::Prompt directive_prompt() {
  return {.name = "use_directive",
          .title = "Use a djust template directive",
          .description = "Explain one dj-* directive with its facts, and show how to wire it to a handler.",
          .arguments = {{.name = "directive",
                         .description = "A directive name such as dj-click or dj-model.",
                         .required = true,
                         .complete =
                             [](const std::string& prefix) {
                               return starting_with(knowledge::directive_names(), prefix);
                             }}},
          .render = [](const std::map<std::string, std::string>& args) {
            const std::string& name = args.at("directive");
            const auto* directive = knowledge::find_directive(name);
            if (!directive) {
              std::string text = "Unknown directive '" + name + "'.";
              if (auto guess = core::closest_match(name, knowledge::directive_names()))
                text += " Did you mean '" + *guess + "'?";
              throw ToolError(text);
            }
            return std::vector<PromptMessage>{
                {"user", "Show me how to use the djust directive " + directive->at("name").get<std::string>() +
                             " in a template and the Python it needs. These are its facts (djust " +
                             knowledge::djust_version() + "):\n```json\n" + directive->dump(2) +
                             "\n```\nUse only what these facts and get_decorators say."}};
          }};
}

}  // namespace

std::vector<registry::Prompt> knowledge_prompts(const std::vector<registry::Tool>& tools, const ToolOptions& options) {
  const ToolNames names = names_of(tools);
  return {workflow_prompt(names), review_prompt(names, options), directive_prompt()};
}

std::string server_instructions(const std::vector<registry::Tool>& tools) {
  return "djust-mcp answers with what is true of djust " + knowledge::djust_version() +
         " (Django LiveView: Python views, dj-* template attributes, events over WebSocket). Call "
         "get_framework_schema before writing djust code, and trust it over memory for directive names, "
         "decorator parameters and import paths. Answers come in two steps: without arguments the knowledge tools "
         "return a short index (one line per section, category or entry); call them again with the `section`, "
         "`category` or `name` you need for the full detail, and with `page` for a long section's next page "
         "(`next_page`). Workflow:\n" +
         workflow_text(names_of(tools));
}

}  // namespace djust::tools
