// V007: an event handler without **kwargs breaks when the event carries extra data.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

Fix add_kwargs(const Module& module, const Function& handler) {
  // Insert before the closing parenthesis, after a trailing comma if there is one.
  const TSNode params = handler.parameters_node;
  const std::uint32_t count = ts_node_child_count(params);
  const TSNode close = ts_node_child(params, count - 1);
  const TSNode before = count >= 2 ? ts_node_child(params, count - 2) : TSNode{};
  const std::uint32_t at = ts_node_start_byte(close);
  std::string text = "**kwargs";
  if (handler.parameters.empty() || (!is_null(before) && module.text(before) == ",")) {
    if (!handler.parameters.empty()) text = " " + text;
  } else {
    text = ", " + text;
  }
  return Fix{"added **kwargs to " + handler.name, {Edit{at, at, text}}};
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      if (!is_event_handler(m) || var_keyword(m)) continue;
      reporter.report(m.name_span, "event handler '" + m.name + "' does not accept **kwargs", add_kwargs(module, m));
    }
  }
}

}  // namespace

const PythonRule& handler_missing_kwargs_rule() {
  static const PythonRule rule{
      {.id = "V007",
       .name = "handler-missing-kwargs",
       .severity = Severity::warning,
       .default_enabled = true,
       .summary = "Event handler without **kwargs",
       .explanation = "The browser sends whatever the element carries: dj-value-* and data-* attributes, the "
                      "input's value, form fields. A handler that does not accept **kwargs fails with a "
                      "TypeError the day the template adds one more attribute.",
       .bad_example = "@event_handler()\ndef select(self, item_id: int = 0):\n    self.selected = item_id\n",
       .good_example = "@event_handler()\ndef select(self, item_id: int = 0, **kwargs):\n"
                       "    self.selected = item_id\n",
       .fix_hint = "Add **kwargs as the last parameter.",
       .fixable = true},
      check};
  return rule;
}

}  // namespace djust::lint::python
