#include "lint/formats/formats.h"

namespace djust::lint {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += ' ';
        else
          out += c;
    }
  }
  return out;
}

}  // namespace

// One test suite per file; one failing test case per finding, one passing case for a clean file,
// one errored case for a file that could not be checked.
std::string format_junit(const std::vector<FileResult>& results) {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::string suites;
  for (const auto& r : results) {
    std::string cases;
    std::size_t suite_failures = 0;
    const std::string path = xml_escape(r.path);
    if (r.error) {
      cases += "    <testcase name=\"" + path + "\" classname=\"djust-mcp\"><error message=\"" + xml_escape(*r.error) +
               "\"/></testcase>\n";
      ++errors;
    } else if (r.findings.empty()) {
      cases += "    <testcase name=\"" + path + "\" classname=\"djust-mcp\"/>\n";
    }
    for (const auto& f : r.findings) {
      const std::string where = std::to_string(f.span.line) + ":" + std::to_string(f.span.column);
      cases += "    <testcase name=\"" + xml_escape(f.rule_id) + " at " + path + ":" + where + "\" classname=\"" +
               path + "\"><failure message=\"" + xml_escape(f.message) + "\" type=\"" + xml_escape(f.rule_id) + "\">" +
               path + ":" + where + ": " + xml_escape(f.rule_id + " " + f.message) + "</failure></testcase>\n";
      ++suite_failures;
    }
    const std::size_t suite_tests = std::max<std::size_t>(1, r.findings.size());
    tests += suite_tests;
    failures += suite_failures;
    suites += "  <testsuite name=\"" + path + "\" tests=\"" + std::to_string(suite_tests) + "\" failures=\"" +
              std::to_string(suite_failures) + "\" errors=\"" + (r.error ? "1" : "0") + "\">\n" + cases +
              "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"djust-mcp\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\">\n" + suites +
         "</testsuites>\n";
}

}  // namespace djust::lint
