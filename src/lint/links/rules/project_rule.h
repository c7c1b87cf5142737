#pragma once
// A rule that needs more than one file (see ProjectCheck): its RuleDoc plus its check.
// lint/rule_table.cpp lists them.

#include "lint/links/project_index.h"
#include "lint/rule.h"

namespace djust::lint::links {

struct ProjectRule {
  RuleDoc doc;
  ProjectCheck check;
};

}  // namespace djust::lint::links
