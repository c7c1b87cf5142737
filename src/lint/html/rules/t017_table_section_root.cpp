// T017: dj-view/dj-root on a table section is moved out of the tree by the HTML parser.
#include "lint/html/rules/template_rule.h"

#include <set>

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  static const std::set<std::string, std::less<>> sections = {"tbody", "thead",   "tfoot", "tr",      "td",
                                                              "th",    "caption", "col",   "colgroup"};
  for (const auto& element : document.elements()) {
    if (!sections.count(element.tag)) continue;
    // One finding per element: moving both markers is one fix.
    const Attribute* view = element.attribute("dj-view");
    const Attribute* root = element.attribute("dj-root");
    if (!view && !root) continue;
    const Attribute* first = view && (!root || view->start_byte < root->start_byte) ? view : root;
    const std::string markers = view && root ? "dj-view and dj-root" : first->name;
    reporter.report(first->name_span, markers + " on <" + element.tag +
                                          ">: browsers move table sections when they parse a patch, so the rows "
                                          "silently disappear");
  }
}

}  // namespace

const TemplateRule& table_section_root_rule() {
  static const TemplateRule rule{
      {.id = "T017",
       .name = "table-section-root",
       .default_enabled = true,
       .summary = "dj-view or dj-root on a table-section element",
       .explanation = "djust renders and patches the root element's HTML. Parsed on its own, a <tbody>, <tr>, "
                      "<td> or other table section is dropped or moved by the HTML parser, so the view's content "
                      "vanishes after the first update.",
       .bad_example = R"html(<table>
  <tbody dj-view="shop.views.Rows" dj-root>...</tbody>
</table>
)html",
       .good_example = R"html(<div dj-view="shop.views.Rows" dj-root>
  <table><tbody>...</tbody></table>
</div>
)html",
       .fix_hint = "Put the markers on the <table> or on a wrapping <div>."},
      check};
  return rule;
}

}  // namespace djust::lint::html
