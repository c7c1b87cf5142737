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
       .severity = Severity::info,
       .default_enabled = false,
       .summary = "print() in a LiveView or LiveComponent",
       .explanation = "Output from print() goes to the server process's stdout: lost under most deployments and "
                      "mixed into everything else in development. A module logger can be filtered, levelled and "
                      "shipped. Off by default.",
       .bad_example = "@event_handler()\ndef save(self, **kwargs):\n    print(\"saving\", self.form_data)\n",
       .good_example =
           "logger = logging.getLogger(__name__)\n...\n    @event_handler()\n    def save(self, **kwargs):\n"
           "        logger.debug(\"saving %s\", self.form_data)\n",
       .fix_hint = "Use a module logger: logger = logging.getLogger(__name__)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
