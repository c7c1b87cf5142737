// S001: mark_safe() on an interpolated string turns user data into trusted HTML.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& call : module.calls()) {
    if (call.qualified != "django.utils.safestring.mark_safe" && call.qualified != "django.utils.html.mark_safe" &&
        !(call.callee == "mark_safe" && call.qualified == "mark_safe"))
      continue;
    const TSNode arguments = child_by_field(call.node, "arguments");
    const TSNode first = ts_node_named_child(arguments, 0);
    if (!is_null(first) && is_interpolated_string(module, first))
      reporter.report(call.span, "mark_safe() on an interpolated string marks whatever was interpolated as safe HTML");
  }
}

}  // namespace

const PythonRule& mark_safe_interpolation_rule() {
  static const PythonRule rule{
      {.id = "S001",
       .name = "mark-safe-interpolation",
       .default_enabled = true,
       .summary = "mark_safe() with an f-string, % or .format() interpolation",
       .explanation = "mark_safe() tells the template engine not to escape a string. When the string was built "
                      "by interpolation, any user-controlled value inside it is rendered as raw HTML: cross-site "
                      "scripting. format_html() escapes each argument and marks only the template safe.",
       .bad_example = R"py(from django.utils.safestring import mark_safe


def greeting(user):
    return mark_safe(f"<b>{user.name}</b>")
)py",
       .good_example = R"py(from django.utils.html import format_html


def greeting(user):
    return format_html("<b>{}</b>", user.name)
)py",
       .fix_hint = "Use django.utils.html.format_html(template, *args), which escapes the arguments."},
      check};
  return rule;
}

}  // namespace djust::lint::python
