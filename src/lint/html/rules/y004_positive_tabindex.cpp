// Y004: a positive tabindex overrides the natural focus order.
#include "lint/html/rules/template_rule.h"

#include <charconv>

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    const Attribute* tabindex = element.attribute("tabindex");
    if (!tabindex || tabindex->dynamic) continue;
    int value = 0;
    const auto& text = tabindex->value;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && value > 0)
      reporter.report(tabindex->value_span,
                      "tabindex=\"" + text + "\" takes <" + element.tag + "> out of the natural focus order");
  }
}

}  // namespace

const TemplateRule& positive_tabindex_rule() {
  static const TemplateRule rule{
      {.id = "Y004",
       .name = "positive-tabindex",
       .default_enabled = true,
       .summary = "Positive tabindex",
       .explanation = "Elements with a positive tabindex are focused before everything else, in number order, so "
                      "keyboard users jump around the page (WCAG 2.4.3). tabindex=\"0\" makes an element focusable "
                      "in document order; tabindex=\"-1\" focusable only from script.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <div tabindex="3" dj-click="open">...</div>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button type="button" dj-click="open">...</button>
</div>
)html",
       .fix_hint = "Use tabindex=\"0\" (or a naturally focusable element) and order the markup instead."},
      check};
  return rule;
}

}  // namespace djust::lint::html
