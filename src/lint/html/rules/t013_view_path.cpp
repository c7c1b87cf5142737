// T013: dj-view must name the view class by its dotted path.
#include "core/text.h"
#include "lint/html/rules/template_rule.h"

#include <algorithm>
#include <array>

namespace djust::lint::html {
namespace {

// Variables djust's own older docs named as if djust provided them; it never does.
bool is_phantom_variable(const std::string& value) {
  const std::string_view text = core::trim(value);
  if (!text.starts_with("{{") || !text.ends_with("}}") || text.size() < 4) return false;
  static constexpr std::array<std::string_view, 3> phantoms = {"dj_view_id", "view_name", "view_id"};
  const std::string_view name = core::trim(text.substr(2, text.size() - 4));
  return std::find(phantoms.begin(), phantoms.end(), name) != phantoms.end();
}

bool is_dotted_path(const std::string& value) {
  const std::string_view text = value;
  if (text.find('.') == std::string_view::npos) return false;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    if (!core::is_ascii_identifier(text.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
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
       .default_enabled = true,
       .summary = "Empty or invalid dj-view",
       .explanation = "The client connects the page to the class dj-view names, so it must be the literal dotted "
                      "path of the view (app.views.MyView). An empty value connects nothing. {{ dj_view_id }}, "
                      "{{ view_name }} and {{ view_id }} were once documented as provided by djust; they are not, "
                      "and render empty. A variable your own code sets (e.g. in a shared base template) is fine.",
       .bad_example = R"html(<div dj-view="{{ view_name }}" dj-root>...</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>...</div>
)html",
       .fix_hint = "Write the view class's dotted path: dj-view=\"app.views.MyView\"."},
      check};
  return rule;
}

}  // namespace djust::lint::html
