#include "lint/formats/formats.h"

namespace djust::lint {
namespace {

// Workflow-command escaping: data escapes %, CR and LF; properties also escape ':' and ','.
std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string format_github(const std::vector<FileResult>& results) {
  std::string out;
  for (const auto& r : results) {
    if (r.error) out += "::error file=" + escape(r.path, true) + ",title=djust-mcp::" + escape(*r.error, false) + "\n";
    for (const auto& f : r.findings) {
      out += "::" + std::string(severity_name(f.severity, "notice")) + " file=" + escape(r.path, true) +
             ",line=" + std::to_string(f.span.line) + ",col=" + std::to_string(f.span.column) +
             ",endLine=" + std::to_string(f.span.end_line) + ",endColumn=" + std::to_string(f.span.end_column) +
             ",title=" + escape(f.rule_id, true) + "::" + escape(f.rule_id + " " + f.message, false) + "\n";
    }
  }
  return out;
}

}  // namespace djust::lint
