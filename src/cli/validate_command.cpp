#include "cli/validate_command.h"

#include "cli/cli_model.h"
#include "cli/terminal.h"
#include "core/files.h"
#include "core/project_config.h"
#include "lint/cache/check_cache.h"
#include "lint/discovery.h"
#include "lint/formats/formats.h"
#include "lint/links/project_index.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>
#include <optional>
#include <thread>
#include <vector>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;
using lint::FileResult;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// Standard input, up to the size a file may have (lint::kMaxFileBytes); nullopt past it, leaving
// the rest unread rather than holding all of it in memory.
std::optional<std::string> read_stdin_bounded() {
  std::string source;
  std::vector<char> buffer(64 * 1024);
  while (std::cin.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || std::cin.gcount() > 0) {
    source.append(buffer.data(), static_cast<std::size_t>(std::cin.gcount()));
    if (source.size() > lint::kMaxFileBytes) return std::nullopt;
  }
  return source;
}

}  // namespace

LintCommands::LintCommands(CLI::App& app) {
  validate_ = app.add_subcommand(
      "validate", "Check djust views (.py) and templates (.html) for mistakes; for editors, CI and pre-commit");
  validate_->add_option("paths", paths_, "Files and directories to check ('-' reads stdin); default: .");
  validate_->add_option("--format", format_, "Output format")
      ->check(CLI::IsMember(lint::output_format_names()))
      ->capture_default_str();
  validate_->add_option("--select", select_, "Only these rules (ids, prefixes such as V or DJ, or ALL)")
      ->delimiter(',')
      ->allow_extra_args(false)  // one value per flag, so paths after it stay paths
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  validate_->add_option("--extend-select", extend_select_, "Rules to add to the selection (e.g. off-by-default ones)")
      ->delimiter(',')
      ->allow_extra_args(false)  // one value per flag, so paths after it stay paths
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  validate_->add_option("--ignore", ignore_, "Rules to skip (ids or prefixes)")
      ->delimiter(',')
      ->allow_extra_args(false)  // one value per flag, so paths after it stay paths
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  validate_->add_flag("--fix", fix_, "Apply safe fixes in place and report what changed");
  validate_->add_flag("--statistics", statistics_, "Count findings per rule instead of listing them");
  validate_->add_flag("--preview", preview_, "Let prefixes, ALL and the default selection take in preview rules");
  validate_->add_flag("--show-source", show_source_, "Show the offending line under each finding");
  validate_->add_option("--stdin-filename", stdin_filename_,
                        "Name to report for '-' (its extension picks the language)");
  validate_->add_flag("--no-config", no_config_, "Ignore [tool.djust-mcp] in pyproject.toml");
  validate_->add_flag("--no-cache", no_cache_,
                      "Neither read nor write the project's result cache (.djust-mcp-cache/ beside manage.py)");
  validate_->footer(
      "Examples:\n  djust-mcp validate myapp/\n  djust-mcp validate --select V,S --format github .\n"
      "  git diff --name-only | xargs djust-mcp validate --fix\n"
      "Suppress one line with '# noqa' or '# noqa: V004,S001'. Settings: [tool.djust-mcp] in pyproject.toml\n"
      "(select, extend-select, ignore, exclude). Results of unchanged files are reused from .djust-mcp-cache/\n"
      "in the project (git-ignored; never changes the findings). Exit status: 0 clean, 1 findings, 2 usage or\n"
      "I/O error.");

  rules_ = app.add_subcommand("rules", "List the lint rules");
  rules_->add_flag("--json", rules_json_, "As JSON");
  rules_->footer(
      "Examples:\n  djust-mcp rules\n  djust-mcp rules --json\n"
      "Columns: id, name, severity, 'off' when not in the default selection, [*] when --fix repairs it,\n"
      "then the summary; preview and deprecated rules say so before it.");
  rule_ = app.add_subcommand("rule", "Explain one lint rule");
  rule_->add_option("id", rule_id_, "Rule id, e.g. V004")->required()->type_name(kRuleValue);
  rule_->footer("Example: djust-mcp rule V004");
}

std::optional<int> LintCommands::run() const {
  if (*validate_) return validate();
  if (*rules_) return list_rules();
  if (*rule_) return explain_rule();
  return std::nullopt;
}

int LintCommands::validate() const {
  lint::LintOptions options;
  std::vector<std::string> excludes;
  try {
    if (!no_config_) {
      if (auto config = core::load_project_config(fs::current_path())) {
        options.selection.select = config->select;
        options.selection.extend_select = config->extend_select;
        options.selection.ignore = config->ignore;
        excludes = config->exclude;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "djust-mcp: " << e.what() << "\n";
    return kExitUsage;
  }
  // The command line replaces the configured selection and adds to its exceptions.
  if (!select_.empty()) options.selection.select = select_;
  options.selection.extend_select.insert(options.selection.extend_select.end(), extend_select_.begin(),
                                         extend_select_.end());
  options.selection.ignore.insert(options.selection.ignore.end(), ignore_.begin(), ignore_.end());
  if (auto unknown = lint::unknown_selectors(options.selection); !unknown.empty()) {
    std::cerr << "djust-mcp: unknown rule selector '" << unknown.front() << "' (djust-mcp rules lists them)\n";
    return kExitUsage;
  }
  options.selection.preview = preview_;
  for (const auto& warning : lint::selection_warnings(options.selection)) std::cerr << "djust-mcp: " << warning << "\n";
  options.fix = fix_;

  std::vector<std::string> paths = paths_.empty() ? std::vector<std::string>{"."} : paths_;
  std::vector<FileResult> results;
  std::vector<std::string> file_paths;
  const bool read_stdin = std::find(paths.begin(), paths.end(), "-") != paths.end();
  std::erase(paths, "-");
  const auto discovery = lint::discover_files(paths, excludes);
  if (read_stdin) {
    auto source = read_stdin_bounded();
    if (!source) {
      std::cerr << "djust-mcp: -: standard input is larger than " << lint::kMaxFileBytes / (1024 * 1024)
                << " MiB, the limit for a file; not checked\n";
      return kExitUsage;
    }
    const auto language = lint::language_for(stdin_filename_).value_or(lint::Language::python);
    FileResult r = lint::lint_source(stdin_filename_, std::move(*source), language, options);
    results.push_back(std::move(r));
  }
  // A missing path is reported as an unreadable file is, in the chosen format, so that neither
  // "All checks passed" nor an empty JSON "errors" list can hide it; the other paths are still checked.
  results.insert(results.end(), discovery.errors.begin(), discovery.errors.end());
  // Views and templates link across the whole project, whichever of its files were named.
  if (!paths.empty()) options.project_root = lint::links::project_root_for(paths);
  std::optional<lint::CheckCache> cache;
  if (options.project_root && !no_cache_) {
    cache.emplace(*options.project_root,
                  lint::cache_key(options.selection, lint::links::read_project_settings(*options.project_root)));
    cache->load(lint::cache_file_for(*options.project_root, options.selection));
    options.cache = &*cache;
  }
  auto checked = lint::lint_files(discovery.files, options, std::max(1u, std::thread::hardware_concurrency()));
  for (std::size_t i = 0; i < checked.size(); ++i) {
    if (fix_ && !checked[i].fixes.empty()) {
      // A symlinked file is refused (core/files.h): a cloned repository must not steer --fix
      // elsewhere. The file it points to can be fixed by its own name.
      std::string error;
      if (!core::write_file_atomically(discovery.files[i].file, checked[i].source, error)) {
        // The file keeps its findings: report them as they are, not as the fixes would have left them.
        lint::LintOptions unfixed = options;
        unfixed.fix = false;
        checked[i] = std::move(lint::lint_files({discovery.files[i]}, unfixed, 1).front());
        checked[i].error = "--fix changed nothing: " + error;
      }
    }
    // A file the cache showed unchanged was not read; the code frames quote its lines.
    if (show_source_ && checked[i].source.empty() && !checked[i].findings.empty())
      checked[i].source = lint::read_source(discovery.files[i].file).text;
    results.push_back(std::move(checked[i]));
  }
  // A cache that cannot be written costs the next run time, not this one its results.
  if (std::string error; cache && !cache->save(lint::cache_file_for(*options.project_root, options.selection), error))
    std::cerr << "djust-mcp: warning: " << error << " (results are complete; --no-cache skips the cache)\n";
  // With --fix on stdin, the fixed source is the output (as formatters do).
  if (read_stdin && fix_) std::cout << results.front().source;

  const auto format = *lint::parse_output_format(format_);
  const lint::TextOptions text{color_enabled(STDOUT_FILENO) && format == lint::OutputFormat::text, show_source_,
                               statistics_};
  (read_stdin && fix_ ? std::cerr : std::cout) << lint::format_results(results, format, text);

  const bool io_error =
      std::any_of(results.begin(), results.end(), [](const FileResult& r) { return r.error.has_value(); });
  const bool findings =
      std::any_of(results.begin(), results.end(), [](const FileResult& r) { return !r.findings.empty(); });
  if (io_error) return kExitUsage;
  return findings ? kExitFindings : kExitClean;
}

int LintCommands::list_rules() const {
  if (rules_json_) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& rule : lint::all_rules()) {
      out.push_back({{"id", rule.doc.id},
                     {"name", rule.doc.name},
                     {"severity", lint::severity_name(rule.severity)},
                     {"category", rule.category},
                     {"lifecycle", lint::lifecycle_name(rule.lifecycle)},
                     {"scope", lint::scope_name(rule.scope)},
                     {"default", rule.doc.default_enabled},
                     {"fixable", rule.doc.fixable},
                     {"summary", rule.doc.summary}});
    }
    std::cout << out.dump(2) << "\n";
    return kExitClean;
  }
  for (const auto& rule : lint::all_rules()) {
    const lint::RuleDoc& doc = rule.doc;
    std::string id(doc.id);
    std::string name(doc.name);
    id.resize(6, ' ');
    name.resize(26, ' ');
    std::string severity(lint::severity_name(rule.severity));
    severity.resize(8, ' ');
    const std::string lifecycle =
        rule.lifecycle == lint::Lifecycle::stable ? "" : "(" + std::string(lint::lifecycle_name(rule.lifecycle)) + ") ";
    std::cout << id << name << severity << (doc.default_enabled ? "   " : "off") << (doc.fixable ? " [*] " : "     ")
              << lifecycle << doc.summary << "\n";
  }
  return kExitClean;
}

int LintCommands::explain_rule() const {
  const lint::Rule* rule = lint::find_rule(rule_id_);
  if (!rule) {
    std::cerr << "djust-mcp: no rule '" << rule_id_ << "' (djust-mcp rules lists them)\n";
    return kExitUsage;
  }
  const lint::RuleDoc& doc = rule->doc;
  std::cout << doc.id << " (" << doc.name << "): " << doc.summary << "\n\n"
            << "Severity: " << lint::severity_name(rule->severity) << "; category: " << rule->category
            << "; lifecycle: " << lint::lifecycle_name(rule->lifecycle)
            << (doc.default_enabled ? "" : "; off by default (enable with --extend-select " + std::string(doc.id) + ")")
            << (doc.fixable ? "; fixable with --fix" : "") << "\n";
  if (rule->lifecycle == lint::Lifecycle::preview)
    std::cout << "A preview rule: it runs when selected by its id, or with --preview.\n";
  if (rule->lifecycle == lint::Lifecycle::deprecated)
    std::cout << "Deprecated: it runs only when selected by its id, and will be removed.\n";
  if (rule->djust_check) std::cout << "Same condition as djust's system check djust." << doc.id << ".\n";
  std::cout << "\n"
            << doc.explanation << "\n\nInstead of:\n\n"
            << doc.bad_example << "\nwrite:\n\n"
            << doc.good_example << "\nFix: " << doc.fix_hint << "\n";
  return kExitClean;
}

}  // namespace djust::cli
