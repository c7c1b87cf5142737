// Q001: print() in a view writes to the server's stdout, where nobody reads it.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& call : module.calls()) {
    if (call.callee == "print" && call.qualified == "print" && call.enclosing_class &&
        is_djust_class(*call.enclosing_class))
      reporter.report(call.span, "print() in '" + call.enclosing_class->name + "'; use logging instead");
  }
}

}  // namespace

const PythonRule& print_call_rule() {
  static const PythonRule rule{
      {.id = "Q001",
       .name = "print-call",
       .default_enabled = false,
       .summary = "print() in a LiveView or LiveComponent",
       .explanation = "Output from print() goes to the server process's stdout: lost under most deployments and "
                      "mixed into everything else in development. A module logger can be filtered, levelled and "
                      "shipped. Off by default.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class ContactView(LiveView):
    template_name = "contact/form.html"

    def mount(self, request, **kwargs):
        self.form_data = {}

    @event_handler()
    def save(self, **kwargs):
        print("saving", self.form_data)
)py",
       .good_example = R"py(import logging

from djust import LiveView
from djust.decorators import event_handler

logger = logging.getLogger(__name__)


class ContactView(LiveView):
    template_name = "contact/form.html"

    def mount(self, request, **kwargs):
        self.form_data = {}

    @event_handler()
    def save(self, **kwargs):
        logger.debug("saving %s", self.form_data)
)py",
       .fix_hint = "Use a module logger: logger = logging.getLogger(__name__)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
