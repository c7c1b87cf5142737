#pragma once
// A small semantic model of one Python module, built from its tree-sitter tree in one pass:
// imports (so names resolve to what they really are), classes with their bases and djust kind,
// methods with decorators and parameters, `self.x = ...` assignments and every call with its
// context. Rules read this model instead of walking the tree themselves.

#include "lint/finding.h"
#include "lint/python/python_parser.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace djust::lint::python {

// What a class is to djust. `unknown` means a base could not be resolved (imported from
// elsewhere in the user's project), so rules must not assume anything about it.
enum class ClassKind { live_view, live_component, other, unknown };

// What the project's index found the classes of a module to be, by class name, when their bases
// live in other modules of the project (`class Room(AppView)`, AppView defined in core/base.py).
using ProjectKinds = std::map<std::string, ClassKind, std::less<>>;

struct Decorator {
  std::string text;       // as written, without '@'
  std::string qualified;  // resolved callee, e.g. "djust.decorators.event_handler"
  bool called = false;    // @name(...) rather than @name
  TSNode node;
  Span span;
};

struct Parameter {
  enum class Kind { positional, var_positional, keyword_only, var_keyword };
  std::string name;
  Kind kind = Kind::positional;
  bool has_default = false;
  TSNode node;
  Span span;
};

struct SelfAssignment {
  std::string attribute;  // the x of self.x
  TSNode value;           // right-hand side; null for augmented assignments' target-only view
  bool augmented = false;
  Span span;
};

struct Function {
  std::string name;
  bool is_async = false;
  std::vector<Decorator> decorators;
  std::vector<Parameter> parameters;
  std::vector<SelfAssignment> self_assignments;
  TSNode node;  // the function_definition
  TSNode parameters_node;
  Span name_span;
  Span start_span;  // first line of the definition, decorators included
};

struct ClassAttribute {
  std::string name;
  TSNode value;  // null for a bare annotation (`template_name: str`)
  Span span;
};

struct Base {
  std::string text;
  std::string qualified;
  Span span;
};

struct Class {
  std::string name;
  std::vector<Base> bases;
  std::vector<Function> methods;
  std::vector<ClassAttribute> attributes;
  ClassKind kind = ClassKind::other;
  TSNode node;
  Span name_span;

  const Function* method(std::string_view name) const;
  const ClassAttribute* attribute(std::string_view name) const;
};

struct Call {
  std::string callee;     // as written, e.g. "self.stream_to" or "logger.info"
  std::string qualified;  // resolved through the imports where possible
  bool awaited = false;
  const Class* enclosing_class = nullptr;
  const Function* enclosing_function = nullptr;
  TSNode node;
  Span span;
};

class Module {
 public:
  // Builds the model in one traversal of the tree; the Module owns the tree. A class whose kind
  // this file alone leaves unknown takes its kind from `project_kinds` when it is listed there.
  explicit Module(SyntaxTree tree, const ProjectKinds& project_kinds = {});
  Module(Module&&) = default;

  const SyntaxTree& tree() const { return tree_; }
  std::string_view text(TSNode node) const { return tree_.text(node); }
  Span span(TSNode node) const;

  // The classes of the module, nested ones included, except those defined in a function body.
  const std::vector<Class>& classes() const { return classes_; }
  const std::vector<Call>& calls() const { return calls_; }
  const Class* find_class(std::string_view name) const;

  // Nodes of a few kinds rules look at, collected by the same traversal (document order).
  const std::vector<TSNode>& decorators() const { return decorator_nodes_; }
  const std::vector<TSNode>& except_clauses() const { return except_nodes_; }
  const std::vector<TSNode>& assignments() const { return assignment_nodes_; }  // plain and augmented
  // Deepest nesting of the syntax tree.
  std::uint32_t depth() const { return depth_; }

  // The dotted name `name` refers to through this module's imports ("LV" -> "djust.LiveView").
  // Names defined in the module resolve to themselves; unknown names stay as written.
  std::string resolve(std::string_view dotted) const;
  // Names the module imports: local name -> qualified (relative ones keep their leading dots).
  const std::map<std::string, std::string>& imports() const { return imports_; }
  bool has_star_imports() const { return !star_imports_.empty(); }

  // The djust kind of a class, following in-file bases.
  ClassKind kind_of(const Class& c) const;
  // The class and its in-file ancestors, nearest first (stops at anything not defined here).
  std::vector<const Class*> lineage(const Class& c) const;

 private:
  // Where a call or assignment sits: the innermost method around it and that method's class, by
  // the start bytes of their definitions (kNone when there is none).
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Context {
    TSNode node;
    std::uint32_t class_start = kNone;
    std::uint32_t method_start = kNone;
  };

  void read_import(TSNode statement);
  Class read_class(TSNode definition) const;
  Function read_function(TSNode definition, TSNode decorated) const;
  void attach_self_assignments(const std::vector<Context>& assignments);
  void resolve_calls(const std::vector<Context>& calls, const std::vector<bool>& awaited);

  SyntaxTree tree_;
  std::map<std::string, std::string> imports_;  // local name -> qualified
  std::vector<std::string> star_imports_;       // modules imported with *
  std::vector<Class> classes_;
  std::vector<Call> calls_;
  std::vector<TSNode> decorator_nodes_;
  std::vector<TSNode> except_nodes_;
  std::vector<TSNode> assignment_nodes_;
  std::uint32_t depth_ = 0;
};

// Calls visit(child, field_name) for each child ("" when the child has no field). Uses a cursor:
// tree-sitter 0.20's ts_node_field_name_for_child answers wrongly for some children (e.g. after
// an aliased import).
template <typename Visit>
void for_each_child(TSNode node, Visit visit) {
  if (ts_node_is_null(node)) return;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      visit(ts_tree_cursor_current_node(&cursor), field ? std::string_view(field) : std::string_view());
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
}

// The text of a child field, or "" when absent.
std::string field_text(const Module& module, TSNode node, const char* field);
TSNode child_by_field(TSNode node, const char* field);
bool is_null(TSNode node);
std::string_view node_type(TSNode node);

// `object`, or a class of Django or djust: a base that is none of the project's own classes, so
// it settles what a class is (a Django view never becomes a LiveView).
bool is_framework_class(std::string_view qualified);

// True for an f-string, a `%`-formatted string or a str.format() call.
bool is_interpolated_string(const Module& module, TSNode expression);

}  // namespace djust::lint::python
