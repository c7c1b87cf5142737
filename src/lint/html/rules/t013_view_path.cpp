// T013: dj-view must name the view class by its dotted path.
#include "lint/html/rules/template_rule.h"

#include <regex>

namespace djust::lint::html {
namespace {

// Variables djust's own older docs named as if djust provided them; it never does.
bool is_phantom_variable(const std::string& value) {
  static const std::regex phantom(R"(^\s*\{\{\s*(dj_view_id|view_name|view_id)\s*\}\}\s*$)");
  return std::regex_match(value, phantom);
}

bool is_dotted_path(const std::string& value) {
  static const std::regex dotted(R"(^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$)");
  return std::regex_match(value, dotted);
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    const Attribute* view = element.attribute("dj-view");
    if (!view) continue;
    const bool blank = view->value.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) {
      reporter.report(view->name_span, "dj-view is empty: write the view's dotted path, e.g. app.views.MyView");
    } else if (view->dynamic ? is_phantom_variable(view->value) : !is_dotted_path(view->value)) {
      reporter.report(view->value_span, "dj-view=\"" + view->value + "\" is not the dotted path of a view class" +
                                            (view->dynamic ? " (djust provides no such variable)" : ""));
    }
  }
}

}  // namespace

const TemplateRule& view_path_rule() {
  static const TemplateRule rule{
      {.id = "T013",
       .name = "view-path",
       .severity = Severity::warning,
       .default_enabled = true,
       .summary = "Empty or invalid dj-view",
       .explanation = "The client connects the page to the class dj-view names, so it must be the literal dotted "
                      "path of the view (app.views.MyView). An empty value connects nothing. {{ dj_view_id }}, "
                      "{{ view_name }} and {{ view_id }} were once documented as provided by djust; they are not, "
                      "and render empty. A variable your own code sets (e.g. in a shared base template) is fine.",
       .bad_example = "<div dj-view=\"{{ view_name }}\" dj-root>...</div>\n",
       .good_example = "<div dj-view=\"shop.views.CartView\" dj-root>...</div>\n",
       .fix_hint = "Write the view class's dotted path: dj-view=\"app.views.MyView\"."},
      check};
  return rule;
}

}  // namespace djust::lint::html
