// V007: an event handler without **kwargs is refused when the event carries extra data.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

Fix add_kwargs(const Module& module, const Function& handler) {
  const TSNode params = handler.parameters_node;
  const std::uint32_t count = ts_node_child_count(params);
  const TSNode close = ts_node_child(params, count - 1);
  // The last parameter (or separator) and whether a comma follows it; comments do not count.
  TSNode last{};
  bool trailing_comma = false;
  for (std::uint32_t i = 0; i + 1 < count; ++i) {
    const TSNode child = ts_node_child(params, i);
    if (node_type(child) == "comment") continue;
    if (ts_node_is_named(child)) {
      last = child;
      trailing_comma = false;
    } else if (module.text(child) == ",") {
      trailing_comma = true;
    }
  }
  const std::string description = "added **kwargs to " + handler.name;
  if (is_null(last)) return Fix{description, {Edit{ts_node_start_byte(close), ts_node_start_byte(close), "**kwargs"}}};
  // One parameter per line, closing parenthesis on its own line: add a line in the same style.
  const TSPoint close_at = ts_node_start_point(close);
  const bool close_alone = source_line(module, close_at.row + 1).find_first_not_of(" \t") == close_at.column;
  if (close_alone && ts_node_end_point(last).row < close_at.row) {
    const std::uint32_t line_start = ts_node_start_byte(close) - close_at.column;
    const std::string indent(ts_node_start_point(last).column, ' ');
    Fix fix{description, {Edit{line_start, line_start, indent + (trailing_comma ? "**kwargs,\n" : "**kwargs\n")}}};
    if (!trailing_comma) fix.edits.push_back(Edit{ts_node_end_byte(last), ts_node_end_byte(last), ","});
    return fix;
  }
  if (trailing_comma)
    return Fix{description, {Edit{ts_node_start_byte(close), ts_node_start_byte(close), " **kwargs"}}};
  return Fix{description, {Edit{ts_node_end_byte(last), ts_node_end_byte(last), ", **kwargs"}}};
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      if (!is_event_handler(m) || var_keyword(m)) continue;
      reporter.report(m.name_span,
                      "event handler '" + m.name +
                          "' does not accept **kwargs, so djust rejects any event that sends a parameter it does "
                          "not name ('received unexpected parameters')",
                      add_kwargs(module, m));
    }
  }
}

}  // namespace

const PythonRule& handler_missing_kwargs_rule() {
  static const PythonRule rule{
      {.id = "V007",
       .name = "handler-missing-kwargs",
       .default_enabled = true,
       .summary = "Event handler without **kwargs",
       .explanation = "The browser sends whatever the element carries: dj-value-* and data-* attributes, the "
                      "input's value, form fields. Before calling a handler that does not accept **kwargs, djust "
                      "compares those keys with its signature and refuses the event with a validation error "
                      "('received unexpected parameters') the day the template adds one more attribute: the "
                      "handler never runs.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class PickerView(LiveView):
    template_name = "picker.html"

    def mount(self, request, **kwargs):
        self.selected = 0

    @event_handler()
    def select(self, item_id: int = 0):
        self.selected = item_id
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class PickerView(LiveView):
    template_name = "picker.html"

    def mount(self, request, **kwargs):
        self.selected = 0

    @event_handler()
    def select(self, item_id: int = 0, **kwargs):
        self.selected = item_id
)py",
       .fix_hint = "Add **kwargs as the last parameter.",
       .fixable = true},
      check};
  return rule;
}

}  // namespace djust::lint::python
