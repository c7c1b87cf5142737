// V003: djust calls LiveView.mount(request, **kwargs); a different second parameter breaks it.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c)) continue;
    const Function* mount = c.method("mount");
    if (!mount || is_accessor_or_static(*mount)) continue;
    const auto& params = mount->parameters;
    if (params.size() >= 2 && params[1].kind == Parameter::Kind::positional && params[1].name == "request") continue;
    const Span where = params.size() >= 2 ? params[1].span : mount->name_span;
    reporter.report(where, "LiveView '" + c.name +
                               "'.mount() must take request as its second parameter: "
                               "def mount(self, request, **kwargs)");
  }
}

}  // namespace

const PythonRule& mount_signature_rule() {
  static const PythonRule rule{
      {.id = "V003",
       .name = "mount-signature",
       .default_enabled = true,
       .summary = "LiveView mount() whose second parameter is not request",
       .explanation = "djust calls a LiveView's mount with the request as the first argument and the URL "
                      "keyword arguments after it. A mount that names its second parameter differently (or has "
                      "none) receives the request under the wrong name or fails with a TypeError.",
       .bad_example = R"py(from djust import LiveView


class ItemView(LiveView):
    template_name = "items/detail.html"

    def mount(self, item_id, **kwargs):
        self.item_id = item_id
)py",
       .good_example = R"py(from djust import LiveView


class ItemView(LiveView):
    template_name = "items/detail.html"

    def mount(self, request, item_id=None, **kwargs):
        self.item_id = item_id
)py",
       .fix_hint = "Declare it as def mount(self, request, **kwargs)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
