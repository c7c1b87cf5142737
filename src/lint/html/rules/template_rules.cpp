#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {

const std::vector<const TemplateRule*>& template_rules() {
  static const std::vector<const TemplateRule*> rules = {
      &marker_placement_rule(),  &view_path_rule(),          &legacy_id_rule(),
      &legacy_root_rule(),       &table_section_root_rule(), &image_alt_rule(),
      &positive_tabindex_rule(), &unknown_directive_rule(),  &submit_without_csrf_rule()};
  return rules;
}

}  // namespace djust::lint::html
