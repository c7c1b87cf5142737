// T005: dj-view and dj-root belong on the same element.
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  const Element* view = nullptr;
  const Element* root = nullptr;
  for (const auto& element : document.elements()) {
    if (!view && element.attribute("dj-view")) view = &element;
    if (!root && element.attribute("dj-root")) root = &element;
  }
  if (view && root && view != root)
    reporter.report(root->attribute("dj-root")->name_span,
                    "dj-root is on <" + root->tag + "> but dj-view is on <" + view->tag + "> (line " +
                        std::to_string(view->span.line) + "): put both on the same root element");
}

}  // namespace

const TemplateRule& marker_placement_rule() {
  static const TemplateRule rule{
      {.id = "T005",
       .name = "marker-placement",
       .default_enabled = true,
       .summary = "dj-view and dj-root on different elements",
       .explanation = "djust mounts the view on the element that carries dj-view and patches the element that "
                      "carries dj-root. Split across two elements, the patches land on a different subtree from "
                      "the one the view was mounted on.",
       .bad_example = R"html(<section dj-view="shop.views.CartView">
  <div dj-root>...</div>
</section>
)html",
       .good_example = R"html(<section dj-view="shop.views.CartView" dj-root>...</section>
)html",
       .fix_hint = "Put dj-view and dj-root on the same root element."},
      check};
  return rule;
}

}  // namespace djust::lint::html
