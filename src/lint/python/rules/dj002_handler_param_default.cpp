// DJ002: a handler parameter without a default fails whenever the event does not carry it.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      if (!is_event_handler(m)) continue;
      // The first positional parameter is the receiver.
      for (std::size_t i = 1; i < m.parameters.size(); ++i) {
        const auto& p = m.parameters[i];
        const bool named = p.kind == Parameter::Kind::positional || p.kind == Parameter::Kind::keyword_only;
        if (!named || p.has_default) continue;
        reporter.report(p.span, "parameter '" + p.name + "' of handler '" + m.name + "' has no default");
      }
    }
  }
}

}  // namespace

const PythonRule& handler_param_default_rule() {
  static const PythonRule rule{
      {.id = "DJ002",
       .name = "handler-param-default",
       .severity = Severity::warning,
       .category = "liveview",
       .default_enabled = true,
       .summary = "Event handler parameter without a default",
       .explanation = "A handler's parameters are filled from what the event carries (dj-value-*, data-*, the "
                      "field's value). When an element does not send one of them, a parameter without a default "
                      "turns a harmless click into an error. Give every parameter a default, typed where you "
                      "can (item_id: int = 0), and validate inside the handler.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class ListView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self.names = {}

    @event_handler()
    def rename(self, item_id: int, value: str, **kwargs):
        self.names[item_id] = value
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class ListView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self.names = {}

    @event_handler()
    def rename(self, item_id: int = 0, value: str = "", **kwargs):
        self.names[item_id] = value
)py",
       .fix_hint = "Give the parameter a default (e.g. item_id: int = 0, value: str = \"\")."},
      check};
  return rule;
}

}  // namespace djust::lint::python
