#include "lint/rule_table.h"

#include "core/text.h"
#include "lint/html/rules/template_rule.h"
#include "lint/links/rules/project_rule.h"
#include "lint/python/rules/python_rule.h"

#include <algorithm>

namespace djust::lint {

// Each rule file defines one accessor; the table is their only caller, so they are declared here.
namespace python {
const RuleDoc& syntax_error_doc();                       // DJ000, reported by the engine
const PythonRule& missing_mount_rule();                  // V002
const PythonRule& mount_signature_rule();                // V003
const PythonSettingsRule& missing_event_handler_rule();  // V004
const PythonRule& service_in_state_rule();               // V006
const PythonRule& handler_missing_kwargs_rule();         // V007
const PythonRule& mixin_order_rule();                    // V010
const PythonRule& http_method_override_rule();           // V013
const PythonRule& mark_safe_interpolation_rule();        // S001
const PythonRule& csrf_exempt_unjustified_rule();        // S002
const PythonRule& bare_except_pass_rule();               // S003
const PythonRule& ungated_mutating_handler_rule();       // S009
const PythonRule& print_call_rule();                     // Q001
const PythonRule& fstring_logging_rule();                // Q002
const PythonRule& sql_string_formatting_rule();          // X003
const PythonRule& component_mount_request_rule();        // DJ001
const PythonRule& handler_param_default_rule();          // DJ002
const PythonRule& public_queryset_rule();                // DJ003
const PythonRule& stream_to_await_rule();                // DJ004
const PythonRule& mount_without_kwargs_rule();           // DJ005
const PythonRule& unknown_component_prop_rule();         // DJ006
}  // namespace python
namespace html {
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
}  // namespace html
namespace links {
const ProjectRule& missing_template_rule();         // V001
const ProjectRule& module_not_allowed_rule();       // V005
const ProjectRule& missing_root_rule();             // T002
const ProjectRule& directives_without_view_rule();  // T012
const ProjectRule& unfilled_root_rule();            // DJ108
const ProjectRule& missing_handler_rule();          // DJ105
const ProjectRule& unreferenced_handler_rule();     // DJ106
const ProjectRule& view_path_class_rule();          // DJ110
}  // namespace links

namespace {

template <typename LanguageRule>
Rule row(const LanguageRule& rule, Lifecycle lifecycle = Lifecycle::stable) {
  return Rule(rule.doc, lifecycle, rule.check);
}

}  // namespace

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = [] {
    // A new rule is stable unless its row says otherwise: row(new_rule(), Lifecycle::preview).
    std::vector<Rule> table = {
        Rule(python::syntax_error_doc(), Lifecycle::stable, std::monostate{}),
        row(python::missing_mount_rule()),
        row(python::mount_signature_rule()),
        row(python::missing_event_handler_rule()),
        row(python::service_in_state_rule()),
        row(python::handler_missing_kwargs_rule()),
        row(python::mixin_order_rule()),
        row(python::http_method_override_rule()),
        row(python::mark_safe_interpolation_rule()),
        row(python::csrf_exempt_unjustified_rule()),
        row(python::bare_except_pass_rule()),
        row(python::ungated_mutating_handler_rule()),
        row(python::print_call_rule()),
        row(python::fstring_logging_rule()),
        row(python::sql_string_formatting_rule()),
        row(python::component_mount_request_rule()),
        row(python::handler_param_default_rule()),
        row(python::public_queryset_rule()),
        row(python::stream_to_await_rule()),
        row(python::mount_without_kwargs_rule(), Lifecycle::preview),
        row(python::unknown_component_prop_rule(), Lifecycle::preview),
        row(html::deprecated_event_syntax_rule()),
        row(html::marker_placement_rule()),
        row(html::click_navigation_rule()),
        row(html::view_path_rule()),
        row(html::legacy_id_rule()),
        row(html::legacy_root_rule()),
        row(html::table_section_root_rule()),
        row(html::client_name_safe_rule()),
        row(html::console_log_rule()),
        row(html::control_name_rule()),
        row(html::image_alt_rule()),
        row(html::control_label_rule()),
        row(html::positive_tabindex_rule()),
        row(html::unknown_directive_rule()),
        row(html::submit_without_csrf_rule()),
        row(html::directive_value_rule()),
        row(html::deprecated_directive_rule()),
        row(html::dead_attribute_rule()),
        row(links::missing_template_rule()),
        row(links::module_not_allowed_rule(), Lifecycle::preview),
        row(links::missing_root_rule()),
        row(links::directives_without_view_rule()),
        row(links::unfilled_root_rule(), Lifecycle::preview),
        row(links::missing_handler_rule()),
        row(links::unreferenced_handler_rule()),
        row(links::view_path_class_rule(), Lifecycle::preview),
    };
    // Listed by id, like the documentation; syntax errors stay first.
    std::sort(table.begin() + 1, table.end(), [](const Rule& a, const Rule& b) { return a.doc.id < b.doc.id; });
    return table;
  }();
  return rules;
}

const Rule& syntax_error_rule() { return all_rules().front(); }

const Rule* find_rule(std::string_view id) {
  for (const auto& rule : all_rules())
    if (rule.doc.id.size() == id.size() && core::starts_with_icase(rule.doc.id, id)) return &rule;
  return nullptr;
}

}  // namespace djust::lint
