#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {

const std::vector<const ProjectRule*>& project_rules() {
  static const std::vector<const ProjectRule*> rules = {&missing_template_rule(), &missing_root_rule(),
                                                        &directives_without_view_rule(), &missing_handler_rule(),
                                                        &unreferenced_handler_rule()};
  return rules;
}

}  // namespace djust::lint::links
