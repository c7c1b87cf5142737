#include "lint/python/model.h"

#include "knowledge/knowledge.h"
#include "lint/syntax_walk.h"

#include <algorithm>
#include <set>

namespace djust::lint::python {
namespace {

// djust's own base classes, as they are importable (data/schema/mixins.json).
bool is_base_class(std::string_view name, const std::string& qualified) {
  const auto& paths = knowledge::base_class_paths(name);
  return std::find(paths.begin(), paths.end(), qualified) != paths.end();
}
bool is_live_view_base(const std::string& qualified) { return is_base_class("LiveView", qualified); }
bool is_live_component_base(const std::string& qualified) { return is_base_class("LiveComponent", qualified); }

// `("<b>%s</b>")` is the string inside: parentheses only group.
TSNode without_parentheses(TSNode expression) {
  while (node_type(expression) == "parenthesized_expression") expression = ts_node_named_child(expression, 0);
  return expression;
}

}  // namespace

std::string_view node_type(TSNode node) { return is_null(node) ? std::string_view() : ts_node_type(node); }

bool is_null(TSNode node) { return ts_node_is_null(node); }

bool is_framework_class(std::string_view qualified) {
  return qualified == "object" || qualified.starts_with("djust.") || qualified.starts_with("django.");
}

TSNode child_by_field(TSNode node, const char* field) {
  if (ts_node_is_null(node)) return node;
  // Field names are string literals; look each id up once instead of comparing names per call.
  thread_local std::map<const char*, TSFieldId> ids;
  auto it = ids.find(field);
  if (it == ids.end()) {
    const auto length = static_cast<std::uint32_t>(std::char_traits<char>::length(field));
    it = ids.emplace(field, ts_language_field_id_for_name(ts_tree_language(node.tree), field, length)).first;
  }
  return ts_node_child_by_field_id(node, it->second);
}

std::string field_text(const Module& module, TSNode node, const char* field) {
  const TSNode child = child_by_field(node, field);
  return is_null(child) ? std::string() : std::string(module.text(child));
}

bool is_interpolated_string(const Module& module, TSNode expression) {
  const std::string_view type = node_type(expression);
  if (type == "parenthesized_expression") return is_interpolated_string(module, without_parentheses(expression));
  if (type == "string") {
    bool f_prefix = false;
    bool has_interpolation = false;
    for_each_child(expression, [&](TSNode child, std::string_view) {
      if (node_type(child) == "string_start") {
        const auto start = module.text(child);
        f_prefix = start.find_first_of("fF") != std::string_view::npos;
      }
      if (node_type(child) == "interpolation") has_interpolation = true;
    });
    return f_prefix && has_interpolation;
  }
  if (type == "concatenated_string") {
    bool any = false;
    for_each_child(expression,
                   [&](TSNode child, std::string_view) { any = any || is_interpolated_string(module, child); });
    return any;
  }
  if (type == "binary_operator") {
    const TSNode op = child_by_field(expression, "operator");
    const TSNode left = without_parentheses(child_by_field(expression, "left"));
    const auto left_type = node_type(left);
    return !is_null(op) && module.text(op) == "%" && (left_type == "string" || left_type == "concatenated_string");
  }
  if (type == "call") {
    const TSNode function = child_by_field(expression, "function");
    if (node_type(function) != "attribute") return false;
    const auto object_type = node_type(without_parentheses(child_by_field(function, "object")));
    return field_text(module, function, "attribute") == "format" &&
           (object_type == "string" || object_type == "concatenated_string");
  }
  return false;
}

const Function* Class::method(std::string_view method_name) const {
  auto it = std::find_if(methods.begin(), methods.end(), [&](const Function& f) { return f.name == method_name; });
  return it == methods.end() ? nullptr : &*it;
}

const ClassAttribute* Class::attribute(std::string_view attribute_name) const {
  auto it = std::find_if(attributes.begin(), attributes.end(),
                         [&](const ClassAttribute& a) { return a.name == attribute_name; });
  return it == attributes.end() ? nullptr : &*it;
}

Module::Module(SyntaxTree tree, const ProjectKinds& project_kinds) : tree_(std::move(tree)) {
  // One traversal collects everything; rules then read vectors instead of walking again.
  struct Scope {
    std::uint32_t start;
    std::uint32_t end;
    bool is_class;
    bool is_method;
  };
  std::vector<Scope> scopes;
  std::vector<TSNode> import_nodes;
  std::vector<TSNode> class_nodes;
  std::vector<Context> call_contexts;
  std::vector<bool> call_awaited;
  std::vector<Context> assignment_contexts;
  // ts_node_parent is slow in tree-sitter 0.20 (it descends from the root again), so the
  // traversal remembers what it needs instead: the expression the last `await` applies to.
  TSNode awaited_expression{};
  auto context_of = [&scopes](TSNode node) {
    Context c{node};
    for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
      if (c.method_start == kNone && it->is_method) {
        c.method_start = it->start;
      } else if (it->is_class) {
        c.class_start = it->start;
        break;
      }
    }
    return c;
  };

  depth_ = visit_preorder(tree_.root(), [&](TSNode node) {
    const std::uint32_t start = ts_node_start_byte(node);
    while (!scopes.empty() && start >= scopes.back().end) scopes.pop_back();
    const std::string_view type = ts_node_type(node);
    if (type == "import_statement" || type == "import_from_statement") {
      import_nodes.push_back(node);
    } else if (type == "class_definition") {
      // A class defined in a function body (test scaffolding, a factory) exists only while the
      // function runs: no URLconf or dj-view path can name it, so it is not one of the project's
      // views and no rule judges it as one.
      const bool in_function = std::any_of(scopes.begin(), scopes.end(), [](const Scope& s) { return !s.is_class; });
      if (!in_function) class_nodes.push_back(node);
      scopes.push_back({start, ts_node_end_byte(node), true, false});
    } else if (type == "function_definition") {
      // A function whose innermost enclosing scope is a class is one of its methods.
      const bool method = !scopes.empty() && scopes.back().is_class;
      scopes.push_back({start, ts_node_end_byte(node), false, method});
    } else if (type == "await" && ts_node_is_named(node)) {  // not the `await` keyword inside it
      awaited_expression = ts_node_named_child(node, 0);
    } else if (type == "call") {
      call_contexts.push_back(context_of(node));
      call_awaited.push_back(ts_node_eq(node, awaited_expression));
    } else if (type == "decorator") {
      decorator_nodes_.push_back(node);
    } else if (type == "except_clause") {
      except_nodes_.push_back(node);
    } else if (type == "assignment" || type == "augmented_assignment") {
      assignment_nodes_.push_back(node);
      assignment_contexts.push_back(context_of(node));
    }
  });

  for (TSNode statement : import_nodes) read_import(statement);
  for (TSNode definition : class_nodes) classes_.push_back(read_class(definition));
  for (auto& c : classes_) {
    c.kind = kind_of(c);
    auto known = project_kinds.find(c.name);
    if (c.kind == ClassKind::unknown && known != project_kinds.end()) c.kind = known->second;
  }
  attach_self_assignments(assignment_contexts);
  resolve_calls(call_contexts, call_awaited);
}

Span Module::span(TSNode node) const {
  const TSPoint start = ts_node_start_point(node);
  const TSPoint end = ts_node_end_point(node);
  return {start.row + 1, start.column + 1, end.row + 1, end.column + 1};
}

const Class* Module::find_class(std::string_view class_name) const {
  auto it = std::find_if(classes_.begin(), classes_.end(), [&](const Class& c) { return c.name == class_name; });
  return it == classes_.end() ? nullptr : &*it;
}

void Module::read_import(TSNode statement) {
  if (node_type(statement) == "import_statement") {
    for_each_child(statement, [this](TSNode child, std::string_view field) {
      if (field != "name") return;
      if (node_type(child) == "aliased_import") {
        imports_[field_text(*this, child, "alias")] = field_text(*this, child, "name");
      } else {
        // `import a.b.c` binds `a`; the rest of a dotted use resolves through it.
        const std::string dotted(text(child));
        const std::string top = dotted.substr(0, dotted.find('.'));
        imports_[top] = top;
      }
    });
    return;
  }
  const std::string module_name = field_text(*this, statement, "module_name");
  for_each_child(statement, [&](TSNode child, std::string_view field) {
    if (node_type(child) == "wildcard_import") star_imports_.push_back(module_name);
    if (field != "name") return;
    if (node_type(child) == "aliased_import") {
      imports_[field_text(*this, child, "alias")] = module_name + "." + field_text(*this, child, "name");
    } else {
      const std::string name(text(child));
      imports_[name] = module_name + "." + name;
    }
  });
}

std::string Module::resolve(std::string_view dotted) const {
  const std::string name(dotted);
  const std::string head = name.substr(0, name.find('.'));
  const std::string rest = name.size() > head.size() ? name.substr(head.size()) : std::string();
  if (auto it = imports_.find(head); it != imports_.end()) return it->second + rest;
  if (find_class(head)) return name;
  // `from djust import *` makes djust's public names available unqualified.
  for (const auto& module : star_imports_) {
    const std::string candidate = module + "." + name;
    if (is_live_view_base(candidate) || is_live_component_base(candidate)) return candidate;
    if (module == "djust.decorators") return candidate;
  }
  return name;
}

Function Module::read_function(TSNode definition, TSNode decorated) const {
  Function f;
  f.node = definition;
  f.name = field_text(*this, definition, "name");
  f.name_span = span(child_by_field(definition, "name"));
  f.start_span = span(is_null(decorated) ? definition : decorated);
  f.is_async = node_type(ts_node_child(definition, 0)) == "async";
  if (!is_null(decorated)) {
    for_each_child(decorated, [&](TSNode child, std::string_view) {
      if (node_type(child) != "decorator") return;
      Decorator d;
      d.node = child;
      d.span = span(child);
      TSNode expression = ts_node_named_child(child, 0);
      if (node_type(expression) == "call") {
        d.called = true;
        expression = child_by_field(expression, "function");
      }
      d.text = std::string(text(expression));
      d.qualified = resolve(d.text);
      f.decorators.push_back(std::move(d));
    });
  }
  f.parameters_node = child_by_field(definition, "parameters");
  bool keyword_only = false;
  for_each_child(f.parameters_node, [&](TSNode child, std::string_view) {
    const std::string_view type = node_type(child);
    if (!ts_node_is_named(child)) return;
    if (type == "keyword_separator") {
      keyword_only = true;
      return;
    }
    if (type == "positional_separator" || type == "comment") return;
    Parameter p;
    p.node = child;
    p.span = span(child);
    p.kind = keyword_only ? Parameter::Kind::keyword_only : Parameter::Kind::positional;
    const TSNode inner = type == "typed_parameter" ? ts_node_named_child(child, 0) : child;
    const std::string_view inner_type = node_type(inner);
    if (inner_type == "list_splat_pattern") {
      p.kind = Parameter::Kind::var_positional;
      p.name = std::string(text(ts_node_named_child(inner, 0)));
      keyword_only = true;
    } else if (inner_type == "dictionary_splat_pattern") {
      p.kind = Parameter::Kind::var_keyword;
      p.name = std::string(text(ts_node_named_child(inner, 0)));
    } else if (type == "default_parameter" || type == "typed_default_parameter") {
      p.has_default = true;
      p.name = field_text(*this, child, "name");
    } else {
      p.name = std::string(text(inner));
    }
    f.parameters.push_back(std::move(p));
  });
  return f;
}

Class Module::read_class(TSNode definition) const {
  Class c;
  c.node = definition;
  c.name = field_text(*this, definition, "name");
  c.name_span = span(child_by_field(definition, "name"));
  for_each_child(child_by_field(definition, "superclasses"), [&](TSNode base, std::string_view) {
    const std::string_view type = node_type(base);
    if (!ts_node_is_named(base) || type == "keyword_argument" || type == "comment") return;
    const std::string base_text(text(base));
    c.bases.push_back({base_text, resolve(base_text), span(base)});
  });
  for_each_child(child_by_field(definition, "body"), [&](TSNode statement, std::string_view) {
    const std::string_view type = node_type(statement);
    if (type == "function_definition") {
      c.methods.push_back(read_function(statement, TSNode{}));
    } else if (type == "decorated_definition") {
      const TSNode function = child_by_field(statement, "definition");
      if (node_type(function) == "function_definition") c.methods.push_back(read_function(function, statement));
    } else if (type == "expression_statement") {
      const TSNode assignment = ts_node_named_child(statement, 0);
      if (node_type(assignment) != "assignment") return;
      const TSNode left = child_by_field(assignment, "left");
      if (node_type(left) != "identifier") return;
      c.attributes.push_back({std::string(text(left)), child_by_field(assignment, "right"), span(left)});
    }
  });
  return c;
}

void Module::attach_self_assignments(const std::vector<Context>& assignments) {
  std::map<std::uint32_t, Function*> methods;
  for (auto& c : classes_)
    for (auto& m : c.methods) methods[ts_node_start_byte(m.node)] = &m;
  for (const auto& context : assignments) {
    auto it = methods.find(context.method_start);
    if (it == methods.end()) continue;
    Function& f = *it->second;
    // The receiver is the first parameter, usually self.
    const std::string receiver = f.parameters.empty() ? std::string("self") : f.parameters.front().name;
    auto record = [&](TSNode target, TSNode value, bool augmented) {
      if (node_type(target) != "attribute") return;
      const TSNode object = child_by_field(target, "object");
      if (node_type(object) != "identifier" || text(object) != receiver) return;
      f.self_assignments.push_back({field_text(*this, target, "attribute"), value, augmented, span(target)});
    };
    const TSNode node = context.node;
    const TSNode left = child_by_field(node, "left");
    TSNode right = child_by_field(node, "right");
    // In `self.a = self.b = value` the value is the innermost right-hand side.
    while (node_type(right) == "assignment") right = child_by_field(right, "right");
    if (node_type(left) == "pattern_list" || node_type(left) == "tuple_pattern") {
      for_each_child(left, [&](TSNode target, std::string_view) { record(target, TSNode{}, false); });
    } else {
      record(left, right, node_type(node) == "augmented_assignment");
    }
  }
}

void Module::resolve_calls(const std::vector<Context>& calls, const std::vector<bool>& awaited) {
  std::map<std::uint32_t, const Class*> class_at;
  std::map<std::uint32_t, const Function*> method_at;
  for (const auto& c : classes_) {
    class_at[ts_node_start_byte(c.node)] = &c;
    for (const auto& m : c.methods) method_at[ts_node_start_byte(m.node)] = &m;
  }
  calls_.reserve(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const Context& context = calls[i];
    Call call;
    call.node = context.node;
    call.span = span(context.node);
    call.callee = std::string(text(child_by_field(context.node, "function")));
    call.qualified = resolve(call.callee);
    call.awaited = awaited[i];
    if (auto it = class_at.find(context.class_start); it != class_at.end()) call.enclosing_class = it->second;
    if (auto it = method_at.find(context.method_start); it != method_at.end()) call.enclosing_function = it->second;
    calls_.push_back(std::move(call));
  }
}

ClassKind Module::kind_of(const Class& c) const {
  // Follow in-file bases; a base from elsewhere that is not djust's makes the kind unknown only
  // if nothing else already decides it.
  std::vector<const Class*> pending = {&c};
  std::set<const Class*> seen;
  bool unresolved = false;
  ClassKind found = ClassKind::other;
  while (!pending.empty()) {
    const Class* current = pending.back();
    pending.pop_back();
    if (!seen.insert(current).second) continue;
    for (const auto& base : current->bases) {
      if (is_live_view_base(base.qualified)) return ClassKind::live_view;
      if (is_live_component_base(base.qualified)) {
        found = ClassKind::live_component;
        continue;
      }
      const Class* local = base.qualified.find('.') == std::string::npos ? find_class(base.qualified) : nullptr;
      if (local && local != current) {
        pending.push_back(local);
      } else if (!is_framework_class(base.qualified)) {
        unresolved = true;
      }
    }
  }
  if (found == ClassKind::live_component) return found;
  return unresolved ? ClassKind::unknown : ClassKind::other;
}

std::vector<const Class*> Module::lineage(const Class& c) const {
  std::vector<const Class*> out;
  std::vector<const Class*> pending = {&c};
  while (!pending.empty()) {
    const Class* current = pending.front();
    pending.erase(pending.begin());
    if (std::find(out.begin(), out.end(), current) != out.end()) continue;
    out.push_back(current);
    for (const auto& base : current->bases) {
      if (base.qualified.find('.') != std::string::npos) continue;
      if (const Class* local = find_class(base.qualified)) pending.push_back(local);
    }
  }
  return out;
}

}  // namespace djust::lint::python
