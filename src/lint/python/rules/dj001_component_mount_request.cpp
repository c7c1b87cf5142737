// DJ001: LiveComponent.mount is called with keyword arguments only; it never gets a request.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    const Function* mount = is_live_component(c) ? c.method("mount") : nullptr;
    if (!mount) continue;
    for (const auto& p : mount->parameters) {
      if (p.name != "request" || p.kind == Parameter::Kind::var_keyword) continue;
      reporter.report(p.span, "LiveComponent '" + c.name +
                                  "'.mount() takes request, but components are mounted with keyword arguments only "
                                  "and never receive one");
    }
  }
}

}  // namespace

const PythonRule& component_mount_request_rule() {
  static const PythonRule rule{
      {.id = "DJ001",
       .name = "component-mount-request",
       .severity = Severity::error,
       .category = "liveview",
       .default_enabled = true,
       .summary = "LiveComponent mount() that takes a request",
       .explanation = "Unlike a LiveView, a LiveComponent is mounted as mount(**kwargs) with the props its parent "
                      "passes. A `request` parameter never receives a request: without a default it makes every "
                      "mount fail, with one it is silently None. Use self.request on the parent view if you need it.",
       .bad_example = R"py(from djust import LiveComponent


class Badge(LiveComponent):
    template = "<span>{{ label }}</span>"

    def mount(self, request, label="", **kwargs):
        self.label = label
)py",
       .good_example = R"py(from djust import LiveComponent


class Badge(LiveComponent):
    template = "<span>{{ label }}</span>"

    def mount(self, label="", **kwargs):
        self.label = label
)py",
       .fix_hint = "Declare it as def mount(self, **kwargs) with a keyword parameter per prop."},
      check};
  return rule;
}

}  // namespace djust::lint::python
