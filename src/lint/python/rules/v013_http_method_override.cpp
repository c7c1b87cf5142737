// V013: dispatch()/get()/post() on a LiveView only run for plain HTTP, never on the WebSocket.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

// What each method is to a LiveView in djust 1.1 (mixins/request.py): get() renders the page;
// post() is where the client's HTTP fallback sends events when the WebSocket is unavailable or
// its mount was refused; dispatch() routes both. The WebSocket mount and its events call none.
std::string_view role_of(std::string_view method) {
  if (method == "dispatch") return "runs for HTTP requests only (the page render and events sent over HTTP)";
  if (method == "get") return "runs for the HTTP render only";
  if (method == "post")
    return "replaces djust's endpoint for events sent over HTTP (the client's fallback when the WebSocket is "
           "unavailable or its mount was refused)";
  return {};
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c) || is_abstract(module, c)) continue;
    for (const auto& m : c.methods) {
      const std::string_view role = role_of(m.name);
      if (role.empty()) continue;
      reporter.report(m.name_span, "'" + c.name + "' overrides " + m.name + "(), which " + std::string(role) +
                                       "; the WebSocket mount and the events sent over it never call it");
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
       .explanation = "A LiveView's first render is an HTTP GET (get()), and its events then arrive over the "
                      "WebSocket, where dispatch(), get() and post() are never called: checks or setup done there "
                      "silently stop applying after the page loads. A LiveView's post() is not a form handler "
                      "either: it is djust's own endpoint for events the client sends over HTTP when the WebSocket "
                      "is unavailable or its mount was refused (X-Djust-Event), so overriding it replaces event "
                      "handling on that path. Use mount() for setup, login_required / permission_required (or "
                      "check_permissions) for access control, and @event_handler methods for events. Classes "
                      "with `abstract = True` are skipped.",
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
