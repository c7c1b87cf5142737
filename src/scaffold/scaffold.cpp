#include "scaffold/scaffold.h"

#include "core/embedded.h"
#include "core/text.h"
#include "scaffold/decorators.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace djust::scaffold {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// Mustache says a line holding only a section, inverted-section, comment or set-delimiter tag
// disappears whole. kainjow 4.1 drops such lines only when the section is true (and then also
// drops blank lines next to them), which would leave stray or missing blank lines in the code. So
// each such line gets a marker after its tag, which keeps kainjow from treating it as blank, and
// the lines left holding only the marker are removed after rendering.
constexpr char kStandaloneMarker = '\x1e';  // never in a template or a (validated) value

std::string mark_standalone_tags(std::string_view text) {
  std::string open = "{{";
  std::string close = "}}";
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(" \t");
    const std::size_t last = line.find_last_not_of(" \t");
    const std::string_view tag = first == std::string_view::npos ? line : line.substr(first, last - first + 1);
    const bool standalone = tag.size() > open.size() + close.size() && tag.starts_with(open) && tag.ends_with(close) &&
                            tag.find(open, open.size()) == std::string_view::npos &&
                            std::string_view("#^/!=").find(tag[open.size()]) != std::string_view::npos;
    out += standalone ? std::string(tag) + kStandaloneMarker : std::string(line);
    if (end < text.size()) out += '\n';
    if (standalone && tag[open.size()] == '=') {  // {{=<% %>=}}: the delimiters change after this tag
      const std::string_view inner = tag.substr(open.size() + 1, tag.size() - open.size() - close.size() - 2);
      const std::size_t space = inner.find(' ');
      open = inner.substr(0, space);
      close = inner.substr(inner.find_first_not_of(' ', space));
    }
    start = end + 1;
  }
  return out;
}

std::string drop_marked_lines(std::string_view rendered) {
  std::string out;
  std::size_t start = 0;
  while (start < rendered.size()) {
    const std::size_t end = std::min(rendered.find('\n', start), rendered.size());
    const std::string_view line = rendered.substr(start, end - start);
    const bool marker_only = !line.empty() && line.find_first_not_of(kStandaloneMarker) == std::string_view::npos;
    if (!marker_only) {
      out += line;
      if (end < rendered.size()) out += '\n';
    }
    start = end + 1;
  }
  return out;
}

std::string render(const std::string& template_path, const data& model) {
  const auto text = core::embedded_file(template_path);
  if (!text) throw std::logic_error(template_path + " is not embedded");
  mustache tmpl{mark_standalone_tags(*text)};
  if (!tmpl.is_valid()) throw std::logic_error(template_path + ": " + tmpl.error_message());
  // The output is source code, not HTML: values go in as they are (each was validated first).
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return drop_marked_lines(tmpl.render(model));
}

// "product_list" -> "Product list", for titles and messages people read.
std::string sentence_case(const std::string& snake) {
  std::string words = snake;
  std::replace(words.begin(), words.end(), '_', ' ');
  if (!words.empty()) words.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(words.front())));
  return words;
}

void require_app(const std::optional<std::string>& app) {
  if (app) require_identifier(*app, "app name");
}

// Where templates go inside the app (APP_DIRS finds them) and the name the code loads them by.
struct TemplateLocation {
  std::string name;  // "shop/product_list.html"
  std::string path;  // "templates/shop/product_list.html", relative to the app
};

TemplateLocation template_location(const std::optional<std::string>& app, const std::string& file) {
  const std::string name = app ? *app + "/" + file : file;
  return {name, "templates/" + name};
}

std::string module_path(const std::optional<std::string>& app, const std::string& module) {
  return app ? *app + "." + module : module;
}

std::vector<std::string> parse_features(const std::vector<std::string>& requested) {
  const auto& valid = view_feature_names();
  std::set<std::string> chosen;
  for (const auto& feature : requested) {
    const std::string name = core::to_lower(feature);
    if (std::find(valid.begin(), valid.end(), name) == valid.end())
      throw ScaffoldError(core::unknown_value_message("feature", feature, valid));
    chosen.insert(name);
  }
  std::vector<std::string> ordered;
  for (const auto& name : valid)
    if (chosen.count(name)) ordered.push_back(name);
  return ordered;
}

data string_list(const std::vector<std::string>& items) {
  data list{data::type::list};
  for (const auto& item : items) list.push_back(data{item});
  return list;
}

data parameter_list(const std::vector<Parameter>& parameters) {
  data list{data::type::list};
  for (const auto& p : parameters) {
    data entry;
    entry.set("name", p.name);
    entry.set("type", p.type);
    entry.set("default", p.default_value);
    list.push_back(entry);
  }
  return list;
}

}  // namespace

const std::vector<std::string>& view_feature_names() {
  static const std::vector<std::string> names = {"search",   "crud",      "pagination", "form",
                                                 "presence", "streaming", "auth"};
  return names;
}

ViewScaffold scaffold_view(const ViewRequest& request) {
  require_class_name(request.name, "view name");
  require_app(request.app);
  if (request.model) require_class_name(*request.model, "model name");
  const auto features = parse_features(request.features);
  auto has = [&](std::string_view f) { return std::find(features.begin(), features.end(), f) != features.end(); };

  const std::string base = request.name.ends_with("View") && request.name.size() > 4
                               ? request.name.substr(0, request.name.size() - 4)
                               : request.name;
  const std::string class_name = base + "View";
  const std::string snake = snake_case(base);
  const std::string module = snake + "_view";
  const auto html = template_location(request.app, snake + ".html");
  // The model's rows, or placeholder rows kept in the session until a model is given.
  const std::string entity = request.model ? snake_case(*request.model) : "item";
  const std::string app_label = request.app.value_or("app_label");

  const bool form_class = has("form") || has("crud");
  const bool list = has("search") || has("crud") || has("pagination");
  const bool mutating = form_class;  // save_*, and delete_* with crud
  const bool gated = has("auth") && mutating;

  std::vector<std::string> decorator_imports;
  const bool any_handler = list || form_class || has("streaming");
  if (any_handler) decorator_imports.emplace_back("event_handler");
  if (gated) decorator_imports.emplace_back("permission_required");

  data model;
  for (const auto& f : view_feature_names()) model.set(f, has(f));
  model.set("summary", class_name + ": a djust LiveView" +
                           (features.empty() ? "" : " (" + core::join(features, ", ") + ")") + ".");
  model.set("class_name", class_name);
  model.set("bases", has("presence") ? "PresenceMixin, LiveView" : "LiveView");
  model.set("title", sentence_case(snake));
  model.set("slug", kebab_case(snake));
  model.set("template_name", html.name);
  model.set("dj_view", module_path(request.app, module) + "." + class_name);
  model.set("decorator_imports", core::join(decorator_imports, ", "));
  model.set("has_decorator_imports", !decorator_imports.empty());
  model.set("model", request.model.has_value());
  model.set("model_name", request.model.value_or(""));
  model.set("search_model", has("search") && request.model.has_value());
  model.set("placeholder_storage", !request.model && (list || form_class));
  model.set("form_class", form_class);
  model.set("form_class_name", (request.model ? *request.model : base) + "Form");
  model.set("list", list);
  model.set("context", list || has("presence"));
  model.set("row_expression", request.model ? R"({"id": row.pk, "label": str(row)})" : "dict(row)");
  model.set("entity", entity);
  model.set("entity_kebab", kebab_case(entity));
  model.set("entity_words", core::to_lower(sentence_case(entity)));
  // Django's default permissions: <app>.add_<model>, change_<model>, delete_<model>.
  model.set("save_perm",
            app_label + (has("crud") ? ".change_" : ".add_") + core::to_lower(request.model.value_or(entity)));
  model.set("delete_perm", app_label + ".delete_" + core::to_lower(request.model.value_or(entity)));

  ViewScaffold result;
  result.class_name = class_name;
  result.files.push_back({module + ".py", render("templates/view.py.mustache", model)});
  result.files.push_back({html.path, render("templates/view.html.mustache", model)});
  result.urls_import = "from ." + module + " import " + class_name;
  result.urls_line = "path(\"" + kebab_case(snake) + "/\", " + class_name + ".as_view(), name=\"" + snake + "\"),";
  return result;
}

ComponentScaffold scaffold_component(const ComponentRequest& request) {
  require_class_name(request.name, "component name");
  require_app(request.app);
  const auto props = parse_parameters(request.props, "props");
  const std::string snake = snake_case(request.name);
  const auto html = template_location(request.app, "components/" + snake + ".html");

  std::vector<std::string> context_items;
  for (const auto& p : props) context_items.push_back("\"" + p.name + "\": self." + p.name);
  data model;
  model.set("class_name", request.name);
  model.set("slug", kebab_case(snake));
  model.set("template_name", html.name);
  model.set("props", parameter_list(props));
  model.set("context_dict", "{" + core::join(context_items, ", ") + "}");

  ComponentScaffold result;
  result.class_name = request.name;
  result.files.push_back({snake + "_component.py", render("templates/component.py.mustache", model)});
  result.files.push_back({html.path, render("templates/component.html.mustache", model)});
  return result;
}

HandlerScaffold scaffold_handler(const HandlerRequest& request) {
  require_identifier(request.name, "handler name");
  if (request.name.starts_with('_'))
    throw ScaffoldError("The handler name '" + request.name +
                        "' starts with '_': djust never lets the browser call private methods.");
  const auto params = parse_parameters(request.params, "params");
  const auto decorators = parse_decorators(request.decorators);

  std::vector<std::string> expressions;
  std::vector<std::string> names;
  std::vector<std::string> notes;
  for (const auto& d : decorators) {
    expressions.push_back(d.expression);
    names.push_back(d.name);
    if (!d.note.empty()) notes.push_back(d.note);
  }
  std::sort(names.begin(), names.end());
  data model;
  model.set("name", request.name);
  model.set("params", parameter_list(params));
  model.set("decorators", string_list(expressions));
  model.set("notes", string_list(notes));
  model.set("title", sentence_case(request.name));

  HandlerScaffold result;
  result.code = render("templates/handler.py.mustache", model);
  result.import_line = "from djust.decorators import " + core::join(names, ", ");
  result.decorators = std::move(expressions);
  result.notes = std::move(notes);
  return result;
}

}  // namespace djust::scaffold
