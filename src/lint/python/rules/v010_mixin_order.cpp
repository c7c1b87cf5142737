// V010: a djust mixin listed after LiveView never has its __init__ run.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <set>

namespace djust::lint::python {
namespace {

bool is_djust_mixin(const std::string& qualified) {
  static const std::set<std::string, std::less<>> mixins = {
      "djust.presence.PresenceMixin",    "djust.presence.LiveCursorMixin",
      "djust.forms.FormMixin",           "djust.tenants.TenantMixin",
      "djust.tenants.TenantScopedMixin", "djust.pwa.PWAMixin",
      "djust.pwa.OfflineMixin",          "djust.pwa.SyncMixin",
      "djust.streaming.StreamingMixin",  "djust.uploads.UploadMixin",
      "djust.wizard.WizardMixin",        "djust.tutorials.TutorialMixin",
      "djust.auth.LoginRequiredMixin",   "djust.auth.PermissionRequiredMixin"};
  return mixins.count(qualified) > 0;
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c)) continue;
    bool after_view = false;
    for (const auto& base : c.bases) {
      const Class* local = module.find_class(base.qualified);
      const bool is_view = base.qualified == "djust.LiveView" || base.qualified == "djust.live_view.LiveView" ||
                           (local && local->kind == ClassKind::live_view);
      if (is_view) {
        after_view = true;
      } else if (after_view && is_djust_mixin(base.qualified)) {
        reporter.report(base.span, "'" + base.text + "' comes after LiveView in the bases of '" + c.name +
                                       "', so its __init__ never runs");
      }
    }
  }
}

}  // namespace

const PythonRule& mixin_order_rule() {
  static const PythonRule rule{
      {.id = "V010",
       .name = "mixin-order",
       .severity = Severity::error,
       .default_enabled = true,
       .summary = "djust mixin listed after LiveView in the bases",
       .explanation = "LiveView ends in Django's View, whose __init__ does not call super().__init__(). A mixin "
                      "placed after LiveView in the bases is therefore never initialised: TutorialMixin, "
                      "PresenceMixin, FormMixin and the others lose the state they set up there. Mixins go first.",
       .bad_example = "class Tour(LiveView, TutorialMixin):\n    template_name = \"tour.html\"\n",
       .good_example = "class Tour(TutorialMixin, LiveView):\n    template_name = \"tour.html\"\n",
       .fix_hint = "List the mixin before LiveView: class X(Mixin, LiveView)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
