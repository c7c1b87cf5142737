#pragma once
// What the Python and template fuzz targets share: lint one in-memory file with every rule and
// safe fixes on, then render the result in every output format, as `djust-mcp validate -` (any
// bytes) and the validate_view tool (any UTF-8 text) would.

#include "core/text.h"
#include "lint/engine.h"
#include "lint/formats/formats.h"

#include <cstdlib>
#include <string>

inline void fuzz_lint(const char* path, std::string source, djust::lint::Language language) {
  using namespace djust::lint;
  const bool utf8 = djust::core::is_valid_utf8(source);
  LintOptions options;
  options.selection.select = {"ALL"};
  options.fix = true;
  std::vector<FileResult> results;
  results.push_back(lint_source(path, std::move(source), language, options));
  for (const auto format :
       {OutputFormat::text, OutputFormat::json, OutputFormat::sarif, OutputFormat::github, OutputFormat::junit})
    format_results(results, format, TextOptions{.color = true, .show_source = true, .statistics = false});
  // Text in, text out: a message cut inside a UTF-8 sequence would reach the client as U+FFFD.
  for (const auto& finding : results.front().findings) {
    finding_to_json(finding);
    if (utf8 && !(djust::core::is_valid_utf8(finding.message) && djust::core::is_valid_utf8(finding.fix_hint)))
      std::abort();
  }
}
