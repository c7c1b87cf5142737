#include "lint/finding.h"
#include "lint/rule.h"

namespace djust::lint {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "warning";
}

bool is_djust_check_id(std::string_view id) { return !id.starts_with("DJ"); }

}  // namespace djust::lint
