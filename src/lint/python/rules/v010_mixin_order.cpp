// V010: a djust mixin listed after LiveView never has its __init__ run.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include "knowledge/knowledge.h"

#include <algorithm>

namespace djust::lint::python {
namespace {

bool is_one_of(const std::vector<std::string>& paths, const std::string& qualified) {
  return std::find(paths.begin(), paths.end(), qualified) != paths.end();
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c)) continue;
    bool after_view = false;
    for (const auto& base : c.bases) {
      const Class* local = module.find_class(base.qualified);
      const bool is_view = is_one_of(knowledge::base_class_paths("LiveView"), base.qualified) ||
                           (local && local->kind == ClassKind::live_view);
      if (is_view) {
        after_view = true;
      } else if (after_view && is_one_of(knowledge::mixin_paths(), base.qualified)) {
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
       .default_enabled = true,
       .summary = "djust mixin listed after LiveView in the bases",
       .explanation = "LiveView ends in Django's View, whose __init__ does not call super().__init__(). A mixin "
                      "placed after LiveView in the bases is therefore never initialised: TutorialMixin, "
                      "PresenceMixin, FormMixin and the others lose the state they set up there. Mixins go first.",
       .bad_example = R"py(from djust import LiveView
from djust.tutorials import TutorialMixin


class Tour(LiveView, TutorialMixin):
    template_name = "tour.html"

    def mount(self, request, **kwargs):
        self.step = 0
)py",
       .good_example = R"py(from djust import LiveView
from djust.tutorials import TutorialMixin


class Tour(TutorialMixin, LiveView):
    template_name = "tour.html"

    def mount(self, request, **kwargs):
        self.step = 0
)py",
       .fix_hint = "List the mixin before LiveView: class X(Mixin, LiveView)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
