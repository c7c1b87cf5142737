// DJ104: a directive djust has deprecated, with what replaces it.
#include "knowledge/knowledge.h"
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      if (!a.name.starts_with("dj-")) continue;
      const nlohmann::json* directive = knowledge::find_directive(a.name);
      if (!directive || !directive->contains("deprecated")) continue;
      reporter.report(a.name_span, directive->at("name").get<std::string>() + " is deprecated; use " +
                                       directive->at("deprecated").at("use_instead").get<std::string>());
    }
  }
}

}  // namespace

const TemplateRule& deprecated_directive_rule() {
  static const TemplateRule rule{
      {.id = "DJ104",
       .name = "deprecated-directive",
       .severity = Severity::warning,
       .category = "templates",
       .default_enabled = true,
       .summary = "Deprecated directive",
       .explanation = "djust still reads a deprecated directive (dj-params) but will drop it; the replacement is "
                      "typed, per-attribute and already what the documentation shows.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="share" dj-params='{"source": "toolbar"}'>Share</button>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="share" dj-value-source="toolbar">Share</button>
</div>
)html",
       .fix_hint = "Use the replacement named in the message."},
      check};
  return rule;
}

}  // namespace djust::lint::html
