#include "lint/links/facts.h"

#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/html/handler_calls.h"
#include "lint/python/rules/common.h"
#include "lint/syntax_walk.h"

#include <algorithm>
#include <cctype>

namespace djust::lint::links {
namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string_view> found;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_char(text[end])) ++end;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) found.push_back(text.substr(i, end - i));
    i = end;
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return {found.begin(), found.end()};
}

// The first argument of a tag when it is a quoted constant: {% include "a.html" with x=1 %}.
std::optional<std::string> quoted_argument(std::string_view content) {
  const std::size_t start = content.find_first_of(" \t\r\n");
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t open = content.find_first_not_of(" \t\r\n", start);
  if (open == std::string_view::npos || (content[open] != '"' && content[open] != '\'')) return std::nullopt;
  const std::size_t close = content.find(content[open], open + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(content.substr(open + 1, close - open - 1));
}

bool is_partial_marker(std::string_view comment) {
  std::string squeezed;
  for (char c : comment)
    if (!std::isspace(static_cast<unsigned char>(c))) squeezed += static_cast<char>(std::tolower(c));
  return squeezed == "djust:partial";
}

// Attributes that only work inside a connected view, beyond those that call handlers.
bool sends_to_view(std::string_view attribute_name) {
  const std::string_view base = attribute_name.substr(0, attribute_name.find('.'));
  return base == "dj-model" || base == "dj-upload" || base == "dj-upload-drop";
}

// Python escapes that matter in markup, replaced without moving anything: \" becomes a blank and a
// quote, \n two blanks, so positions in the text stay positions in the file.
void unescape_in_place(std::string& text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '\\') continue;
    const char next = text[i + 1];
    if (next == '"' || next == '\'' || next == '\\') {
      text[i] = ' ';
    } else if (next == 'n' || next == 't' || next == 'r') {
      text[i] = ' ';
      text[i + 1] = ' ';
    }
    ++i;
  }
}

// The text of a plain string literal (no f-string, no implicit concatenation) and where that text
// starts; nullopt for anything else.
std::optional<InlineTemplate> string_literal(const python::Module& module, TSNode node) {
  if (python::is_null(node) || python::node_type(node) != "string") return std::nullopt;
  std::optional<TSPoint> start;
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  bool plain = true;
  bool raw = false;
  python::for_each_child(node, [&](TSNode child, std::string_view) {
    const std::string_view type = python::node_type(child);
    if (type == "string_start") {
      const std::string_view prefix = module.text(child);
      plain = plain && prefix.find_first_of("fF") == std::string_view::npos;
      raw = prefix.find_first_of("rR") != std::string_view::npos;
      start = ts_node_end_point(child);
      from = to = ts_node_end_byte(child);
    } else if (type == "interpolation") {
      plain = false;
    } else if (type == "string_end") {
      to = ts_node_start_byte(child);
    }
  });
  if (!plain || !start) return std::nullopt;
  std::string text = module.tree().source().substr(from, to - from);
  if (!raw) unescape_in_place(text);
  return InlineTemplate{"", std::move(text), start->row + 1, start->column + 1};
}

// "..base.Mixin" imported in module "shop.views.list" -> "shop.base.Mixin".
std::string resolve_relative(const std::string& module_name, const std::string& name) {
  std::size_t dots = 0;
  while (dots < name.size() && name[dots] == '.') ++dots;
  std::string package = module_name;
  for (std::size_t i = 0; i < dots; ++i) {
    const std::size_t cut = package.rfind('.');
    package = cut == std::string::npos ? std::string() : package.substr(0, cut);
  }
  const std::string rest = name.substr(dots);
  return package.empty() ? rest : package + "." + rest;
}

// The handler names `c`'s methods pass to built-in components as literal strings, in props that
// become dj-* event attributes (the component's `handler_props`).
std::vector<HandlerCallFact> component_handlers(const python::Module& module, const python::Class& c) {
  std::vector<HandlerCallFact> out;
  for (const auto& call : module.calls()) {
    const nlohmann::json* component = call.enclosing_class == &c ? knowledge::find_component(call.qualified) : nullptr;
    if (!component) continue;
    const auto& handler_props = component->at("handler_props");
    python::for_each_child(python::child_by_field(call.node, "arguments"), [&](TSNode argument, std::string_view) {
      if (python::node_type(argument) != "keyword_argument") return;
      const std::string prop = python::field_text(module, argument, "name");
      if (std::find(handler_props.begin(), handler_props.end(), prop) == handler_props.end()) return;
      if (auto name = string_literal(module, python::child_by_field(argument, "value")); name && !name->text.empty())
        out.push_back(
            {name->text,
             {name->line, name->column, name->line, name->column + static_cast<std::uint32_t>(name->text.size())}});
    });
  }
  return out;
}

}  // namespace

// The start tag djust 1.1's HTTP render (mixins/request.py) rewrites to carry the view's path.
constexpr std::string_view kViewFilledRoot = "<div dj-root>";

TemplateFacts read_template_facts(const html::Template& document) {
  TemplateFacts facts;
  const html::HandlerCalls calls = html::all_handler_calls(document);
  facts.computed_handlers = calls.computed;
  for (const auto& call : calls.calls)
    facts.handler_calls.push_back({call.name, document.span_of(call.start_byte, call.end_byte), call.in_component});
  for (const auto& element : document.elements()) {
    const std::string_view start_tag =
        std::string_view(document.source()).substr(element.start_byte, element.start_tag_end_byte - element.start_byte);
    if (start_tag == kViewFilledRoot) facts.view_filled_root = true;
    for (const auto& attribute : element.attributes) {
      if (!facts.unfilled_root && attribute.name == "dj-root" && start_tag != kViewFilledRoot)
        facts.unfilled_root = attribute.name_span;
      facts.attribute_names.insert(attribute.name);
      if (!facts.live_attribute && (html::handler_directive(attribute) || sends_to_view(attribute.name)))
        facts.live_attribute = NamedSpan{attribute.name, attribute.name_span};
      if (!facts.view_marker && attribute.name == "dj-view") facts.view_marker = attribute.name_span;
      if (attribute.name == "dj-view" && attribute.has_value && !attribute.dynamic)
        facts.view_paths.push_back({std::string(core::trim(attribute.value)), attribute.value_span});
      if (attribute.name == "dj-component" || attribute.name == "data-component-id") facts.component = true;
    }
  }
  for (const auto& construct : document.constructs()) {
    if (construct.kind == html::TemplateConstruct::Kind::comment) {
      facts.partial = facts.partial || is_partial_marker(construct.content);
      continue;
    }
    if (construct.kind != html::TemplateConstruct::Kind::tag) continue;
    const auto argument = quoted_argument(construct.content);
    if (construct.name == "extends") {
      facts.extends = argument;
      facts.extends_computed = !argument;
    } else if (construct.name == "include") {
      if (argument)
        facts.includes.push_back(*argument);
      else
        facts.includes_computed = true;
    } else if (construct.name == "live_render" && argument) {
      facts.embedded_views.push_back(*argument);
    }
  }
  facts.words = words_of(document.source());
  return facts;
}

std::vector<InlineTemplate> inline_templates(const python::Module& module) {
  std::vector<InlineTemplate> out;
  for (const auto& c : module.classes()) {
    const python::ClassAttribute* attribute = c.attribute("template");
    if (!attribute) continue;
    if (auto literal = string_literal(module, attribute->value)) {
      literal->class_name = c.name;
      out.push_back(std::move(*literal));
    }
  }
  return out;
}

Span to_python_span(const InlineTemplate& where, Span in_template) {
  auto line = [&](std::uint32_t l) { return where.line + l - 1; };
  auto column = [&](std::uint32_t l, std::uint32_t c) { return l == 1 ? where.column + c - 1 : c; };
  return {line(in_template.line), column(in_template.line, in_template.column), line(in_template.end_line),
          column(in_template.end_line, in_template.end_column)};
}

std::vector<ClassFacts> read_class_facts(const python::Module& module, const std::string& module_name,
                                         std::vector<std::pair<std::string, TemplateFacts>> inline_facts) {
  auto qualify = [&](const std::string& name) { return module_name.empty() ? name : module_name + "." + name; };
  std::vector<ClassFacts> out;
  for (const auto& c : module.classes()) {
    ClassFacts facts;
    facts.name = c.name;
    facts.qualified = qualify(c.name);
    facts.name_span = c.name_span;
    facts.kind = c.kind;
    facts.abstract = python::is_abstract(module, c);
    for (const auto& base : c.bases) {
      if (base.qualified.starts_with("."))
        facts.bases.push_back(resolve_relative(module_name, base.qualified));
      else if (base.qualified.find('.') == std::string::npos && module.find_class(base.qualified))
        facts.bases.push_back(qualify(base.qualified));
      else
        facts.bases.push_back(base.qualified);
    }
    if (const python::ClassAttribute* name = c.attribute("template_name")) {
      if (auto literal = string_literal(module, name->value)) {
        facts.template_names.push_back(literal->text);
        facts.template_name_span = module.span(name->value);
      } else
        facts.computed_template = true;
    }
    facts.computed_template = facts.computed_template || c.method("get_template_names") || c.method("get_template");
    for (auto& [class_name, template_facts] : inline_facts)
      if (class_name == c.name) facts.inline_template = std::move(template_facts);
    if (c.attribute("template") && !facts.inline_template) facts.computed_template = true;
    for (const auto& method : c.methods) {
      facts.methods.insert(method.name);
      if (python::is_event_handler(method)) facts.handlers.push_back({method.name, method.name_span});
    }
    facts.component_handlers = component_handlers(module, c);
    out.push_back(std::move(facts));
  }
  return out;
}

std::vector<std::string> read_template_dirs(const python::Module& module) {
  std::vector<std::string> dirs;
  for (TSNode assignment : module.assignments()) {
    const TSNode left = python::child_by_field(assignment, "left");
    if (python::is_null(left) || module.text(left) != "TEMPLATES") continue;
    visit_preorder(python::child_by_field(assignment, "right"), [&](TSNode node) {
      if (python::node_type(node) != "pair") return;
      const auto key = string_literal(module, python::child_by_field(node, "key"));
      const TSNode value = python::child_by_field(node, "value");
      if (!key || key->text != "DIRS" || python::node_type(value) != "list") return;
      // Each entry: the string pieces of BASE_DIR / "a" / "b" or os.path.join(BASE_DIR, "a"), in order.
      python::for_each_child(value, [&](TSNode entry, std::string_view) {
        std::string path;
        visit_preorder(entry, [&](TSNode piece) {
          if (auto literal = string_literal(module, piece)) path += (path.empty() ? "" : "/") + literal->text;
        });
        if (!path.empty()) dirs.push_back(path);
      });
    });
  }
  return dirs;
}

std::map<std::string, std::string> read_imports(const python::Module& module, const std::string& module_name,
                                                bool package) {
  // In a package's __init__, `from . import x` is relative to the package itself.
  const std::string anchor = package ? module_name + ".__init__" : module_name;
  std::map<std::string, std::string> out;
  for (const auto& [local, qualified] : module.imports())
    out[local] = qualified.starts_with(".") ? resolve_relative(anchor, qualified) : qualified;
  return out;
}

std::string module_name_for(const std::filesystem::path& root, const std::filesystem::path& file) {
  const std::filesystem::path relative = file.lexically_relative(root);
  if (relative.empty() || *relative.begin() == "..") return "";
  std::string dotted;
  for (const auto& part : relative.parent_path()) dotted += (dotted.empty() ? "" : ".") + part.string();
  const std::string stem = relative.stem().string();
  if (stem != "__init__") dotted += (dotted.empty() ? "" : ".") + stem;
  return dotted;
}

}  // namespace djust::lint::links
