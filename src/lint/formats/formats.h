#pragma once
// Output formats of `validate`: text for people, json for scripts, sarif for code scanning,
// github for workflow annotations, junit for CI test reports.

#include "lint/engine.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace djust::lint {

enum class OutputFormat { text, json, sarif, github, junit };

const std::vector<std::string>& output_format_names();
std::optional<OutputFormat> parse_output_format(std::string_view name);

struct TextOptions {
  bool color = false;
  bool show_source = false;  // a code frame under each finding
  bool statistics = false;   // counts per rule instead of the findings
};

std::string format_results(const std::vector<FileResult>& results, OutputFormat format, const TextOptions& text);

// One finding as JSON (also what the MCP validate tools return).
nlohmann::json finding_to_json(const Finding& finding);

std::string format_text(const std::vector<FileResult>& results, const TextOptions& options);
std::string format_json(const std::vector<FileResult>& results);
std::string format_sarif(const std::vector<FileResult>& results);
std::string format_github(const std::vector<FileResult>& results);
std::string format_junit(const std::vector<FileResult>& results);

}  // namespace djust::lint
