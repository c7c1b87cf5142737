// DJ101: a dj-* attribute djust does not know does nothing, silently.
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      if (!a.name.starts_with("dj-") || knowledge::is_marker_or_internal(a.name) || knowledge::find_directive(a.name))
        continue;
      std::string message = "unknown djust attribute '" + a.name + "'";
      const std::string base = a.name.substr(0, a.name.find('.'));
      if (auto guess = core::closest_match(base, knowledge::directive_names()))
        message += "; did you mean '" + *guess + "'?";
      reporter.report(a.name_span, message);
    }
  }
}

}  // namespace

const TemplateRule& unknown_directive_rule() {
  static const TemplateRule rule{
      {.id = "DJ101",
       .name = "unknown-directive",
       .severity = Severity::error,
       .category = "templates",
       .default_enabled = true,
       .summary = "Unknown dj-* attribute",
       .explanation = "djust's client acts only on the attributes it knows. A misspelt or invented dj-* attribute "
                      "(dj-onclick, dj-clik, dj-model-lazy) is ignored without a word, so the button does nothing. "
                      "Families such as dj-value-*, dj-window-*, dj-document-* and dj-hook-value-* and the dj-view / "
                      "dj-root markers are known. A known directive with a dot the client does not read "
                      "(dj-keydown.enter) is DJ107's.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-clik="save">Save</button>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="save">Save</button>
</div>
)html",
       .fix_hint = "Use a directive from get_template_directives (or djust-mcp call get_template_directives)."},
      check};
  return rule;
}

}  // namespace djust::lint::html
