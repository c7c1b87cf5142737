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
const TemplateRule& unknown_directive_rule();  // DJ101
const TemplateRule& image_alt_rule();          // Y002

}  // namespace djust::lint::html
