#pragma once
// What linking views to templates needs from one file, read while the file is checked: for a
// template its handler calls, markers, extends/include names and words; for Python its classes
// with their bases, methods, handlers and template_name or inline template; for settings the
// TEMPLATES DIRS. Facts are small, so a whole project's fit in memory after the trees are gone.

#include "lint/finding.h"
#include "lint/html/template.h"
#include "lint/python/model.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace djust::lint::links {

struct NamedSpan {
  std::string name;
  Span span;
};

struct HandlerCallFact {
  std::string name;
  Span span;
  bool in_component = false;  // sent to a component or embedded view, not the page's view
};

struct TemplateFacts {
  std::vector<HandlerCallFact> handler_calls;  // dj-click="delete(3)" -> delete
  bool computed_handlers = false;              // some handler attribute's value is template code
  std::set<std::string> attribute_names;       // of the template's own elements, as written
  std::optional<NamedSpan> live_attribute;     // the first attribute that needs a connected view
  std::optional<Span> view_marker;             // its dj-view attribute
  std::vector<NamedSpan> view_paths;           // literal dj-view values, each with its value's span
  // djust 1.1 stamps dj-view onto the rendered page by replacing the exact text "<div dj-root>":
  // whether some start tag is written so, and the dj-root attribute of the first one that is not.
  bool view_filled_root = false;
  std::optional<Span> unfilled_root;
  // Identifiers anywhere in it (hooks name handlers too), sorted, each once: a flat list, as
  // thousands of them are read back from the lint cache on every run.
  std::vector<std::string> words;
  std::optional<std::string> extends;       // {% extends "name" %}
  bool extends_computed = false;            // {% extends variable %}
  std::vector<std::string> includes;        // {% include "name" %}
  bool includes_computed = false;           // {% include variable %}
  std::vector<std::string> embedded_views;  // {% live_render "dotted.View" %}
  bool partial = false;                     // {# djust:partial #}
  bool component = false;                   // a component root (dj-component, data-component-id)
};

TemplateFacts read_template_facts(const html::Template& document);

struct ClassFacts {
  std::string name;
  std::string qualified;  // module.Name; just Name when the module is unknown
  Span name_span;
  python::ClassKind kind = python::ClassKind::other;
  bool abstract = false;
  std::vector<std::string> bases;                // qualified, relative imports resolved
  std::vector<std::string> template_names;       // its own template_name literal
  std::optional<Span> template_name_span;        // where that literal is
  bool computed_template = false;                // get_template_names() or a non-literal template_name
  std::optional<TemplateFacts> inline_template;  // `template = "..."`, spans in the Python file
  std::set<std::string> methods;                 // defined in the class body
  std::vector<NamedSpan> handlers;               // its own @event_handler / @action methods
  // Handler names given to djust's built-in components in its methods: Button(action="save").
  std::vector<HandlerCallFact> component_handlers;
};

// An inline `template = """..."""`: its text and where that text starts in the Python file.
struct InlineTemplate {
  std::string class_name;
  std::string text;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

std::vector<InlineTemplate> inline_templates(const python::Module& module);
// A span inside an inline template, as a span of the Python file.
Span to_python_span(const InlineTemplate& where, Span in_template);

struct FileFacts {
  std::filesystem::path file;  // absolute; empty for code that is not on disk
  std::vector<ClassFacts> classes;
  std::optional<TemplateFacts> template_facts;
  std::vector<std::string> template_dirs;      // TEMPLATES DIRS of a settings module, relative to the project
  std::string module;                          // a Python file's dotted module ("shop.views"); "" when unknown
  std::map<std::string, std::string> imports;  // its imported names: local -> qualified, relative ones resolved
  bool star_imports = false;                   // it has `from x import *`, so it may hold any name
};

// `module_name` is the dotted module ("shop.views"), or "" when unknown. `inline_facts` are the
// facts of the module's inline templates, by class name, already in Python-file spans.
std::vector<ClassFacts> read_class_facts(const python::Module& module, const std::string& module_name,
                                         std::vector<std::pair<std::string, TemplateFacts>> inline_facts);
std::vector<std::string> read_template_dirs(const python::Module& module);
// The module's imports with relative ones resolved; `package` for an __init__.py.
std::map<std::string, std::string> read_imports(const python::Module& module, const std::string& module_name,
                                                bool package);

// "shop/views/list.py" under the project root -> "shop.views.list"; "" outside it.
std::string module_name_for(const std::filesystem::path& root, const std::filesystem::path& file);

}  // namespace djust::lint::links
