// X003: SQL assembled with string formatting is an injection waiting for a quote.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"
#include "lint/syntax_walk.h"

#include <set>
#include <utility>

namespace djust::lint::python {
namespace {

bool is_string_literal(TSNode node) {
  const auto type = node_type(node);
  return type == "string" || type == "concatenated_string";
}

// Interpolation, or `+` joining a string literal with something that is not one.
bool is_built_sql(const Module& module, TSNode expression) {
  if (is_interpolated_string(module, expression)) return true;
  if (node_type(expression) != "binary_operator") return false;
  const TSNode op = child_by_field(expression, "operator");
  if (module.text(op) != "+") return false;
  const TSNode left = child_by_field(expression, "left");
  const TSNode right = child_by_field(expression, "right");
  const bool left_literal = is_string_literal(left);
  const bool right_literal = is_string_literal(right);
  if (left_literal && right_literal) return false;
  if (left_literal || right_literal) return true;
  return is_built_sql(module, left) || is_built_sql(module, right);
}

void check(const Module& module, Reporter& reporter) {
  static const std::set<std::string, std::less<>> sinks = {"raw", "execute", "executemany", "extra"};
  for (const auto& call : module.calls()) {
    const TSNode function = child_by_field(call.node, "function");
    std::string method;
    if (node_type(function) == "attribute")
      method = field_text(module, function, "attribute");
    else if (call.qualified == "django.db.models.expressions.RawSQL" || call.qualified == "django.db.models.RawSQL")
      method = "RawSQL";
    if (!sinks.count(method) && method != "RawSQL") continue;
    const TSNode arguments = child_by_field(call.node, "arguments");
    const std::uint32_t count = ts_node_named_child_count(arguments);
    bool first_positional = true;
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode argument = ts_node_named_child(arguments, i);
      if (node_type(argument) == "comment") continue;
      if (node_type(argument) == "keyword_argument") {
        // Parameters are bound safely, whatever built them (params=[f"%{term}%"] is fine).
        if (field_text(module, argument, "name").ends_with("params")) continue;
        // .extra(where=[...], select={...}) carries SQL in keywords; check their values too.
        argument = child_by_field(argument, "value");
      } else if (!std::exchange(first_positional, false)) {
        continue;  // positional parameters after the SQL are bound safely
      }
      bool flagged = is_built_sql(module, argument);
      const auto type = node_type(argument);
      if (!flagged && (type == "list" || type == "dictionary" || type == "tuple")) {
        visit_preorder(argument, [&](TSNode n) { flagged = flagged || is_built_sql(module, n); });
      }
      if (flagged) {
        reporter.report(module.span(argument), "SQL built by string formatting is passed to " + method + "()");
        break;
      }
    }
  }
}

}  // namespace

const PythonRule& sql_string_formatting_rule() {
  static const PythonRule rule{
      {.id = "X003",
       .name = "sql-string-formatting",
       .default_enabled = true,
       .summary = "SQL built by string formatting passed to raw(), execute() or extra()",
       .explanation = "Formatting values into SQL text (f-strings, %, .format(), +) lets a crafted value close the "
                      "quote and run its own SQL. raw(), cursor.execute() and extra() all accept parameters that "
                      "the database driver binds safely.",
       .bad_example = R"py(from .models import Item


def find_items(name):
    return Item.objects.raw(f"SELECT * FROM shop_item WHERE name = '{name}'")
)py",
       .good_example = R"py(from .models import Item


def find_items(name):
    return Item.objects.raw("SELECT * FROM shop_item WHERE name = %s", [name])
)py",
       .fix_hint = "Use placeholders (%s) and pass the values as parameters: cursor.execute(sql, [value])."},
      check};
  return rule;
}

}  // namespace djust::lint::python
