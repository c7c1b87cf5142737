#include "lint/finding.h"

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

std::string_view severity_name(Severity severity, std::string_view info_word) {
  return severity == Severity::info ? info_word : severity_name(severity);
}

}  // namespace djust::lint
