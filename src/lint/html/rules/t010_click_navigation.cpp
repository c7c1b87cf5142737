// T010: dj-click used to switch views or tabs, where dj-patch keeps the URL and history.
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

const Attribute* navigation_data(const Element& element) {
  for (const auto& a : element.attributes) {
    const std::string name = a.name.substr(0, a.name.find(':'));  // data-tab:int counts too
    if (name == "data-view" || name == "data-tab" || name == "data-page" || name == "data-section") return &a;
  }
  return nullptr;
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    const Attribute* click = element.attribute("dj-click");
    const Attribute* navigation = click ? navigation_data(element) : nullptr;
    if (navigation)
      reporter.report(click->name_span, "dj-click with " + navigation->name +
                                            " switches what the page shows without changing the URL; use dj-patch");
  }
}

}  // namespace

const TemplateRule& click_navigation_rule() {
  static const TemplateRule rule{
      {.id = "T010",
       .name = "click-navigation",
       .default_enabled = true,
       .summary = "dj-click used for navigation",
       .explanation = "An element with dj-click and a data-view, data-tab, data-page or data-section argument is "
                      "navigating: the page changes but the URL does not, so reload, bookmarks and the back button "
                      "lose the place. dj-patch=\"?tab=settings\" updates the URL and calls handle_params().",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="show_tab" data-tab="settings">Settings</button>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <a dj-patch="?tab=settings">Settings</a>
</div>
)html",
       .fix_hint = "Use dj-patch with the state in the URL and read it in handle_params()."},
      check};
  return rule;
}

}  // namespace djust::lint::html
