#include "core/version.h"
#include "lint/formats/formats.h"

#include <set>

namespace djust::lint {

std::string format_sarif(const std::vector<FileResult>& results) {
  using nlohmann::json;
  // Describe every rule that produced a result, so viewers can show its documentation.
  std::set<std::string> used;
  for (const auto& r : results)
    for (const auto& f : r.findings) used.insert(f.rule_id);
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const auto& rule : all_rules()) {
    const RuleDoc& doc = rule.doc;
    if (!used.count(std::string(doc.id))) continue;
    rule_index[std::string(doc.id)] = rules.size();
    rules.push_back({{"id", doc.id},
                     {"name", doc.name},
                     {"shortDescription", {{"text", doc.summary}}},
                     {"fullDescription", {{"text", doc.explanation}}},
                     {"help", {{"text", doc.fix_hint}}},
                     {"defaultConfiguration", {{"level", severity_name(rule.severity, "note")}}},
                     {"properties", {{"tags", {rule.category}}}}});
  }
  json sarif_results = json::array();
  json notifications = json::array();
  for (const auto& r : results) {
    if (r.error) {
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", *r.error}}},
                               {"locations", {{{"physicalLocation", {{"artifactLocation", {{"uri", r.path}}}}}}}}});
    }
    for (const auto& f : r.findings) {
      json result = {{"ruleId", f.rule_id},
                     {"level", severity_name(f.severity, "note")},
                     {"message", {{"text", f.message}}},
                     {"locations",
                      {{{"physicalLocation",
                         {{"artifactLocation", {{"uri", r.path}}},
                          {"region",
                           {{"startLine", f.span.line},
                            {"startColumn", f.span.column},
                            {"endLine", f.span.end_line},
                            {"endColumn", f.span.end_column}}}}}}}}};
      if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) result["ruleIndex"] = it->second;
      sarif_results.push_back(std::move(result));
    }
  }
  const json out = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool", {{"driver", {{"name", core::kProgramName}, {"version", core::kVersion}, {"rules", rules}}}}},
         {"invocations",
          {{{"executionSuccessful", notifications.empty()}, {"toolExecutionNotifications", notifications}}}},
         {"results", sarif_results}}}}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace djust::lint
