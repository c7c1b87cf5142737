// V002: a LiveView with no mount() starts with no state of its own.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_concrete_view_in_full(module, c)) continue;
    if (!find_method_in_lineage(module, c, "mount"))
      reporter.report(c.name_span, "LiveView '" + c.name + "' defines no mount(); its state is never initialised");
  }
}

}  // namespace

const PythonRule& missing_mount_rule() {
  static const PythonRule rule{
      {.id = "V002",
       .name = "missing-mount",
       .default_enabled = false,
       .summary = "LiveView without mount()",
       .explanation = "mount(self, request, **kwargs) is where a LiveView sets up its state, once for the HTTP "
                      "render and again when the WebSocket connects. A view without one has only class attributes, "
                      "which are shared by every session. Off by default: purely static views are legitimate.",
       .bad_example = R"py(from djust import LiveView


class ClockView(LiveView):
    template_name = "clock.html"
)py",
       .good_example = R"py(from django.utils import timezone

from djust import LiveView


class ClockView(LiveView):
    template_name = "clock.html"

    def mount(self, request, **kwargs):
        self.now = timezone.now().isoformat()
)py",
       .fix_hint = "Add def mount(self, request, **kwargs): and set the view's state there."},
      check};
  return rule;
}

}  // namespace djust::lint::python
