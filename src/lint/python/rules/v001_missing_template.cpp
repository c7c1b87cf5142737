// V001: a LiveView with no template_name or template has nothing to render.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_concrete_view_in_full(module, c)) continue;
    bool has_template = false;
    for (const Class* k : module.lineage(c)) {
      has_template = has_template || k->attribute("template_name") || k->attribute("template") ||
                     k->method("get_template_names") || k->method("get_template");
    }
    if (!has_template)
      reporter.report(c.name_span, "LiveView '" + c.name + "' has no template_name or template, so it cannot render");
  }
}

}  // namespace

const PythonRule& missing_template_rule() {
  static const PythonRule rule{
      {.id = "V001",
       .name = "missing-template",
       .severity = Severity::warning,
       .default_enabled = true,
       .summary = "LiveView without template_name or template",
       .explanation = "A LiveView renders its template_name (a template file) or its template (an inline string). "
                      "Without either, and without get_template_names(), rendering fails at the first request. "
                      "Classes marked `abstract = True` and classes that other classes in the file inherit from "
                      "are base classes and are not checked; neither are views whose bases come from elsewhere in "
                      "the project, since those may supply the template.",
       .bad_example = "class CounterView(LiveView):\n    def mount(self, request, **kwargs):\n        self.count = 0\n",
       .good_example = "class CounterView(LiveView):\n    template_name = \"counter/counter.html\"\n\n"
                       "    def mount(self, request, **kwargs):\n        self.count = 0\n",
       .fix_hint = "Set template_name = \"app/name.html\" (or an inline template = \"...\") on the class."},
      check};
  return rule;
}

}  // namespace djust::lint::python
