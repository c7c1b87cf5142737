#include "lint/rule.h"

#include "knowledge/knowledge.h"

#include <algorithm>
#include <stdexcept>

namespace djust::lint {
namespace {

Severity severity_from_data(const std::string& name) {
  for (Severity s : {Severity::error, Severity::warning, Severity::info})
    if (severity_name(s) == name) return s;
  throw std::logic_error("unknown severity in data/schema/checks.json: " + name);
}

RuleScope scope_of(const Rule::Check& check) {
  if (std::holds_alternative<PythonCheck>(check) || std::holds_alternative<PythonSettingsCheck>(check))
    return RuleScope::python;
  if (std::holds_alternative<TemplateCheck>(check)) return RuleScope::template_file;
  if (std::holds_alternative<ProjectCheck>(check)) return RuleScope::project;
  return RuleScope::syntax;
}

}  // namespace

std::string_view lifecycle_name(Lifecycle lifecycle) {
  switch (lifecycle) {
    case Lifecycle::stable:
      return "stable";
    case Lifecycle::preview:
      return "preview";
    case Lifecycle::deprecated:
      return "deprecated";
  }
  return "stable";
}

std::string_view scope_name(RuleScope scope) {
  switch (scope) {
    case RuleScope::syntax:
      return "syntax";
    case RuleScope::python:
      return "python";
    case RuleScope::template_file:
      return "template";
    case RuleScope::project:
      return "project";
  }
  return "python";
}

Rule::Rule(const RuleDoc& rule_doc, Lifecycle rule_lifecycle, Check rule_check)
    : doc(rule_doc), lifecycle(rule_lifecycle), check(rule_check), scope(scope_of(rule_check)) {
  const std::string id(doc.id);
  if (const auto* djust = knowledge::find_check(id)) {
    if (doc.severity || !doc.category.empty())
      throw std::logic_error(id + " is djust's check: its severity and category come from data/schema/checks.json");
    severity = severity_from_data(djust->at("severity").get<std::string>());
    category = djust->at("category").get<std::string>();
    djust_check = true;
    return;
  }
  if (!doc.severity || doc.category.empty())
    throw std::logic_error(id + " is not one of djust's checks, so its doc must give a severity and a category");
  const auto& categories = knowledge::check_category_names();
  if (std::find(categories.begin(), categories.end(), doc.category) == categories.end())
    throw std::logic_error(id + ": unknown category '" + std::string(doc.category) + "'");
  severity = *doc.severity;
  category = std::string(doc.category);
  djust_check = false;
}

}  // namespace djust::lint
