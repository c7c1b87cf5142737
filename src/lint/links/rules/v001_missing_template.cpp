// V001: a LiveView with no template_name or template has nothing to render.
#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {
namespace {

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes) {
    // Base classes (abstract, or inherited from anywhere in the project) need no template of their own.
    if (project.kind_of(c) != python::ClassKind::live_view || c.abstract || project.has_subclasses(c)) continue;
    if (!project.handlers_of(c).complete) continue;  // a base we cannot read may supply it
    if (!project.template_source(c))
      reporter.report(c.name_span, "LiveView '" + c.name + "' has no template_name or template, so it cannot render");
  }
}

}  // namespace

const ProjectRule& missing_template_rule() {
  static const ProjectRule rule{
      {.id = "V001",
       .name = "missing-template",
       .default_enabled = true,
       .summary = "LiveView without template_name or template",
       .explanation = "A LiveView renders its template_name (a template file) or its template (an inline string). "
                      "Without either, and without get_template_names(), rendering fails at the first request. "
                      "Classes marked `abstract = True` and classes that other classes in the project inherit from "
                      "are base classes and are not checked; neither are views with a base that cannot be read, "
                      "since it may supply the template.",
       .bad_example = R"py(from djust import LiveView


class CounterView(LiveView):
    def mount(self, request, **kwargs):
        self.count = 0
)py",
       .good_example = R"py(from djust import LiveView


class CounterView(LiveView):
    template_name = "counter/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0
)py",
       .fix_hint = "Set template_name = \"app/name.html\" (or an inline template = \"...\") on the class."},
      check};
  return rule;
}

}  // namespace djust::lint::links
