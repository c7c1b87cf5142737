// DJ108: a dj-root written other than `<div dj-root>` on a page without dj-view: djust 1.1 never
// stamps the view's path onto it, so the page never opens the WebSocket.
#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {
namespace {

constexpr std::string_view kMessage =
    "dj-root on a tag written other than exactly <div dj-root>, and no dj-view on the page: djust 1.1 adds "
    "dj-view only to that exact text, so the client finds no view to mount, never opens the WebSocket and "
    "sends every event as an HTTP POST that re-renders the whole page";

// Whether the page these facts start reaches a WebSocket mount: it names its view itself, or djust
// stamps the view onto an exact <div dj-root> (which may be in a parent or an include instead).
bool never_mounts(const TemplateFacts& facts, const ProjectIndex& project) {
  if (!facts.unfilled_root || facts.partial || facts.component) return false;
  const auto markup = project.page_markup(facts);
  return markup.resolved && !markup.view && !markup.filled_root;
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes)
    if (c.inline_template && project.kind_of(c) == python::ClassKind::live_view && !project.live_rendered(c) &&
        never_mounts(*c.inline_template, project))
      reporter.report(*c.inline_template->unfilled_root, std::string(kMessage));
  if (!file.template_facts) return;
  // An included template renders inside its includer's page, which is judged as a whole.
  if (!file.file.empty() && (project.included_elsewhere(file.file) || project.shadowed(file.file))) return;
  if (never_mounts(*file.template_facts, project))
    reporter.report(*file.template_facts->unfilled_root, std::string(kMessage));
}

}  // namespace

const ProjectRule& unfilled_root_rule() {
  static const ProjectRule rule{
      {.id = "DJ108",
       .name = "root-without-view-path",
       .severity = Severity::warning,
       .category = "templates",
       .default_enabled = true,
       .summary = "dj-root tag djust does not stamp with dj-view, on a page without dj-view",
       .explanation =
           "When djust 1.1 renders a LiveView over HTTP it adds the view's path by replacing the exact text "
           "<div dj-root> with <div dj-root dj-view=\"module.View\"> (mixins/request.py). Any other spelling of "
           "the root's start tag (another attribute such as class, another element, other spacing or case) is "
           "left as written. The client mounts only elements carrying dj-view, so such a page never opens the "
           "WebSocket: every event falls back to an HTTP POST that re-renders the whole page, and nothing the "
           "server pushes (ticks, broadcasts, async results) arrives. Parents named by {% extends %} and "
           "templates named by {% include %} are followed: a page that has dj-view, or an exact <div dj-root> "
           "somewhere, is fine. Included, component and {# djust:partial #} templates are skipped.",
       .bad_example = R"html(<div dj-root class="counter">
  <button dj-click="increment">+</button>
</div>
)html",
       .good_example = R"html(<div dj-root>
  <div class="counter">
    <button dj-click="increment">+</button>
  </div>
</div>
)html",
       .fix_hint = "Write the root as exactly <div dj-root> and move its attributes to an element inside it, or add "
                   "dj-view=\"app.views.YourView\" to the root element."},
      check};
  return rule;
}

}  // namespace djust::lint::links
