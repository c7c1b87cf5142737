// T002: dj-view without dj-root anywhere on the page; djust infers the root, but says so.
#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {
namespace {

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  if (!file.template_facts || !file.template_facts->view_marker) return;
  const auto markup = project.page_markup(*file.template_facts);
  if (markup.resolved && !markup.root)
    reporter.report(*file.template_facts->view_marker,
                    "dj-view without dj-root on the page: djust infers the root from dj-view, but dj-root is the "
                    "documented marker");
}

}  // namespace

const ProjectRule& missing_root_rule() {
  static const ProjectRule rule{
      {.id = "T002",
       .name = "view-without-root",
       .default_enabled = false,
       .summary = "dj-view but no dj-root on the page",
       .explanation = "djust patches the element marked dj-root. When a page only has dj-view, djust stamps dj-root "
                      "onto that element itself, so the page still connects; writing dj-root (and letting djust "
                      "stamp dj-view when it renders) is the documented form. Parents named by {% extends %} and "
                      "templates named by {% include %} are followed before reporting.",
       .bad_example = R"html(<div dj-view="shop.views.CartView">...</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>...</div>
)html",
       .fix_hint = "Put dj-root on the root element."},
      check};
  return rule;
}

}  // namespace djust::lint::links
