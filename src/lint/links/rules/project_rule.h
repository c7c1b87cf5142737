#pragma once
// Rules that need more than one file: they read the facts of the file being checked and the
// project index (which views render which templates, what each class can handle). They run after
// every file has been read. The full list, in the order `djust-mcp rules` shows them, is
// project_rules().

#include "lint/links/project_index.h"
#include "lint/rule.h"

#include <vector>

namespace djust::lint::links {

struct ProjectRule {
  RuleDoc doc;
  void (*check)(const FileFacts& file, const ProjectIndex& project, Reporter& reporter);
};

const std::vector<const ProjectRule*>& project_rules();

// One accessor per rule file.
const ProjectRule& missing_template_rule();         // V001
const ProjectRule& missing_root_rule();             // T002
const ProjectRule& directives_without_view_rule();  // T012
const ProjectRule& missing_handler_rule();          // DJ105
const ProjectRule& unreferenced_handler_rule();     // DJ106

}  // namespace djust::lint::links
