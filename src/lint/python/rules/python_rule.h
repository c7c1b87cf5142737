#pragma once
// A Python rule: its RuleDoc plus a check over the module model. lint/rule_table.cpp lists them.

#include "lint/python/model.h"
#include "lint/rule.h"

namespace djust::lint::python {

struct PythonRule {
  RuleDoc doc;
  PythonCheck check;
};

// A Python rule that reads the project's settings too (see PythonSettingsCheck).
struct PythonSettingsRule {
  RuleDoc doc;
  PythonSettingsCheck check;
};

}  // namespace djust::lint::python
