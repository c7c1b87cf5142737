// T012: dj-* directives on a page that never connects to a LiveView.
#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {
namespace {

// An inline `template = "..."` is the whole page of its LiveView, reported in the Python file.
void check_inline_templates(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes) {
    if (!c.inline_template || project.kind_of(c) != python::ClassKind::live_view || project.live_rendered(c)) continue;
    const TemplateFacts& facts = *c.inline_template;
    if (!facts.live_attribute || facts.partial || facts.component) continue;
    const auto markup = project.page_markup(facts);
    if (!markup.resolved || markup.root || markup.view) continue;
    reporter.report(facts.live_attribute->span, facts.live_attribute->name +
                                                    " needs a connected LiveView, but the "
                                                    "inline template of '" +
                                                    c.name + "' has no dj-root or dj-view, so it never connects");
  }
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  check_inline_templates(file, project, reporter);
  if (!file.template_facts) return;
  const TemplateFacts& facts = *file.template_facts;
  // Partials render inside their includer's root; component templates inside their parent view's.
  if (!facts.live_attribute || facts.partial || facts.component) return;
  if (!file.file.empty() && (project.included_elsewhere(file.file) || project.shadowed(file.file))) return;
  const auto markup = project.page_markup(facts);
  if (!markup.resolved || markup.root || markup.view) return;
  reporter.report(facts.live_attribute->span, facts.live_attribute->name +
                                                  " needs a connected LiveView, but this page has no dj-root or "
                                                  "dj-view, so it never connects");
}

}  // namespace

const ProjectRule& directives_without_view_rule() {
  static const ProjectRule rule{
      {.id = "T012",
       .name = "directives-without-view",
       .default_enabled = true,
       .summary = "dj-* directives but no dj-root or dj-view on the page",
       .explanation = "Event and binding directives (dj-click, dj-model, dj-submit, ...) only work inside an element "
                      "that connects to a LiveView: the one marked dj-root (or dj-view). On a page without one, "
                      "nothing connects and every directive is dead. Parents named by {% extends %} and templates "
                      "named by {% include %} are followed; a template another template includes, one an earlier copy "
                      "of the same name shadows (APP_DIRS, INSTALLED_APPS order), a component "
                      "template and a template marked {# djust:partial #} are skipped, since they render inside "
                      "someone else's root. A LiveView's inline template = \"...\" is its whole page and is "
                      "checked the same way, unless another page embeds the view with {% live_render %}.",
       .bad_example = R"html(<section>
  <button dj-click="refresh">Refresh</button>
</section>
)html",
       .good_example = R"html(<section dj-view="shop.views.FeedView" dj-root>
  <button dj-click="refresh">Refresh</button>
</section>
)html",
       .fix_hint = "Add dj-root to the page's root element, or mark a partial with {# djust:partial #}."},
      check};
  return rule;
}

}  // namespace djust::lint::links
