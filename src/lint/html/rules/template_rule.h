#pragma once
// A template rule: its RuleDoc plus a check over the template model. lint/rule_table.cpp lists them.

#include "lint/html/template.h"
#include "lint/rule.h"

namespace djust::lint::html {

struct TemplateRule {
  RuleDoc doc;
  TemplateCheck check;
};

}  // namespace djust::lint::html
