// V013: dispatch()/get()/post() on a LiveView only run for plain HTTP, never on the WebSocket.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c) || is_abstract(module, c)) continue;
    for (const auto& m : c.methods) {
      if (m.name != "dispatch" && m.name != "get" && m.name != "post") continue;
      reporter.report(m.name_span, "'" + c.name + "' overrides " + m.name +
                                       "(), which runs for the HTTP render only, never over the WebSocket");
    }
  }
}

}  // namespace

const PythonRule& http_method_override_rule() {
  static const PythonRule rule{
      {.id = "V013",
       .name = "http-method-override",
       .default_enabled = true,
       .summary = "dispatch(), get() or post() overridden on a LiveView",
       .explanation = "A LiveView's first render is an HTTP request, but every event after it arrives over the "
                      "WebSocket, where dispatch(), get() and post() are never called. Checks or setup done there "
                      "silently stop applying after the page loads. Use mount() for setup and login_required / "
                      "permission_required (or check_permissions) for access control. Classes with "
                      "`abstract = True` are skipped.",
       .bad_example = R"py(from django.core.exceptions import PermissionDenied

from djust import LiveView


class Dashboard(LiveView):
    template_name = "reports/dashboard.html"

    def mount(self, request, **kwargs):
        self.rows = []

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
)py",
       .good_example = R"py(from djust import LiveView


class Dashboard(LiveView):
    template_name = "reports/dashboard.html"
    permission_required = "reports.view_dashboard"

    def mount(self, request, **kwargs):
        self.rows = []
)py",
       .fix_hint = "Move setup into mount() and access control into login_required / permission_required."},
      check};
  return rule;
}

}  // namespace djust::lint::python
