#include "tools/template_tools.h"

#include "core/text.h"
#include "lint/engine.h"
#include "lint/links/handler_links.h"
#include "tools/project_paths.h"
#include "tools/schema_pieces.h"

#include <thread>

namespace djust::tools {
namespace {

namespace fs = std::filesystem;
using Index = lint::links::ProjectIndex;
using registry::json;
using registry::Tool;
using registry::ToolError;

json named_spans_schema() {
  return array_of(strict_object({{"name", string_type()},
                                 {"line", {{"type", "integer"}, {"minimum", 1}}},
                                 {"column", {{"type", "integer"}, {"minimum", 1}}}}));
}

json named_spans(const std::vector<lint::links::HandlerCallFact>& spans) {
  json out = json::array();
  for (const auto& s : spans) out.push_back({{"name", s.name}, {"line", s.span.line}, {"column", s.span.column}});
  return out;
}

std::string project_relative(const fs::path& root, const fs::path& file) {
  return file.lexically_relative(root).generic_string();
}

std::string kind_name(lint::python::ClassKind kind) {
  switch (kind) {
    case lint::python::ClassKind::live_view:
      return "LiveView";
    case lint::python::ClassKind::live_component:
      return "LiveComponent";
    default:
      return "unknown";
  }
}

// The names of the calls nobody answers, each once, sorted.
json missing_names(const lint::links::CallsAnswered& answered) {
  std::set<std::string> names;
  for (const auto& missing : answered.missing) names.insert(missing.call->name);
  return json(names);
}

// The class's file in the index, for its path.
const lint::links::FileFacts* file_of(const Index& index, const lint::links::ClassFacts& c) {
  for (const auto& f : index.files())
    for (const auto& k : f.classes)
      if (&k == &c) return &f;
  return nullptr;
}

json describe(const Index& index, const fs::path& template_file) {
  const lint::links::FileFacts* facts = index.file(template_file);
  if (!facts || !facts->template_facts) throw ToolError("Could not read " + template_file.string() + ".");
  const auto& own = *facts->template_facts;

  json views = json::array();
  const auto classes = index.classes_rendering(template_file);
  for (const auto* c : classes) {
    const auto handlers = index.handlers_of(*c);
    const auto pages = index.pages_of(*c);
    // What DJ105 and DJ106 would say of this class alone.
    const auto answered = lint::links::missing_calls(own, {c}, index);
    const auto unreferenced = lint::links::unreferenced_handlers(*c, index);
    json unreferenced_names = json::array();
    if (unreferenced)
      for (const auto* h : *unreferenced) unreferenced_names.push_back(h->name);
    json templates = json::array();
    for (const auto& f : pages.files) templates.push_back(project_relative(index.root(), f));
    const auto* file = file_of(index, *c);
    views.push_back({{"class", c->name},
                     {"qualified_name", c->qualified},
                     {"kind", kind_name(index.kind_of(*c))},
                     {"file", file ? project_relative(index.root(), file->file) : std::string()},
                     {"line", c->name_span.line},
                     {"templates", std::move(templates)},
                     {"handlers", json(handlers.callable)},
                     {"bases_complete", handlers.complete},
                     {"missing_handlers", answered ? missing_names(*answered) : json::array()},
                     {"unreferenced_handlers", std::move(unreferenced_names)}});
  }
  // What DJ105 reports for the template: calls none of its classes answers.
  const auto answered_by_any = lint::links::missing_calls(own, classes, index);
  return {{"template", project_relative(index.root(), template_file)},
          {"names", index.names_of(template_file)},
          {"handlers", named_spans(own.handler_calls)},
          {"computed_handlers", own.computed_handlers},
          {"views", std::move(views)},
          {"missing_handlers", answered_by_any ? missing_names(*answered_by_any) : json::array()}};
}

// The template `given` names: a file of the project relative to its folder, else a name as
// Django's loader knows it ("shop/cart.html"), which is the file the loader finds first.
fs::path template_file(const Index& index, const std::string& given) {
  std::string refusal;
  try {
    const fs::path real = resolve_in_project(index.root(), "template_path", given, "a template");
    std::error_code ec;
    if (fs::is_regular_file(real, ec) && lint::language_for(real) == lint::Language::html) return real;
    refusal = "'" + given + "' is not a template file (.html or .htm) in " + index.root().string() +
              ", nor a template name the project's template folders hold.";
  } catch (const ToolError& e) {
    refusal = e.what();
  }
  if (const auto named = index.templates_named(given); !named.empty()) return named.front()->file;
  std::vector<std::string> candidates = index.template_names();
  for (const auto& f : index.files())
    if (f.template_facts) candidates.push_back(project_relative(index.root(), f.file));
  if (const auto close = core::closest_match(given, candidates)) refusal += " Did you mean '" + *close + "'?";
  throw ToolError(refusal);
}

Tool find_handlers_for_template_tool(const ToolOptions& options) {
  return Tool{
      .name = "find_handlers_for_template",
      .title = "Link a template to its views and handlers",
      .description =
          "Static analysis of one template in the project (no Django needed): the event handlers it calls "
          "(dj-click, dj-submit, dj-change, dj-input, dj-keydown, dj-shortcut, ... with call syntax such as "
          "delete(3) understood), the LiveViews and LiveComponents that render it (template_name looked up under "
          "every templates/ folder and the TEMPLATES DIRS in settings, inline templates, {% extends %} and "
          "{% include %} followed), the handlers each view defines, handlers the template calls that a view "
          "lacks, and view handlers that none of its templates mention. Use it after editing a template or "
          "renaming a handler.",
      .input_schema = input_object({{"template_path",
                                     {{"type", "string"},
                                      {"minLength", 1},
                                      {"maxLength", 4096},
                                      {"description",
                                       "The template file, relative to the project folder (the one holding "
                                       "manage.py), e.g. shop/templates/shop/cart.html, or its name as "
                                       "template_name gives it, e.g. shop/cart.html."}}}},
                                   {"template_path"}),
      .output_schema = strict_object(
          {{"template", string_type()},
           {"names", array_of(string_type())},
           {"handlers", named_spans_schema()},
           {"computed_handlers", type("boolean")},
           {"views",
            array_of(strict_object({{"class", string_type()},
                                    {"qualified_name", string_type()},
                                    {"kind", {{"type", "string"}, {"enum", {"LiveView", "LiveComponent", "unknown"}}}},
                                    {"file", string_type()},
                                    {"line", {{"type", "integer"}, {"minimum", 1}}},
                                    {"templates", array_of(string_type())},
                                    {"handlers", array_of(string_type())},
                                    {"bases_complete", type("boolean")},
                                    {"missing_handlers", array_of(string_type())},
                                    {"unreferenced_handlers", array_of(string_type())}}))},
           {"missing_handlers", array_of(string_type())}}),
      .annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false},
      .deterministic = false,  // follows the files on disk
      .handler = [options](const json& args, registry::CallContext& context) {
        const fs::path root = project_root(options, context.stop);
        const std::string given = args.at("template_path").get<std::string>();
        // Every file of the project is linked: those unchanged since an earlier call keep their
        // facts; reading the rest may take a while, so a cancel stops it between files.
        const fs::path canonical = fs::canonical(root);
        const auto index = lint::index_project(canonical, std::max(1u, std::thread::hardware_concurrency()),
                                               context.stop, &options.warm_index->project(canonical));
        if (!index) throw ToolError("Cancelled.");
        const fs::path file = template_file(*index, given);
        if (auto unreadable = lint::read_source(file).error) throw ToolError("'" + given + "': " + *unreadable + ".");
        return describe(*index, file);
      }};
}

}  // namespace

std::vector<Tool> template_tools(const ToolOptions& options) { return {find_handlers_for_template_tool(options)}; }

}  // namespace djust::tools
