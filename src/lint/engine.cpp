#include "lint/engine.h"

#include "core/text.h"
#include "lint/html/rules/template_rule.h"
#include "lint/python/rules/python_rule.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <thread>

namespace djust::lint {
namespace {

// Syntax errors are reported by the engine itself, but documented and selectable like a rule.
const RuleDoc& syntax_error_doc() {
  static const RuleDoc doc{
      .id = "DJ000",
      .name = "syntax-error",
      .severity = Severity::error,
      .default_enabled = true,
      .summary = "The file does not parse",
      .explanation =
          "The source is not valid Python (or the template is not well-formed), so no other rule can "
          "check it. The finding points at the first place the parser gave up.",
      .bad_example = "def mount(self, request **kwargs):\n",
      .good_example = "def mount(self, request, **kwargs):\n",
      .fix_hint =
          "Fix the syntax at the reported line; Python's own error (python -m py_compile FILE) gives "
          "more detail."};
  return doc;
}

// Trees deeper than this are refused: real code is far shallower, and CPython itself rejects
// sources nested a few hundred levels deep.
constexpr std::uint32_t kMaxTreeDepth = 1000;

bool matches_selector(std::string_view selector, std::string_view id) {
  return selector == "ALL" || id.starts_with(selector);
}

// A rule id as written in a noqa list: letters, then digits (V004, DJ002).
bool looks_like_rule_id(std::string_view token) {
  std::size_t i = 0;
  while (i < token.size() && std::isalpha(static_cast<unsigned char>(token[i]))) ++i;
  if (i == 0 || i == token.size()) return false;
  return std::all_of(token.begin() + static_cast<std::ptrdiff_t>(i), token.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// `# noqa` (every rule) or `# noqa: V004, S001` on a line; a nullopt set means every rule.
std::map<std::uint32_t, std::optional<std::set<std::string>>> noqa_lines(std::string_view source) {
  std::map<std::uint32_t, std::optional<std::set<std::string>>> out;
  std::uint32_t line = 1;
  for (std::size_t start = 0; start <= source.size(); ++line) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    const std::string_view text = source.substr(start, end - start);
    start = end + 1;
    for (std::size_t hash = text.find('#'); hash != std::string_view::npos; hash = text.find('#', hash + 1)) {
      std::size_t i = text.find_first_not_of(' ', hash + 1);
      if (i == std::string_view::npos || !core::starts_with_icase(text.substr(i), "noqa")) continue;
      i += 4;
      std::set<std::string> ids;
      if (i < text.size() && text[i] == ':') {
        for (std::size_t j = i + 1;;) {
          j = text.find_first_not_of(" ,\t", j);
          if (j == std::string_view::npos) break;
          std::size_t k = j;
          while (k < text.size() && std::isalnum(static_cast<unsigned char>(text[k]))) ++k;
          const std::string_view token = text.substr(j, k - j);
          if (!looks_like_rule_id(token)) break;  // the rest of the comment is prose
          std::string id(token);
          std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
          ids.insert(id);
          j = k;
        }
      }
      auto it = out.find(line);
      if (ids.empty()) {
        out[line] = std::nullopt;  // a bare noqa silences everything on the line
      } else if (it == out.end()) {
        out[line] = std::move(ids);
      } else if (it->second) {
        it->second->insert(ids.begin(), ids.end());
      }
    }
  }
  return out;
}

void sort_findings(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.span.line, a.span.column, a.rule_id) < std::tie(b.span.line, b.span.column, b.rule_id);
  });
}

std::vector<Finding> check_python(const std::string& source, const RuleSelection& selection,
                                  std::optional<std::string>& error) {
  std::vector<Finding> findings;
  python::SyntaxTree tree = python::parse(source);
  if (auto where = tree.first_error()) {
    if (selection.enabled(syntax_error_doc())) {
      Reporter(syntax_error_doc(), findings)
          .report({where->line, where->column, where->line, where->column + 1}, "invalid Python syntax");
    }
    return findings;  // rules on a broken tree would only guess
  }
  std::vector<const python::PythonRule*> rules;
  for (const auto* rule : python::python_rules())
    if (selection.enabled(rule->doc)) rules.push_back(rule);
  if (rules.empty()) return findings;  // a syntax check needs no model
  const python::Module module(std::move(tree));
  if (module.depth() > kMaxTreeDepth) {
    error = "nested more than " + std::to_string(kMaxTreeDepth) + " levels deep; not checked";
    return findings;
  }
  for (const auto* rule : rules) {
    Reporter reporter(rule->doc, findings);
    rule->check(module, reporter);
  }
  return findings;
}

std::vector<Finding> check_template(const std::string& source, const RuleSelection& selection,
                                    std::optional<std::string>& error) {
  std::vector<Finding> findings;
  std::vector<const html::TemplateRule*> rules;
  for (const auto* rule : html::template_rules())
    if (selection.enabled(rule->doc)) rules.push_back(rule);
  if (rules.empty()) return findings;
  const html::Template document(source);
  if (document.depth() > kMaxTreeDepth) {
    error = "nested more than " + std::to_string(kMaxTreeDepth) + " levels deep; not checked";
    return findings;
  }
  for (const auto* rule : rules) {
    Reporter reporter(rule->doc, findings);
    rule->check(document, reporter);
  }
  return findings;
}

std::vector<Finding> check(const std::string& source, Language language, const RuleSelection& selection,
                           std::optional<std::string>& error) {
  switch (language) {
    case Language::python:
      return check_python(source, selection, error);
    case Language::html:
      return check_template(source, selection, error);
  }
  return {};
}

}  // namespace

bool RuleSelection::enabled(const RuleDoc& doc) const {
  auto any = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(),
                       [&](const std::string& s) { return matches_selector(s, doc.id); });
  };
  if (any(ignore) && doc.id != "DJ000") return false;
  const bool selected = select.empty() ? doc.default_enabled : any(select);
  return selected || any(extend_select) || doc.id == "DJ000";
}

std::vector<const RuleDoc*> all_rules() {
  std::vector<const RuleDoc*> docs = {&syntax_error_doc()};
  for (const auto* rule : python::python_rules()) docs.push_back(&rule->doc);
  for (const auto* rule : html::template_rules()) docs.push_back(&rule->doc);
  return docs;
}

const RuleDoc* find_rule(std::string_view id) {
  for (const auto* doc : all_rules())
    if (core::starts_with_icase(doc->id, id) && doc->id.size() == id.size()) return doc;
  return nullptr;
}

std::vector<std::string> unknown_selectors(const RuleSelection& selection) {
  std::vector<std::string> unknown;
  for (const auto* list : {&selection.select, &selection.extend_select, &selection.ignore}) {
    for (const auto& s : *list) {
      const auto docs = all_rules();
      if (!std::any_of(docs.begin(), docs.end(), [&](const RuleDoc* d) { return matches_selector(s, d->id); }))
        unknown.push_back(s);
    }
  }
  return unknown;
}

std::optional<Language> language_for(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".py" || ext == ".pyi") return Language::python;
  if (ext == ".html" || ext == ".htm") return Language::html;
  return std::nullopt;
}

std::pair<std::string, std::vector<std::string>> apply_fixes(const std::string& source,
                                                             const std::vector<Finding>& findings) {
  std::vector<Edit> accepted;
  std::vector<std::string> descriptions;
  auto overlaps = [](const Edit& a, const Edit& b) {
    if (a.start_byte == a.end_byte && b.start_byte == b.end_byte) return a.start_byte == b.start_byte;
    return a.start_byte < b.end_byte && b.start_byte < a.end_byte;
  };
  for (const auto& finding : findings) {
    if (!finding.fix) continue;
    std::vector<Edit> fresh;
    bool conflict = false;
    for (const auto& edit : finding.fix->edits) {
      const bool shared = std::any_of(accepted.begin(), accepted.end(), [&](const Edit& e) {
        return e.start_byte == edit.start_byte && e.end_byte == edit.end_byte && e.replacement == edit.replacement;
      });
      if (shared) continue;
      conflict =
          conflict || std::any_of(accepted.begin(), accepted.end(), [&](const Edit& e) { return overlaps(e, edit); });
    }
    if (conflict) continue;  // a later pass may apply it
    for (const auto& edit : finding.fix->edits) {
      const bool shared = std::any_of(accepted.begin(), accepted.end(), [&](const Edit& e) {
        return e.start_byte == edit.start_byte && e.end_byte == edit.end_byte && e.replacement == edit.replacement;
      });
      if (!shared) fresh.push_back(edit);
    }
    accepted.insert(accepted.end(), fresh.begin(), fresh.end());
    descriptions.push_back(finding.fix->description);
  }
  std::sort(accepted.begin(), accepted.end(), [](const Edit& a, const Edit& b) { return a.start_byte > b.start_byte; });
  std::string out = source;
  for (const auto& edit : accepted) out.replace(edit.start_byte, edit.end_byte - edit.start_byte, edit.replacement);
  return {out, descriptions};
}

FileResult lint_source(std::string path, std::string source, Language language, const LintOptions& options) {
  FileResult result{std::move(path), std::move(source), {}, {}, {}};
  // Fixes can enable further fixes (a new @event_handler makes V007 apply), so repeat a few times.
  constexpr int kMaxFixPasses = 4;
  for (int pass = 0;; ++pass) {
    result.findings = check(result.source, language, options.selection, result.error);
    if (result.error || !options.fix || pass == kMaxFixPasses) break;
    auto [fixed, applied] = apply_fixes(result.source, result.findings);
    if (applied.empty()) break;
    result.source = std::move(fixed);
    result.fixes.insert(result.fixes.end(), applied.begin(), applied.end());
  }
  const auto noqa = noqa_lines(result.source);
  std::erase_if(result.findings, [&](const Finding& f) {
    auto it = noqa.find(f.span.line);
    return it != noqa.end() && (!it->second || it->second->count(f.rule_id));
  });
  sort_findings(result.findings);
  return result;
}

FileResult lint_file(const std::filesystem::path& file, std::string display_path, const LintOptions& options) {
  auto failed = [&](std::string message) {
    FileResult r;
    r.path = display_path;
    r.error = std::move(message);
    return r;
  };
  const auto language = language_for(file);
  if (!language) return failed("not a file type djust-mcp checks (.py, .html)");
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return failed("cannot read: " + ec.message());
  if (size > kMaxFileBytes)
    return failed("larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB (" +
                  std::to_string(size / (1024 * 1024)) + " MiB); not checked");
  std::ifstream in(file, std::ios::binary);
  if (!in) return failed("cannot open for reading");
  std::string source(static_cast<std::size_t>(size), '\0');
  in.read(source.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size) && !in.eof()) return failed("read error");
  source.resize(static_cast<std::size_t>(in.gcount()));
  if (source.find('\0') != std::string::npos) return failed("binary file (contains NUL bytes); not checked");
  if (!core::is_valid_utf8(source)) return failed("not valid UTF-8; not checked");
  return lint_source(std::move(display_path), std::move(source), *language, options);
}

std::vector<FileResult> lint_files(const std::vector<FileToLint>& files, const LintOptions& options, unsigned threads) {
  std::vector<FileResult> results(files.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      try {
        results[i] = lint_file(files[i].file, files[i].display_path, options);
      } catch (const std::exception& e) {
        results[i].path = files[i].display_path;
        results[i].error = std::string("internal error: ") + e.what();
      }
    }
  };
  const unsigned count = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(files.size())));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < count; ++t) pool.emplace_back(work);
  work();
  return results;
}

}  // namespace djust::lint
