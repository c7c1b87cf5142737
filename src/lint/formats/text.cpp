#include "lint/formats/formats.h"

#include <algorithm>
#include <map>

namespace djust::lint {
namespace {

struct Palette {
  bool on;
  std::string wrap(std::string_view code, std::string_view text) const {
    return on ? "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m" : std::string(text);
  }
};

std::string_view severity_colour(Severity s) {
  switch (s) {
    case Severity::error:
      return "1;31";
    case Severity::warning:
      return "1;33";
    case Severity::info:
      return "1;34";
  }
  return "0";
}

std::string_view line_of(std::string_view source, std::uint32_t line) {
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line && start != std::string_view::npos; ++l) {
    start = source.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > source.size()) return {};
  const std::size_t end = source.find('\n', start);
  return source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

void code_frame(std::string& out, const FileResult& r, const Finding& f, const Palette& p) {
  const std::string number = std::to_string(f.span.line);
  const std::string gutter(number.size(), ' ');
  const std::string_view text = line_of(r.source, f.span.line);
  out += p.wrap("34", gutter + " |") + "\n";
  out += p.wrap("34", number + " |") + " " + std::string(text) + "\n";
  const std::uint32_t width =
      f.span.end_line == f.span.line && f.span.end_column > f.span.column ? f.span.end_column - f.span.column : 1;
  out += p.wrap("34", gutter + " |") + " " + std::string(f.span.column - 1, ' ') +
         p.wrap(severity_colour(f.severity), std::string(std::min<std::uint32_t>(width, 200), '^')) + "\n";
  out += p.wrap("34", gutter + " =") + " help: " + f.fix_hint + "\n\n";
}

}  // namespace

std::string format_text(const std::vector<FileResult>& results, const TextOptions& options) {
  const Palette p{options.color};
  std::string out;
  std::size_t total = 0;
  std::size_t fixable = 0;
  std::map<Severity, std::size_t> by_severity;
  std::map<std::string, std::pair<std::size_t, bool>> by_rule;  // id -> count, fixable
  for (const auto& r : results) {
    if (r.error) out += p.wrap("1", r.path) + ": " + p.wrap("1;31", "error") + ": " + *r.error + "\n";
    for (const auto& f : r.findings) {
      ++total;
      ++by_severity[f.severity];
      auto& [count, can_fix] = by_rule[f.rule_id];
      ++count;
      can_fix = can_fix || f.fix.has_value();
      if (f.fix) ++fixable;
      if (options.statistics) continue;
      out += p.wrap("1", r.path) + ":" + std::to_string(f.span.line) + ":" + std::to_string(f.span.column) + ": " +
             p.wrap(severity_colour(f.severity), f.rule_id) + " " + f.message + (f.fix ? " [*]" : "") + "\n";
      if (options.show_source) code_frame(out, r, f, p);
    }
    for (const auto& fix : r.fixes) out += p.wrap("1", r.path) + ": fixed: " + fix + "\n";
  }
  if (options.statistics) {
    for (const auto& [id, entry] : by_rule) {
      const Rule* rule = find_rule(id);
      std::string count = std::to_string(entry.first);
      out += std::string(count.size() < 5 ? 5 - count.size() : 0, ' ') + count + "  " + id +
             std::string(id.size() < 6 ? 6 - id.size() : 1, ' ') + (rule ? std::string(rule->doc.name) : "") +
             (entry.second ? "  [*]" : "") + "\n";
    }
  }
  if (total == 0) {
    if (std::none_of(results.begin(), results.end(), [](const FileResult& r) { return r.error.has_value(); }))
      out +=
          "All checks passed (" + std::to_string(results.size()) + " file" + (results.size() == 1 ? "" : "s") + ").\n";
    return out;
  }
  out += "Found " + std::to_string(total) + " finding" + (total == 1 ? "" : "s") + " (" +
         std::to_string(by_severity[Severity::error]) + " error, " + std::to_string(by_severity[Severity::warning]) +
         " warning, " + std::to_string(by_severity[Severity::info]) + " info).\n";
  if (fixable) out += "[*] " + std::to_string(fixable) + " fixable with --fix.\n";
  return out;
}

}  // namespace djust::lint
