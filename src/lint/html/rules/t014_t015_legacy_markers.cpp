// T014 and T015: attribute names djust renamed in 1.0 (one file: the same check on two lists).
#include "knowledge/knowledge.h"
#include "lint/html/rules/template_rule.h"

#include <map>
#include <vector>

namespace djust::lint::html {
namespace {

void report_renamed(const Template& document, Reporter& reporter, std::string_view list) {
  static const std::map<std::string_view, std::vector<knowledge::RenamedAttribute>> renames_by_list = {
      {"internal_attributes", knowledge::renamed_attributes("internal_attributes")},
      {"template_markers", knowledge::renamed_attributes("template_markers")}};
  const auto& renames = renames_by_list.at(list);
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      for (const auto& rename : renames)
        if (a.name == rename.old_name)
          reporter.report(a.name_span,
                          rename.old_name + " was renamed to " + rename.new_name + " in djust " + rename.renamed_in);
    }
  }
}

void check_id(const Template& document, Reporter& reporter) {
  report_renamed(document, reporter, "internal_attributes");
}

void check_root(const Template& document, Reporter& reporter) {
  report_renamed(document, reporter, "template_markers");
}

}  // namespace

const TemplateRule& legacy_id_rule() {
  static const TemplateRule rule{
      {.id = "T014",
       .name = "legacy-dj-id",
       .default_enabled = true,
       .summary = "Deprecated data-dj-id",
       .explanation = "djust 1.0 renamed data-dj-id to dj-id. djust stamps dj-id itself when it renders; "
                      "hand-written HTML that still carries data-dj-id confuses the patcher.",
       .bad_example = R"html(<ul>
  <li data-dj-id="3">...</li>
</ul>
)html",
       .good_example = R"html(<ul dj-view="shop.views.CartView" dj-root>
  <li dj-key="{{ item.id }}">...</li>
</ul>
)html",
       .fix_hint = "Rename it to dj-id, or use dj-key to identify list items."},
      check_id};
  return rule;
}

const TemplateRule& legacy_root_rule() {
  static const TemplateRule rule{
      {.id = "T015",
       .name = "legacy-root-markers",
       .default_enabled = true,
       .summary = "Legacy data-djust-root / data-djust-view",
       .explanation = "The pre-1.0 markers data-djust-root and data-djust-view are no longer recognised, so the "
                      "view never connects and no event reaches the server.",
       .bad_example = R"html(<div data-djust-view="shop.views.CartView" data-djust-root>...</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>...</div>
)html",
       .fix_hint = "Rename them to dj-view and dj-root."},
      check_root};
  return rule;
}

}  // namespace djust::lint::html
