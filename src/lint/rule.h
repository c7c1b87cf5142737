#pragma once
// A lint rule's identity, documentation and attributes, and the reporter it writes findings
// through. Rules themselves live one per file under lint/<language>/rules/; lint/rule_table.cpp
// lists them all.

#include "lint/finding.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace djust::lint {

namespace python {
class Module;
}
namespace html {
class Template;
}
namespace links {
struct FileFacts;
class ProjectIndex;
struct ProjectSettings;
}  // namespace links

struct RuleDoc {
  std::string_view id;    // djust's check id where djust checks the same thing (V004), else DJ###
  std::string_view name;  // kebab-case, e.g. "handler-missing-kwargs"
  // Only for our own rules (DJ###): a rule with djust's id takes djust's severity and category
  // from data/schema/checks.json.
  std::optional<Severity> severity = std::nullopt;
  std::string_view category = {};  // one of knowledge::check_category_names()
  bool default_enabled = true;     // in the default selection of `validate`
  std::string_view summary;        // one line
  std::string_view explanation;
  // Complete files: the bad one gives exactly the findings in tests/rules/<ID>/example.expected,
  // the good one none with every rule on (tests/unit/lint/rule_docs_test.cpp).
  std::string_view bad_example;
  std::string_view good_example;
  std::string_view fix_hint;  // shown with every finding unless the rule gives a sharper one
  bool fixable = false;       // `--fix` can repair it
};

class Reporter;
using PythonCheck = void (*)(const python::Module& module, Reporter& reporter);
// A Python rule whose verdict depends on the project's settings (event_security): default
// settings when the file is checked outside a project.
using PythonSettingsCheck = void (*)(const python::Module& module, const links::ProjectSettings& settings,
                                     Reporter& reporter);
using TemplateCheck = void (*)(const html::Template& document, Reporter& reporter);
// Rules that need more than one file: the facts of the file being checked and the project index
// (which views render which templates, what each class can handle). They run after every file
// has been read.
using ProjectCheck = void (*)(const links::FileFacts& file, const links::ProjectIndex& project, Reporter& reporter);

// Like ruff's rule groups: preview rules run only when selected by their exact id or with
// `--preview`; deprecated ones only when selected by their exact id, with a warning.
enum class Lifecycle { stable, preview, deprecated };
std::string_view lifecycle_name(Lifecycle lifecycle);

// What a rule reads, which decides when the engine runs it.
enum class RuleScope {
  syntax,         // reported by the engine when a file does not parse; runs whatever the selection
  python,         // one Python module
  template_file,  // one template (and every inline template of a Python module)
  project,        // the file's facts and the project index: runs after all files are read
};
std::string_view scope_name(RuleScope scope);

// One row of the rule table: the rule's documentation, lifecycle and check, with its severity
// and category resolved (djust's from data/schema/checks.json for djust's ids).
struct Rule {
  using Check = std::variant<std::monostate, PythonCheck, PythonSettingsCheck, TemplateCheck, ProjectCheck>;
  // Throws std::logic_error when the doc contradicts the data (a defect the unit tests catch).
  Rule(const RuleDoc& doc, Lifecycle lifecycle, Check check);

  RuleDoc doc;
  Lifecycle lifecycle;
  Check check;
  RuleScope scope;
  Severity severity;
  std::string category;
  bool djust_check;  // the id is one of djust's own system checks (djust.<ID>)
};

class Reporter {
 public:
  Reporter(const Rule& rule, std::vector<Finding>& out) : rule_(rule), out_(out) {}
  void report(Span span, std::string message, std::optional<Fix> fix = std::nullopt) {
    out_.push_back({std::string(rule_.doc.id), rule_.severity, std::move(message), std::string(rule_.doc.fix_hint),
                    span, std::move(fix)});
  }

 private:
  const Rule& rule_;
  std::vector<Finding>& out_;
};

}  // namespace djust::lint
