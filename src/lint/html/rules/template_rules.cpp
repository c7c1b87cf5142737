#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {

const std::vector<const TemplateRule*>& template_rules() {
  static const std::vector<const TemplateRule*> rules = {&image_alt_rule(), &unknown_directive_rule()};
  return rules;
}

}  // namespace djust::lint::html
