#include "tools/validate_tools.h"

#include "lint/engine.h"
#include "lint/formats/formats.h"
#include "tools/schema_pieces.h"

#include <map>

namespace djust::tools {
namespace {

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

lint::FileResult lint_code(const json& args, const CodeKind& kind, std::vector<std::string> select,
                           std::vector<std::string> ignore) {
  const std::string filename = args.value("filename", std::string(kind.default_filename));
  if (lint::language_for(filename) != kind.language)
    throw ToolError("filename '" + filename + "' does not name one of the " + kind.what + " this tool checks.");
  lint::LintOptions options;
  options.selection.select = std::move(select);
  options.selection.ignore = std::move(ignore);
  if (auto unknown = lint::unknown_selectors(options.selection); !unknown.empty())
    throw ToolError("Unknown rule selector '" + unknown.front() +
                    "'. Use rule ids such as V004 or prefixes such as V, S, DJ, or ALL.");
  return lint::lint_source(filename, args.at("code").get<std::string>(), kind.language, options);
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

Tool validate_tool(std::string name, std::string title, std::string description, const CodeKind& kind, json code_schema,
                   std::string filename_description) {
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
                                      {"findings", array_of(finding_schema())},
                                      {"summary", strict_object({{"total", type("integer")},
                                                                 {"error", type("integer")},
                                                                 {"warning", type("integer")},
                                                                 {"info", type("integer")},
                                                                 {"fixable", type("integer")}})}}),
      .annotations = kPureAnalysis,
      .deterministic = true,
      .handler = [&kind](const json& args, registry::CallContext&) {
        const auto result = lint_code(args, kind, strings(args, "select"), strings(args, "ignore"));
        if (result.error) throw ToolError("Could not check the code: " + *result.error);
        json findings = json::array();
        std::map<std::string, int> counts = {{"error", 0}, {"warning", 0}, {"info", 0}};
        int fixable = 0;
        for (const auto& f : result.findings) {
          findings.push_back(lint::finding_to_json(f));
          ++counts[std::string(lint::severity_name(f.severity))];
          fixable += f.fix ? 1 : 0;
        }
        return json{{"filename", result.path},
                    {"clean", result.findings.empty()},
                    {"findings", std::move(findings)},
                    {"summary",
                     {{"total", result.findings.size()},
                      {"error", counts["error"]},
                      {"warning", counts["warning"]},
                      {"info", counts["info"]},
                      {"fixable", fixable}}}};
      }};
}

Tool validate_view_tool() {
  return validate_tool(
      "validate_view", "Validate a djust view",
      "Lint the Python source of a djust view module (LiveView / LiveComponent classes) without running it. "
      "Returns findings with rule id (djust's own check ids such as V004 where djust checks the same thing, "
      "DJ### for ours), severity, message, exact position and a fix hint: missing or wrong mount signatures, "
      "handlers without @event_handler or **kwargs, parameters without defaults, QuerySets or service objects "
      "in public state, mixin order, dispatch() overrides, unsafe mark_safe, SQL built with formatting, "
      "un-awaited stream_to, inline templates calling handlers the view lacks and more. A syntax error is a DJ000 "
      "finding with its line. Call it on every view you write or change, and fix all findings.",
      kPython, code_property(), "Name to report, e.g. shop/views.py (default view.py); must end in .py.");
}

Tool validate_template_tool() {
  return validate_tool(
      "validate_template", "Validate a djust template",
      "Lint a Django/djust template without rendering it ({% %}, {{ }} and {# #} are allowed anywhere). Returns "
      "findings with rule id (djust's T/S/Y/Q check ids where djust checks the same thing, DJ### for ours), "
      "position and fix hint: unknown dj-* attributes with a did-you-mean, directive values djust cannot use "
      "(dj-update modes, dj-debounce, dj-model modifiers, dj-value types, refused event names), deprecated "
      "directives, dj-submit forms without {% csrf_token %}, dj-view/dj-root placement, pages that never connect, "
      "accessibility and |safe on upload names. To check the handlers it calls against the views that render "
      "it, use find_handlers_for_template on the project's file.",
      kTemplate, {{"type", "string"}, {"maxLength", kMaxCodeBytes}, {"description", "The complete template source."}},
      "Name to report, e.g. shop/templates/shop/cart.html (default template.html); must end in .html or .htm.");
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
        const auto result = lint_code(args, kPython, rules, {});
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

std::vector<registry::Tool> validate_tools() {
  return {validate_view_tool(), validate_template_tool(), detect_common_issues_tool()};
}

}  // namespace djust::tools
