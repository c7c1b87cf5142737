// T014 and T015: attribute names djust renamed in 1.0 (one file: the same check on two lists).
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void report_renamed(const Template& document, Reporter& reporter,
                    std::initializer_list<std::pair<const char*, const char*>> renames) {
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      for (const auto& [old_name, new_name] : renames)
        if (a.name == old_name)
          reporter.report(a.name_span, std::string(old_name) + " was renamed to " + new_name + " in djust 1.0");
    }
  }
}

void check_id(const Template& document, Reporter& reporter) {
  report_renamed(document, reporter, {{"data-dj-id", "dj-id"}});
}

void check_root(const Template& document, Reporter& reporter) {
  report_renamed(document, reporter, {{"data-djust-root", "dj-root"}, {"data-djust-view", "dj-view"}});
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
