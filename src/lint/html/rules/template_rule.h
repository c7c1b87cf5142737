#pragma once
// The template rules: each is a RuleDoc plus a check over the template model. The full list, in
// the order `djust-mcp rules` shows them, is template_rules().

#include "lint/html/template.h"
#include "lint/rule.h"

#include <vector>

namespace djust::lint::html {

struct TemplateRule {
  RuleDoc doc;
  void (*check)(const Template& document, Reporter& reporter);
};

const std::vector<const TemplateRule*>& template_rules();

// One accessor per rule file.
const TemplateRule& deprecated_event_syntax_rule();  // T001
const TemplateRule& marker_placement_rule();         // T005
const TemplateRule& click_navigation_rule();         // T010
const TemplateRule& view_path_rule();                // T013
const TemplateRule& legacy_id_rule();                // T014
const TemplateRule& legacy_root_rule();              // T015
const TemplateRule& table_section_root_rule();       // T017
const TemplateRule& client_name_safe_rule();         // S007
const TemplateRule& console_log_rule();              // Q003
const TemplateRule& control_name_rule();             // Y001
const TemplateRule& image_alt_rule();                // Y002
const TemplateRule& control_label_rule();            // Y003
const TemplateRule& positive_tabindex_rule();        // Y004
const TemplateRule& unknown_directive_rule();        // DJ101
const TemplateRule& submit_without_csrf_rule();      // DJ102
const TemplateRule& directive_value_rule();          // DJ103
const TemplateRule& deprecated_directive_rule();     // DJ104
const TemplateRule& dead_attribute_rule();           // DJ107

}  // namespace djust::lint::html
