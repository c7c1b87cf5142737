#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {

const std::vector<const TemplateRule*>& template_rules() {
  static const std::vector<const TemplateRule*> rules = {&deprecated_event_syntax_rule(),
                                                         &marker_placement_rule(),
                                                         &click_navigation_rule(),
                                                         &view_path_rule(),
                                                         &legacy_id_rule(),
                                                         &legacy_root_rule(),
                                                         &table_section_root_rule(),
                                                         &client_name_safe_rule(),
                                                         &console_log_rule(),
                                                         &control_name_rule(),
                                                         &image_alt_rule(),
                                                         &control_label_rule(),
                                                         &positive_tabindex_rule(),
                                                         &unknown_directive_rule(),
                                                         &submit_without_csrf_rule(),
                                                         &directive_value_rule(),
                                                         &deprecated_directive_rule(),
                                                         &dead_attribute_rule()};
  return rules;
}

}  // namespace djust::lint::html
