// T001: @click="..." is pre-1.0 djust syntax (and Alpine.js's, which is left alone).
#include "lint/html/rules/template_rule.h"

#include <set>

namespace djust::lint::html {
namespace {

// Inside an Alpine.js component (x-data on the element or an ancestor) @click is Alpine's own.
bool in_alpine_scope(const Template& document, const Element& element) {
  for (const Element* e = &element;; e = &document.elements()[*e->parent]) {
    if (e->attribute("x-data")) return true;
    if (!e->parent) return false;
  }
}

void check(const Template& document, Reporter& reporter) {
  static const std::set<std::string, std::less<>> events = {"click", "input",   "change", "submit",     "blur",
                                                            "focus", "keydown", "keyup",  "mouseenter", "mouseleave"};
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      if (!a.name.starts_with('@')) continue;
      const std::string event = a.name.substr(1, a.name.find('.') - 1);
      if (!events.count(event) || in_alpine_scope(document, element)) continue;
      reporter.report(a.name_span, "'" + a.name + "' is pre-1.0 djust syntax; write dj-" + event);
    }
  }
}

}  // namespace

const TemplateRule& deprecated_event_syntax_rule() {
  static const TemplateRule rule{
      {.id = "T001",
       .name = "deprecated-event-syntax",
       .default_enabled = true,
       .summary = "Deprecated @click / @input event syntax",
       .explanation = "djust before 1.0 bound events with @click=\"handler\"; djust 1.x only reads dj-click, so the "
                      "old attribute does nothing. Inside an Alpine.js component (x-data on the element or an "
                      "ancestor) @click belongs to Alpine and is not reported.",
       .bad_example = R"html(<button @click="increment">+</button>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="increment">+</button>
</div>
)html",
       .fix_hint = "Replace the @ with dj- (dj-click, dj-input, ...)."},
      check};
  return rule;
}

}  // namespace djust::lint::html
