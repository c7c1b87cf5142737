#include "lint/python/rules/common.h"

#include "knowledge/knowledge.h"

#include <algorithm>
#include <set>

namespace djust::lint::python {

bool is_djust_decorator(const Decorator& decorator, std::string_view name) {
  const std::string& q = decorator.qualified;
  if (q == "djust.decorators." + std::string(name) || q == "djust." + std::string(name)) return true;
  // An unimported bare name is still meant as djust's: the module would not even import
  // otherwise, and guessing "not a handler" would add a false finding on top.
  return q == name && decorator.text == name;
}

namespace {

// Carries one of the djust decorators named in `names` (data/schema/decorators.json).
bool has_djust_decorator(const Function& function, const std::vector<std::string>& names) {
  return std::any_of(function.decorators.begin(), function.decorators.end(), [&](const Decorator& d) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& name) { return is_djust_decorator(d, name); });
  });
}

}  // namespace

bool is_event_handler(const Function& function) {
  return has_djust_decorator(function, knowledge::event_handler_decorators());
}

bool is_exposed_to_client(const Function& function) {
  return has_djust_decorator(function, knowledge::browser_callable_decorators());
}

bool is_accessor_or_static(const Function& function) {
  static const std::set<std::string, std::less<>> names = {"property",
                                                           "staticmethod",
                                                           "classmethod",
                                                           "cached_property",
                                                           "functools.cached_property",
                                                           "django.utils.functional.cached_property"};
  return std::any_of(function.decorators.begin(), function.decorators.end(), [](const Decorator& d) {
    return names.count(d.qualified) || d.text.ends_with(".setter") || d.text.ends_with(".getter") ||
           d.text.ends_with(".deleter");
  });
}

bool is_live_view(const Class& c) { return c.kind == ClassKind::live_view; }
bool is_live_component(const Class& c) { return c.kind == ClassKind::live_component; }
bool is_djust_class(const Class& c) { return is_live_view(c) || is_live_component(c); }

bool is_abstract(const Module& module, const Class& c) {
  const ClassAttribute* abstract = c.attribute("abstract");
  return abstract && !is_null(abstract->value) && module.text(abstract->value) == "True";
}

bool is_subclassed_here(const Module& module, const Class& c) {
  return std::any_of(module.classes().begin(), module.classes().end(), [&](const Class& other) {
    return std::any_of(other.bases.begin(), other.bases.end(), [&](const Base& b) { return b.qualified == c.name; });
  });
}

bool has_foreign_bases(const Module& module, const Class& c) {
  for (const Class* k : module.lineage(c)) {
    for (const auto& base : k->bases) {
      const bool local = base.qualified.find('.') == std::string::npos && module.find_class(base.qualified);
      if (!local && base.qualified != "object" && !base.qualified.starts_with("djust.")) return true;
    }
  }
  return false;
}

bool is_concrete_view_in_full(const Module& module, const Class& c) {
  return is_live_view(c) && !is_abstract(module, c) && !is_subclassed_here(module, c) && !has_foreign_bases(module, c);
}

const Parameter* var_keyword(const Function& function) {
  for (const auto& p : function.parameters)
    if (p.kind == Parameter::Kind::var_keyword) return &p;
  return nullptr;
}

const Function* find_method_in_lineage(const Module& module, const Class& c, std::string_view name) {
  for (const Class* k : module.lineage(c))
    if (const Function* f = k->method(name)) return f;
  return nullptr;
}

std::string_view source_line(const Module& module, std::uint32_t line) {
  std::string_view source = module.tree().source();
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    start = source.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const std::size_t end = source.find('\n', start);
  return source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::optional<Edit> import_edit(const Module& module, std::string_view from_module, std::string_view name) {
  if (module.resolve(name) == std::string(from_module) + "." + std::string(name)) return std::nullopt;
  const TSNode root = module.tree().root();
  std::optional<std::uint32_t> after_last_import;
  const std::uint32_t count = ts_node_named_child_count(root);
  for (std::uint32_t i = 0; i < count; ++i) {
    const TSNode statement = ts_node_named_child(root, i);
    const std::string_view type = node_type(statement);
    if (type == "import_from_statement" && field_text(module, statement, "module_name") == from_module) {
      // Append to the last imported name of the existing `from MODULE import ...`.
      TSNode last{};
      for_each_child(statement, [&](TSNode child, std::string_view field) {
        if (field == "name") last = child;
      });
      if (!is_null(last)) return Edit{ts_node_end_byte(last), ts_node_end_byte(last), ", " + std::string(name)};
    }
    if (type == "import_statement" || type == "import_from_statement" || type == "future_import_statement")
      after_last_import = ts_node_end_byte(statement);
  }
  const std::string line = "from " + std::string(from_module) + " import " + std::string(name);
  if (after_last_import) return Edit{*after_last_import, *after_last_import, "\n" + line};
  // No imports yet: after the module docstring if there is one, so that it stays the docstring.
  const TSNode first = ts_node_named_child(root, 0);
  if (node_type(first) == "expression_statement" && node_type(ts_node_named_child(first, 0)) == "string")
    return Edit{ts_node_end_byte(first), ts_node_end_byte(first), "\n" + line};
  return Edit{0, 0, line + "\n"};
}

}  // namespace djust::lint::python
