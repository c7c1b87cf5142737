#include "tools/validate_tools.h"

#include "lint/engine.h"
#include "lint/formats/formats.h"
#include "lint/python/model.h"
#include "lint/python/python_parser.h"
#include "tools/project_paths.h"
#include "tools/schema_pieces.h"

#include <map>
#include <thread>

namespace djust::tools {
namespace {

namespace fs = std::filesystem;
using registry::json;
using registry::Tool;
using registry::ToolError;

constexpr registry::ToolAnnotations kPureAnalysis{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};

// Same limit as for files on the command line.
constexpr std::size_t kMaxCodeBytes = lint::kMaxFileBytes;

json finding_schema() {
  const json position = {{"type", "integer"}, {"minimum", 1}};
  return strict_object({{"id", string_type()},
                        {"severity", {{"type", "string"}, {"enum", {"error", "warning", "info"}}}},
                        {"message", string_type()},
                        {"line", position},
                        {"column", position},
                        {"end_line", position},
                        {"end_column", position},
                        {"fix_hint", string_type()},
                        {"fixable", type("boolean")},
                        {"djust_check", string_type()}},
                       {"djust_check"});
}

json code_property() {
  return {{"type", "string"},
          {"maxLength", kMaxCodeBytes},
          {"description", "The complete Python source of the module (imports included), not a fragment."}};
}

// What one validate tool checks: Python views or templates.
struct CodeKind {
  lint::Language language;
  const char* default_filename;
  const char* what;  // for messages: "Python views", "templates"
};
constexpr CodeKind kPython{lint::Language::python, "view.py", "Python views (.py)"};
constexpr CodeKind kTemplate{lint::Language::html, "template.html", "templates (.html)"};

// The file of the server's project that `filename` names, when there is a project and the name
// lies inside it; the canonical project folder and the file.
std::optional<std::pair<fs::path, fs::path>> project_file(const ToolOptions& options, const std::string& filename,
                                                          const std::stop_token& stop) {
  try {
    const fs::path root = fs::canonical(project_root(options, stop));
    const fs::path given(filename);
    if (given.is_absolute()) {
      const fs::path relative = given.lexically_normal().lexically_relative(root);
      if (relative.empty() || *relative.begin() == "..") return std::nullopt;
      return std::pair{root, resolve_in_project(root, "filename", relative.string(), "a file")};
    }
    return std::pair{root, resolve_in_project(root, "filename", filename, "a file")};
  } catch (const ToolError&) {
    return std::nullopt;  // no project, or a name outside it: the code is checked on its own
  } catch (const fs::filesystem_error&) {
    return std::nullopt;
  }
}

// The classes of a module whose bases are defined elsewhere, so that nothing here tells whether
// they are LiveViews: the per-view rules skip them when the code is checked on its own.
std::vector<std::string> unjudged_classes(const std::string& code) {
  lint::python::SyntaxTree tree = lint::python::parse(code);
  if (tree.first_error()) return {};
  const lint::python::Module module(std::move(tree));
  std::vector<std::string> names;
  for (const auto& c : module.classes())
    if (module.kind_of(c) == lint::python::ClassKind::unknown) names.push_back(c.name);
  return names;
}

struct CheckedCode {
  lint::FileResult result;
  bool in_project = false;
  std::vector<std::string> unjudged;  // when not in a project
};

// The code checked as the project file `filename` names (the project linked as if the file held
// it, as `djust-mcp validate` would check it), or on its own when there is no such project file.
CheckedCode lint_code(const json& args, const CodeKind& kind, std::vector<std::string> select,
                      std::vector<std::string> ignore, const ToolOptions* tool_options, const std::stop_token& stop) {
  const std::string filename = args.value("filename", std::string(kind.default_filename));
  if (lint::language_for(filename) != kind.language)
    throw ToolError("filename '" + filename + "' does not name one of the " + kind.what + " this tool checks.");
  lint::LintOptions options;
  options.selection.select = std::move(select);
  options.selection.ignore = std::move(ignore);
  if (auto unknown = lint::unknown_selectors(options.selection); !unknown.empty())
    throw ToolError("Unknown rule selector '" + unknown.front() +
                    "'. Use rule ids such as V004 or prefixes such as V, S, DJ, or ALL.");
  std::string code = args.at("code").get<std::string>();
  const auto in_project =
      tool_options && args.contains("filename") ? project_file(*tool_options, filename, stop) : std::nullopt;
  if (!in_project) {
    CheckedCode out{lint::lint_source(filename, code, kind.language, options), false, {}};
    if (kind.language == lint::Language::python) out.unjudged = unjudged_classes(code);
    return out;
  }
  const auto& [root, file] = *in_project;
  options.project_root = root;
  options.cache = &tool_options->warm_index->project(root);
  auto results =
      lint::lint_files({{file, filename, std::move(code)}}, options, std::max(1u, std::thread::hardware_concurrency()));
  return {std::move(results.front()), true, {}};
}

std::vector<std::string> strings(const json& args, const char* key) {
  return args.contains(key) ? args.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
}

json selector_list(const std::string& description) {
  return {{"type", "array"},
          {"items", {{"type", "string"}, {"minLength", 1}}},
          {"maxItems", 100},
          {"description", description}};
}

std::string unchecked_note(const CheckedCode& checked, const CodeKind& kind) {
  if (checked.in_project) return "";
  const std::string how =
      "Give `filename` as the file's path in the server's project (e.g. shop/views.py) to check "
      "it with the rest of the project.";
  if (kind.language == lint::Language::html)
    return "The handlers this template calls were not checked against the views that render it. " + how;
  if (checked.unjudged.empty()) return "";
  std::string names;
  for (const auto& name : checked.unjudged) names += (names.empty() ? "" : ", ") + name;
  return "Not judged: " + names +
         " (bases defined in another module, so whether each is a LiveView is unknown and the view rules skipped "
         "it); the result is not clean. " +
         how;
}

Tool validate_tool(std::string name, std::string title, std::string description, const CodeKind& kind, json code_schema,
                   std::string filename_description, const ToolOptions& options) {
  return Tool{
      .name = std::move(name),
      .title = std::move(title),
      .description = std::move(description),
      .input_schema = input_object(
          {{"code", std::move(code_schema)},
           {"filename", {{"type", "string"}, {"maxLength", 4096}, {"description", std::move(filename_description)}}},
           {"select", selector_list("Only these rules (ids or prefixes, or ALL). Default: the rules on by default.")},
           {"ignore", selector_list("Rules to skip (ids or prefixes).")}},
          {"code"}),
      .output_schema = strict_object({{"filename", string_type()},
                                      {"clean", type("boolean")},
                                      {"in_project", type("boolean")},
                                      {"unjudged_classes", array_of(string_type())},
                                      {"note", string_type()},
                                      {"findings", array_of(finding_schema())},
                                      {"summary", strict_object({{"total", type("integer")},
                                                                 {"error", type("integer")},
                                                                 {"warning", type("integer")},
                                                                 {"info", type("integer")},
                                                                 {"fixable", type("integer")}})}},
                                     {"unjudged_classes", "note"}),
      .annotations = kPureAnalysis,
      .deterministic = false,  // with a project, its other files count
      .handler = [&kind, options](const json& args, registry::CallContext& context) {
        const auto checked =
            lint_code(args, kind, strings(args, "select"), strings(args, "ignore"), &options, context.stop);
        const auto& result = checked.result;
        if (result.error) throw ToolError("Could not check the code: " + *result.error);
        json findings = json::array();
        std::map<std::string, int> counts = {{"error", 0}, {"warning", 0}, {"info", 0}};
        int fixable = 0;
        for (const auto& f : result.findings) {
          findings.push_back(lint::finding_to_json(f));
          ++counts[std::string(lint::severity_name(f.severity))];
          fixable += f.fix ? 1 : 0;
        }
        json out{{"filename", result.path},
                 {"clean", result.findings.empty() && checked.unjudged.empty()},
                 {"in_project", checked.in_project},
                 {"findings", std::move(findings)},
                 {"summary",
                  {{"total", result.findings.size()},
                   {"error", counts["error"]},
                   {"warning", counts["warning"]},
                   {"info", counts["info"]},
                   {"fixable", fixable}}}};
        if (!checked.unjudged.empty()) out["unjudged_classes"] = checked.unjudged;
        if (auto note = unchecked_note(checked, kind); !note.empty()) out["note"] = std::move(note);
        return out;
      }};
}

Tool validate_view_tool(const ToolOptions& options) {
  return validate_tool(
      "validate_view", "Validate a djust view",
      "Lint the Python source of a djust view module (LiveView / LiveComponent classes) without running it. "
      "Returns findings with rule id (djust's own check ids such as V004 where djust checks the same thing, "
      "DJ### for ours), severity, message, exact position and a fix hint: missing or wrong mount signatures, "
      "handlers without @event_handler or **kwargs, parameters without defaults, QuerySets or service objects "
      "in public state, mixin order, dispatch() overrides, unsafe mark_safe, SQL built with formatting, "
      "un-awaited stream_to, inline templates calling handlers the view lacks and more. A syntax error is a DJ000 "
      "finding with its line. Call it on every view you write or change, and fix all findings. Give `filename` as the "
      "module's path in the project so it is checked with the project (base classes in other modules, templates): "
      "then it finds what `djust-mcp validate` would find in that file holding this code. Classes it could not "
      "judge are listed in unjudged_classes and the result is not clean.",
      kPython, code_property(),
      "The module's path in the project, e.g. shop/views.py (default view.py); must end in .py. Inside the "
      "project, the code is checked as that file with the rest of the project.",
      options);
}

Tool validate_template_tool(const ToolOptions& options) {
  return validate_tool(
      "validate_template", "Validate a djust template",
      "Lint a Django/djust template without rendering it ({% %}, {{ }} and {# #} are allowed anywhere). Returns "
      "findings with rule id (djust's T/S/Y/Q check ids where djust checks the same thing, DJ### for ours), "
      "position and fix hint: unknown dj-* attributes with a did-you-mean, directive values djust cannot use "
      "(dj-update modes, dj-debounce, dj-model modifiers, dj-value types, refused event names), deprecated "
      "directives, dj-submit forms without {% csrf_token %}, dj-view/dj-root placement, pages that never connect, "
      "accessibility and |safe on upload names. To check the handlers it calls against the views that render "
      "it, use find_handlers_for_template on the project's file; with `filename` naming the template in the project, "
      "the handlers it calls are checked against those views too (DJ105).",
      kTemplate, {{"type", "string"}, {"maxLength", kMaxCodeBytes}, {"description", "The complete template source."}},
      "The template's path in the project, e.g. shop/templates/shop/cart.html (default template.html); must end "
      "in .html or .htm. Inside the project, the code is checked as that file with the rest of the project.",
      options);
}

// djust's own issue types and the rules that find them.
const std::vector<std::pair<std::string, std::string>>& issue_types() {
  static const std::vector<std::pair<std::string, std::string>> types = {{"missing_kwargs", "V007"},
                                                                         {"missing_decorator", "V004"},
                                                                         {"service_in_state", "V006"},
                                                                         {"public_queryset", "DJ003"},
                                                                         {"syntax_error", "DJ000"}};
  return types;
}

Tool detect_common_issues_tool() {
  json type_names = json::array();
  json by_type_properties = json::object();
  for (const auto& [type, rule] : issue_types()) {
    type_names.push_back(type);
    by_type_properties[type] = count_type();
  }
  return Tool{
      .name = "detect_common_issues",
      .title = "Detect common djust mistakes",
      .description =
          "Quick check of a djust view module for the five most common mistakes, reported with djust's issue "
          "types: missing_kwargs (handler without **kwargs), missing_decorator (handler-like method without "
          "@event_handler), service_in_state (client/session object in public state), public_queryset (QuerySet "
          "in public state), syntax_error. For the full rule set use validate_view.",
      .input_schema = input_object({{"code", code_property()}}, {"code"}),
      .output_schema = strict_object(
          {{"issues", array_of(strict_object({{"type", {{"type", "string"}, {"enum", type_names}}},
                                              {"rule", string_type()},
                                              {"line", {{"type", "integer"}, {"minimum", 1}}},
                                              {"column", {{"type", "integer"}, {"minimum", 1}}},
                                              {"message", string_type()},
                                              {"fix_hint", string_type()}}))},
           {"summary", strict_object({{"total", count_type()}, {"by_type", strict_object(by_type_properties)}})}}),
      .annotations = kPureAnalysis,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        std::vector<std::string> rules;
        std::map<std::string, std::string> type_of;
        json by_type = json::object();
        for (const auto& [type, rule] : issue_types()) {
          rules.push_back(rule);
          type_of[rule] = type;
          by_type[type] = 0;
        }
        const auto result = lint_code(args, kPython, rules, {}, nullptr, {}).result;
        if (result.error) throw ToolError("Could not check the code: " + *result.error);
        json issues = json::array();
        for (const auto& f : result.findings) {
          const std::string& type = type_of.at(f.rule_id);
          by_type[type] = by_type[type].get<int>() + 1;
          issues.push_back({{"type", type},
                            {"rule", f.rule_id},
                            {"line", f.span.line},
                            {"column", f.span.column},
                            {"message", f.message},
                            {"fix_hint", f.fix_hint}});
        }
        const std::size_t total = issues.size();
        return json{{"issues", std::move(issues)}, {"summary", {{"total", total}, {"by_type", std::move(by_type)}}}};
      }};
}

}  // namespace

std::vector<registry::Tool> validate_tools(const ToolOptions& options) {
  return {validate_view_tool(options), validate_template_tool(options), detect_common_issues_tool()};
}

}  // namespace djust::tools
