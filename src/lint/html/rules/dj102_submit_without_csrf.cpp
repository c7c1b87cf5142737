// DJ102: a dj-submit form that posts without {% csrf_token %}.
#include "core/text.h"
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    const Attribute* submit = element.attribute("dj-submit");
    if (element.tag != "form" || !submit) continue;
    // Once djust's client runs, the event needs no token in the form: it goes over the WebSocket,
    // or over the HTTP fallback with the csrftoken cookie LiveView.get sets. Only a form that
    // posts by itself (before the script runs, or without it) sends one Django checks.
    const Attribute* method = element.attribute("method");
    if (!method || core::to_lower(core::trim(method->value)) != "post") continue;
    if (!document.has_tag_inside(element, "csrf_token"))
      reporter.report(element.tag_span, "form with dj-submit=\"" + submit->value +
                                            "\" and method=\"post\" has no {% csrf_token %}: submitted before djust's "
                                            "script runs, Django refuses it (403)");
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
       .summary = "dj-submit form with method=\"post\" without {% csrf_token %}",
       .explanation = "Once djust's client runs, a dj-submit event needs no token in the form: it goes over the "
                      "WebSocket, or over the HTTP fallback with the X-CSRFToken header taken from the form's "
                      "csrfmiddlewaretoken or the csrftoken cookie, which LiveView.get sets (ensure_csrf_cookie). "
                      "But a form with method=\"post\" also submits by itself when it is sent before the script "
                      "has loaded, or without JavaScript, and Django then refuses the POST without the token "
                      "(403). A form without method submits as GET, which needs none. Not seen here: settings that "
                      "hide the cookie from the client (CSRF_COOKIE_HTTPONLY, CSRF_USE_SESSIONS, another "
                      "CSRF_COOKIE_NAME) break the fallback too; then keep {% csrf_token %} in every dj-submit form.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <form dj-submit="save" method="post">
    <label>Title <input name="title"></label>
  </form>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <form dj-submit="save" method="post">
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
