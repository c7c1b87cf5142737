// DJ110: dj-view names a class djust cannot mount for this page.
#include "lint/links/rules/class_names.h"
#include "lint/links/rules/project_rule.h"

#include <algorithm>

namespace djust::lint::links {
namespace {

// The class a dj-view path names. Text checked on its own has no module names, so there a
// class of that short name stands for it.
const ClassFacts* named_class(const std::string& path, const ProjectIndex& project) {
  if (const ClassFacts* c = project.find_class(path)) return c;
  const std::string name = path.substr(path.rfind('.') + 1);
  for (const auto& file : project.files())
    for (const auto& c : file.classes)
      if (c.qualified == c.name && c.name == name) return &c;
  return nullptr;
}

// `renderers`: the LiveViews whose page this template is. Only the first dj-view of a template
// is its page's view; later ones are views of their own (a dj-lazy container, say).
void check_paths(const std::vector<NamedSpan>& paths, const std::vector<const ClassFacts*>& renderers,
                 const ProjectIndex& project, Reporter& reporter) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& [path, span] = paths[i];
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) continue;  // T013 says it is no dotted path
    const ClassFacts* named = named_class(path, project);
    if (!named) {
      const std::string module = path.substr(0, dot);
      const std::string name = path.substr(dot + 1);
      // Quiet when the module is not the project's (or imports with *): it may hold the name.
      if (const auto has = project.module_has(module, name); has && !*has)
        reporter.report(span, "dj-view names '" + path + "', but " + module + " has no class " + name +
                                  ", so djust cannot mount it ('View not found')");
      continue;
    }
    const auto kind = project.kind_of(*named);
    if (kind == python::ClassKind::other || kind == python::ClassKind::live_component) {
      reporter.report(span,
                      "dj-view names " + class_names({named}) + ", which is " +
                          (kind == python::ClassKind::other ? "not a LiveView" : "a LiveComponent, not a LiveView") +
                          ", so djust refuses to mount it");
      continue;
    }
    if (i > 0 || kind != python::ClassKind::live_view || renderers.empty() ||
        std::find(renderers.begin(), renderers.end(), named) != renderers.end())
      continue;
    std::vector<const ClassFacts*> mentioned = renderers;
    mentioned.push_back(named);
    const std::string listed = class_names(mentioned);
    const std::string rendered_by = listed.substr(0, listed.rfind(", "));
    const std::string view = listed.substr(listed.rfind(", ") + 2);
    // A path that reaches the class through a re-export is quoted as written, then resolved.
    const std::string as_written = path == named->qualified ? view : "'" + path + "' (" + named->qualified + ")";
    reporter.report(span, "dj-view names " + as_written + ", but this page is rendered by " + rendered_by +
                              "; djust mounts what dj-view names, so events go to " + view);
  }
}

std::vector<const ClassFacts*> live_views(std::vector<const ClassFacts*> classes, const ProjectIndex& project) {
  std::erase_if(classes, [&](const ClassFacts* c) { return project.kind_of(*c) != python::ClassKind::live_view; });
  return classes;
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  if (file.template_facts && !file.file.empty())
    check_paths(file.template_facts->view_paths, live_views(project.classes_rendering(file.file), project), project,
                reporter);
  for (const auto& c : file.classes)
    if (c.inline_template) check_paths(c.inline_template->view_paths, live_views({&c}, project), project, reporter);
}

}  // namespace

const ProjectRule& view_path_class_rule() {
  static const ProjectRule rule{
      {.id = "DJ110",
       .name = "view-path-class",
       .severity = Severity::error,
       .category = "templates",
       .default_enabled = true,
       .summary = "dj-view names a class djust cannot mount for this page",
       .explanation =
           "The browser mounts the class dj-view names, not the view that rendered the page: djust imports that "
           "dotted path over the WebSocket and refuses anything that is not a LiveView subclass. A dj-view naming "
           "a form, a component or a plain class never connects; one naming a class its module does not have fails "
           "with 'View not found'; one naming another LiveView than the views rendering the template sends every "
           "event to that other view. Only the first dj-view of a template is compared with its views, since later "
           "ones (a dj-lazy container) are views of their own. A class a package imports into its __init__.py is "
           "found there, as djust finds it; a module that imports with * is taken to hold any name.",
       .bad_example = R"py(from django import forms
from djust import LiveView
from djust.decorators import event_handler


class ContactForm(forms.Form):
    email = forms.EmailField()


class ContactView(LiveView):
    template = """
<div dj-view="example.ContactForm" dj-root>
  <button dj-click="send">Send</button>
</div>
"""

    def mount(self, request, **kwargs):
        self.sent = False

    @event_handler()
    def send(self, **kwargs):
        self.sent = True
)py",
       .good_example = R"py(from django import forms
from djust import LiveView
from djust.decorators import event_handler


class ContactForm(forms.Form):
    email = forms.EmailField()


class ContactView(LiveView):
    template = """
<div dj-view="example.ContactView" dj-root>
  <button dj-click="send">Send</button>
</div>
"""

    def mount(self, request, **kwargs):
        self.sent = False

    @event_handler()
    def send(self, **kwargs):
        self.sent = True
)py",
       .fix_hint = "Write the dotted path of the LiveView that renders the template: dj-view=\"app.views.MyView\"."},
      check};
  return rule;
}

}  // namespace djust::lint::links
