#include "tools/knowledge_prompts.h"

#include "core/text.h"
#include "knowledge/knowledge.h"

#include <algorithm>

namespace djust::tools {
namespace {

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
       "parameters or import paths.",
       {"get_framework_schema", "get_template_directives", "get_decorators"}},
      {"Read the best practices", "Follow them, and avoid the listed pitfalls.", {"get_best_practices"}},
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

registry::Prompt workflow_prompt(const ToolNames& tools) {
  return {.name = "djust_workflow",
          .title = "Build with djust, step by step",
          .description = "The recommended workflow for writing djust code with this server's tools.",
          .arguments = {{.name = "task",
                         .description = "What you want to build or change, in a sentence.",
                         .required = false,
                         .complete = {}}},
          .render = [tools](const std::map<std::string, std::string>& args) {
            const std::string task = argument_or(args, "task", "the next change to this djust project");
            return std::vector<PromptMessage>{
                {"user", "I am working on a djust " + knowledge::djust_version() +
                             " project (Django LiveView). Task: " + task +
                             "\n\nWork in these steps, calling the tools named in each:\n" + workflow_text(tools) +
                             "\nState which facts you took from the tools, and do not invent directives, decorators "
                             "or import paths that the schema does not list."}};
          }};
}

registry::Prompt review_prompt(const ToolNames& tools) {
  return {
      .name = "review_view",
      .title = "Review a djust view",
      .description = "Review a LiveView or LiveComponent module for correctness, security and djust conventions.",
      .arguments =
          {{.name = "code", .description = "The Python source of the view module.", .required = true, .complete = {}},
           {.name = "focus",
            .description = "What to look at most: " + core::join(review_focuses(), ", ") + " (default all).",
            .required = false,
            .complete = [](const std::string& prefix) { return starting_with(review_focuses(), prefix); }}},
      .render = [tools](const std::map<std::string, std::string>& args) {
        const std::string focus = argument_or(args, "focus", "all");
        if (std::find(review_focuses().begin(), review_focuses().end(), focus) == review_focuses().end()) {
          throw ToolError("Unknown focus '" + focus + "'. Valid values: " + core::join(review_focuses(), ", ") + ".");
        }
        std::string steps;
        if (auto v = available({"validate_view"}, tools); !v.empty())
          steps += "- Run validate_view on the code and explain every finding with its rule id.\n";
        steps +=
            "- Check it against the facts from get_framework_schema and get_decorators: base classes and "
            "mixins imported from their real modules, mixins before LiveView in the bases, mount(self, "
            "request, **kwargs) on LiveViews and mount(self, **kwargs) on LiveComponents, every handler "
            "decorated with @event_handler, taking **kwargs and giving each parameter a default.\n"
            "- Check it against get_best_practices: private QuerySets converted in get_context_data, no "
            "service or client objects in public state, auth declared on the class rather than in "
            "dispatch(), permission checks on state-changing handlers, no mark_safe on interpolated "
            "strings.\n";
        return std::vector<PromptMessage>{
            {"user", "Review this djust view (focus: " + focus + ").\n" + steps +
                         "Cite djust check ids (e.g. djust.V007) where one applies, and give the corrected code.\n\n"
                         "```python\n" +
                         args.at("code") + "\n```"}};
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

std::vector<registry::Prompt> knowledge_prompts(const std::vector<registry::Tool>& tools) {
  const ToolNames names = names_of(tools);
  return {workflow_prompt(names), review_prompt(names), directive_prompt()};
}

std::string server_instructions(const std::vector<registry::Tool>& tools) {
  return "djust-mcp answers with what is true of djust " + knowledge::djust_version() +
         " (Django LiveView: Python views, dj-* template attributes, events over WebSocket). Call "
         "get_framework_schema before writing djust code, and trust it over memory for directive names, "
         "decorator parameters and import paths. Workflow:\n" +
         workflow_text(names_of(tools));
}

}  // namespace djust::tools
