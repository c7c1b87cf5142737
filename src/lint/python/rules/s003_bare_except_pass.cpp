// S003: `except: pass` swallows every error, including the ones that matter.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

bool only_pass(TSNode block) {
  bool saw_pass = false;
  const std::uint32_t count = ts_node_named_child_count(block);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string_view type = node_type(ts_node_named_child(block, i));
    if (type == "pass_statement")
      saw_pass = true;
    else if (type != "comment")
      return false;
  }
  return saw_pass;
}

void check(const Module& module, Reporter& reporter) {
  for (TSNode node : module.except_clauses()) {
    // A bare clause has no expression before its block.
    TSNode block{};
    bool bare = true;
    const std::uint32_t count = ts_node_named_child_count(node);
    for (std::uint32_t i = 0; i < count; ++i) {
      const TSNode child = ts_node_named_child(node, i);
      if (node_type(child) == "block")
        block = child;
      else if (node_type(child) != "comment")
        bare = false;
    }
    if (bare && !is_null(block) && only_pass(block)) {
      const TSPoint start = ts_node_start_point(node);
      reporter.report({start.row + 1, start.column + 1, start.row + 1, start.column + 7},
                      "bare 'except: pass' hides every error, including bugs and KeyboardInterrupt");
    }
  }
}

}  // namespace

const PythonRule& bare_except_pass_rule() {
  static const PythonRule rule{
      {.id = "S003",
       .name = "bare-except-pass",
       .default_enabled = true,
       .summary = "Bare except: pass",
       .explanation = "An `except:` with no exception type catches everything, including SystemExit and "
                      "KeyboardInterrupt, and `pass` then discards it. In an event handler this turns a failed "
                      "save or a permission error into a silent no-op the user cannot see.",
       .bad_example = R"py(def remove(item):
    try:
        item.delete()
    except:
        pass
)py",
       .good_example = R"py(from .models import Item


def remove(item):
    try:
        item.delete()
    except Item.DoesNotExist:
        return False
    return True
)py",
       .fix_hint = "Catch the specific exception you expect and handle or log it."},
      check};
  return rule;
}

}  // namespace djust::lint::python
