// DJ102: a dj-submit form without {% csrf_token %}.
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    const Attribute* submit = element.attribute("dj-submit");
    if (element.tag != "form" || !submit) continue;
    if (!document.has_tag_inside(element, "csrf_token"))
      reporter.report(element.tag_span, "form with dj-submit=\"" + submit->value + "\" has no {% csrf_token %}");
  }
}

}  // namespace

const TemplateRule& submit_without_csrf_rule() {
  static const TemplateRule rule{
      {.id = "DJ102",
       .name = "submit-without-csrf",
       .severity = Severity::warning,
       .category = "security",
       .default_enabled = true,
       .summary = "dj-submit form without {% csrf_token %}",
       .explanation = "A dj-submit form is sent over the live connection, but the same form also works as a plain "
                      "POST when JavaScript has not loaded yet or the connection falls back, and Django then "
                      "rejects it without the CSRF token. Keep {% csrf_token %} in every form.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <form dj-submit="save">
    <label>Title <input name="title"></label>
  </form>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <form dj-submit="save">
    {% csrf_token %}
    <label>Title <input name="title"></label>
  </form>
</div>
)html",
       .fix_hint = "Add {% csrf_token %} inside the form."},
      check};
  return rule;
}

}  // namespace djust::lint::html
