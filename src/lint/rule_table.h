#pragma once
// The one list of lint rules, with each rule's lifecycle. Adding a rule (CONTRIBUTING.md): its
// file under lint/<language>/rules/, its row in rule_table.cpp, its fixtures in tests/rules/<ID>/.

#include "lint/rule.h"

#include <string_view>
#include <vector>

namespace djust::lint {

// Every rule: syntax errors (DJ000) first, then by id, the order `djust-mcp rules` lists them.
const std::vector<Rule>& all_rules();
const Rule& syntax_error_rule();
// The rule with that id, in any case; nullptr if none.
const Rule* find_rule(std::string_view id);

}  // namespace djust::lint
