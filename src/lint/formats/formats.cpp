#include "lint/formats/formats.h"

namespace djust::lint {

const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> names = {"text", "json", "sarif", "github", "junit"};
  return names;
}

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  const auto& names = output_format_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<OutputFormat>(i);
  return std::nullopt;
}

std::string format_results(const std::vector<FileResult>& results, OutputFormat format, const TextOptions& text) {
  switch (format) {
    case OutputFormat::text:
      return format_text(results, text);
    case OutputFormat::json:
      return format_json(results);
    case OutputFormat::sarif:
      return format_sarif(results);
    case OutputFormat::github:
      return format_github(results);
    case OutputFormat::junit:
      return format_junit(results);
  }
  return {};
}

}  // namespace djust::lint
