#include "lint/formats/formats.h"

namespace djust::lint {

nlohmann::json finding_to_json(const Finding& f) {
  nlohmann::json out = {{"id", f.rule_id},
                        {"severity", severity_name(f.severity)},
                        {"message", f.message},
                        {"line", f.span.line},
                        {"column", f.span.column},
                        {"end_line", f.span.end_line},
                        {"end_column", f.span.end_column},
                        {"fix_hint", f.fix_hint},
                        {"fixable", f.fix.has_value()}};
  if (const Rule* rule = find_rule(f.rule_id); rule && rule->djust_check) out["djust_check"] = "djust." + f.rule_id;
  return out;
}

std::string format_json(const std::vector<FileResult>& results) {
  nlohmann::json findings = nlohmann::json::array();
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& r : results) {
    if (r.error) errors.push_back({{"path", r.path}, {"message", *r.error}});
    for (const auto& f : r.findings) {
      nlohmann::json item = finding_to_json(f);
      item["path"] = r.path;
      findings.push_back(std::move(item));
    }
  }
  const nlohmann::json out = {
      {"findings", std::move(findings)}, {"errors", std::move(errors)}, {"files", results.size()}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace djust::lint
