#include "lint/engine.h"

#include "core/text.h"
#include "core/unique_fd.h"
#include "lint/cache/check_cache.h"
#include "lint/discovery.h"
#include "lint/html/template.h"
#include "lint/python/model.h"
#include "lint/rule_table.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <set>
#include <thread>

namespace djust::lint {
namespace {

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
cache::NoqaLines noqa_lines(std::string_view source) {
  cache::NoqaLines out;
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

// What checking one text produced: findings, and the facts the linking rules need (when linking).
struct Checked {
  std::vector<Finding> findings;
  std::optional<links::FileFacts> facts;
};

// How one text is checked. `selection` null: only read its facts (a project file nobody asked
// to check, read for linking).
struct CheckRequest {
  const std::string& source;
  Language language;
  const RuleSelection* selection;
  bool linking;
  const std::filesystem::path& file;  // absolute, or empty for text not on disk
  std::string module_name;
  const python::ProjectKinds& project_kinds;  // classes whose bases are in other modules
  const links::ProjectSettings& settings;
};

// The rules of that scope the selection turns on (none without a selection).
std::vector<const Rule*> enabled_rules(const RuleSelection* selection, RuleScope scope) {
  std::vector<const Rule*> rules;
  if (!selection) return rules;
  for (const auto& rule : all_rules())
    if (rule.scope == scope && selection->enabled(rule)) rules.push_back(&rule);
  return rules;
}

std::vector<const Rule*> enabled_template_rules(const RuleSelection* selection) {
  return enabled_rules(selection, RuleScope::template_file);
}

void run_template_rules(const html::Template& document, const std::vector<const Rule*>& rules,
                        std::vector<Finding>& findings) {
  for (const auto* rule : rules) {
    Reporter reporter(*rule, findings);
    std::get<TemplateCheck>(rule->check)(document, reporter);
  }
}

// Template rules on each inline `template = "..."`, reported in the Python file; their facts.
std::vector<std::pair<std::string, links::TemplateFacts>> check_inline_templates(const python::Module& module,
                                                                                 const CheckRequest& request,
                                                                                 std::vector<Finding>& findings) {
  std::vector<std::pair<std::string, links::TemplateFacts>> facts;
  const auto rules = enabled_template_rules(request.selection);
  if (rules.empty() && !request.linking) return facts;
  for (const auto& inline_template : links::inline_templates(module)) {
    const html::Template document(inline_template.text);
    if (document.depth() > kMaxTreeDepth) continue;
    std::vector<Finding> found;
    run_template_rules(document, rules, found);
    for (auto& f : found) {
      f.span = links::to_python_span(inline_template, f.span);
      f.fix.reset();  // its byte offsets are the template's, not the file's
      findings.push_back(std::move(f));
    }
    if (!request.linking) continue;
    links::TemplateFacts template_facts = links::read_template_facts(document);
    for (auto& call : template_facts.handler_calls) call.span = links::to_python_span(inline_template, call.span);
    if (template_facts.live_attribute)
      template_facts.live_attribute->span = links::to_python_span(inline_template, template_facts.live_attribute->span);
    if (template_facts.view_marker)
      template_facts.view_marker = links::to_python_span(inline_template, *template_facts.view_marker);
    for (auto& path : template_facts.view_paths) path.span = links::to_python_span(inline_template, path.span);
    if (template_facts.unfilled_root)
      template_facts.unfilled_root = links::to_python_span(inline_template, *template_facts.unfilled_root);
    facts.emplace_back(inline_template.class_name, std::move(template_facts));
  }
  return facts;
}

Checked check_python(const CheckRequest& request, std::optional<std::string>& error) {
  Checked out;
  python::SyntaxTree tree = python::parse(request.source);
  if (auto where = tree.first_error()) {
    if (request.selection && request.selection->enabled(syntax_error_rule())) {
      Reporter(syntax_error_rule(), out.findings)
          .report({where->line, where->column, where->line, where->column + 1}, "invalid Python syntax");
    }
    return out;  // rules on a broken tree would only guess
  }
  const auto rules = enabled_rules(request.selection, RuleScope::python);
  if (rules.empty() && !request.linking && enabled_template_rules(request.selection).empty())
    return out;  // a syntax check needs no model
  const python::Module module(std::move(tree), request.project_kinds);
  if (module.depth() > kMaxTreeDepth) {
    error = "nested more than " + std::to_string(kMaxTreeDepth) + " levels deep; not checked";
    return out;
  }
  for (const auto* rule : rules) {
    Reporter reporter(*rule, out.findings);
    if (const auto* check = std::get_if<PythonSettingsCheck>(&rule->check))
      (*check)(module, request.settings, reporter);
    else
      std::get<PythonCheck>(rule->check)(module, reporter);
  }
  auto inline_facts = check_inline_templates(module, request, out.findings);
  if (request.linking) {
    out.facts.emplace().file = request.file;
    out.facts->template_dirs = links::read_template_dirs(module);
    out.facts->classes = links::read_class_facts(module, request.module_name, std::move(inline_facts));
    out.facts->module = request.module_name;
    out.facts->imports = links::read_imports(module, request.module_name, request.file.filename() == "__init__.py");
    out.facts->star_imports = module.has_star_imports();
  }
  return out;
}

Checked check_template(const CheckRequest& request, std::optional<std::string>& error) {
  Checked out;
  const auto rules = enabled_template_rules(request.selection);
  if (rules.empty() && !request.linking) return out;
  const html::Template document(request.source);
  if (document.depth() > kMaxTreeDepth) {
    error = "nested more than " + std::to_string(kMaxTreeDepth) + " levels deep; not checked";
    return out;
  }
  run_template_rules(document, rules, out.findings);
  if (request.linking) {
    out.facts.emplace().file = request.file;
    out.facts->template_facts = links::read_template_facts(document);
  }
  return out;
}

Checked check(const CheckRequest& request, std::optional<std::string>& error) {
  switch (request.language) {
    case Language::python:
      return check_python(request, error);
    case Language::html:
      return check_template(request, error);
  }
  return {};
}

// Files are linked when a project rule runs, or when per-file Python rules run in a project: they
// need the index to know a class whose base is in another module.
bool linking_enabled(const LintOptions& options) {
  return !enabled_rules(&options.selection, RuleScope::project).empty() ||
         (options.project_root && !enabled_rules(&options.selection, RuleScope::python).empty());
}

// One file's text checked with fixes applied (when asked), and its facts; no noqa yet.
struct FileCheck {
  FileResult result;
  std::optional<links::FileFacts> facts;
  // Set when the file was not read, as the cache vouched for it: its `# noqa` comments (the
  // result's source is then empty).
  std::optional<cache::NoqaLines> unread_noqa;
};

FileCheck check_text(std::string path, std::string source, Language language, const std::filesystem::path& file,
                     std::string module_name, const LintOptions& options, const links::ProjectSettings& settings,
                     const python::ProjectKinds& project_kinds = {}) {
  FileCheck out{{std::move(path), std::move(source), {}, {}, {}}, std::nullopt, std::nullopt};
  const bool linking = linking_enabled(options);
  // Fixes can enable further fixes (a new @event_handler makes V007 apply), so repeat a few times.
  constexpr int kMaxFixPasses = 4;
  for (int pass = 0;; ++pass) {
    Checked checked =
        check({out.result.source, language, &options.selection, linking, file, module_name, project_kinds, settings},
              out.result.error);
    out.result.findings = std::move(checked.findings);
    out.facts = std::move(checked.facts);
    if (out.result.error || !options.fix || pass == kMaxFixPasses) break;
    auto [fixed, applied] = apply_fixes(out.result.source, out.result.findings);
    if (applied.empty()) break;
    out.result.source = std::move(fixed);
    out.result.fixes.insert(out.result.fixes.end(), applied.begin(), applied.end());
  }
  return out;
}

void run_project_rules(const links::FileFacts& facts, const links::ProjectIndex& index, const RuleSelection& selection,
                       std::vector<Finding>& findings) {
  for (const auto* rule : enabled_rules(&selection, RuleScope::project)) {
    Reporter reporter(*rule, findings);
    std::get<ProjectCheck>(rule->check)(facts, index, reporter);
  }
}

void finish(FileResult& result, const std::optional<cache::NoqaLines>& unread_noqa = std::nullopt) {
  const cache::NoqaLines parsed = unread_noqa ? cache::NoqaLines{} : noqa_lines(result.source);
  const cache::NoqaLines& noqa = unread_noqa ? *unread_noqa : parsed;
  std::erase_if(result.findings, [&](const Finding& f) {
    auto it = noqa.find(f.span.line);
    return it != noqa.end() && (!it->second || it->second->count(f.rule_id));
  });
  sort_findings(result.findings);
}

std::filesystem::path absolute_path(const std::filesystem::path& file) {
  std::error_code ec;
  return std::filesystem::absolute(file, ec).lexically_normal();
}

FileCheck check_file(const FileToLint& input, const LintOptions& options, const std::filesystem::path& root,
                     const links::ProjectSettings& settings) {
  const std::filesystem::path& file = input.file;
  std::string display_path = input.display_path;
  const auto language = language_for(file);
  if (!language) {
    FileCheck out;
    out.result.path = std::move(display_path);
    out.result.error = "not a file type djust-mcp checks (.py, .html)";
    return out;
  }
  const auto absolute = absolute_path(file);
  // Fixes change the text checked; given text is not the file's.
  CheckCache* cache = options.fix || input.text ? nullptr : options.cache;
  const FileStamp stamp = cache ? stamp_of(absolute) : FileStamp{};  // before reading: a later write shows
  if (cache)
    if (auto hit = cache->find_unread(absolute, stamp, true); hit && hit->noqa)
      return {{std::move(display_path), {}, std::move(*hit->findings), {}, std::move(hit->error)},
              std::move(hit->facts),
              std::move(hit->noqa)};
  SourceText read = input.text ? SourceText{*input.text, std::nullopt} : read_source(file);
  if (read.error) {
    FileCheck out;
    out.result.path = std::move(display_path);
    out.result.error = std::move(read.error);
    return out;
  }
  if (cache)
    if (auto hit = cache->find(absolute, stamp, read.text, true))
      return {{std::move(display_path), std::move(read.text), std::move(*hit->findings), {}, std::move(hit->error)},
              std::move(hit->facts),
              std::nullopt};
  FileCheck out = check_text(std::move(display_path), std::move(read.text), *language, absolute,
                             links::module_name_for(root, absolute), options, settings);
  if (cache)
    cache->store(absolute, stamp, out.result.source,
                 {out.result.findings, out.facts, out.result.error, noqa_lines(out.result.source)});
  return out;
}

}  // namespace

bool RuleSelection::enabled(const Rule& rule) const {
  if (rule.scope == RuleScope::syntax) return true;  // a file that does not parse always says so
  const std::string_view id = rule.doc.id;
  auto any = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(),
                       [&](const std::string& s) { return matches_selector(s, id); });
  };
  auto exact = [&](const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(), [&](const std::string& s) { return s == id; });
  };
  if (any(ignore)) return false;
  if (rule.lifecycle == Lifecycle::deprecated || (rule.lifecycle == Lifecycle::preview && !preview))
    return exact(select) || exact(extend_select);
  const bool selected = select.empty() ? rule.doc.default_enabled : any(select);
  return selected || any(extend_select);
}

std::vector<std::string> selection_warnings(const RuleSelection& selection, const std::vector<Rule>& rules) {
  std::vector<std::string> warnings;
  for (const auto& rule : rules)
    if (rule.lifecycle == Lifecycle::deprecated && selection.enabled(rule))
      warnings.push_back("rule " + std::string(rule.doc.id) + " (" + std::string(rule.doc.name) +
                         ") is deprecated and will be removed; `djust-mcp rule " + std::string(rule.doc.id) +
                         "` says what replaces it");
  return warnings;
}

std::vector<std::string> unknown_selectors(const RuleSelection& selection) {
  std::vector<std::string> unknown;
  for (const auto* list : {&selection.select, &selection.extend_select, &selection.ignore}) {
    for (const auto& s : *list) {
      const auto& rules = all_rules();
      if (!std::any_of(rules.begin(), rules.end(), [&](const Rule& r) { return matches_selector(s, r.doc.id); }))
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

SourceText read_source(const std::filesystem::path& file) {
  auto failed = [](std::string message) { return SourceText{{}, std::move(message)}; };
  auto cannot_read = [&](int error) { return failed("cannot read: " + std::generic_category().message(error)); };
  // Plain open/read (an ifstream costs a buffer and several calls more): `validate` reads every
  // file of the project. Non-blocking, so a FIFO does not stall the open; it is refused below.
  const core::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  struct stat info {};
  if (!fd || ::fstat(fd.get(), &info) != 0) {
    if (::stat(file.c_str(), &info) != 0) return cannot_read(errno);
    if (!S_ISREG(info.st_mode)) return cannot_read(S_ISDIR(info.st_mode) ? EISDIR : ENOTSUP);
    return failed("cannot open for reading");
  }
  if (!S_ISREG(info.st_mode)) return cannot_read(S_ISDIR(info.st_mode) ? EISDIR : ENOTSUP);
  const auto size = static_cast<std::uintmax_t>(info.st_size);
  if (size > kMaxFileBytes)
    return failed("larger than " + std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB (" +
                  std::to_string(size / (1024 * 1024)) + " MiB); not checked");
  std::string source(static_cast<std::size_t>(size), '\0');
  std::size_t got = 0;
  while (got < source.size()) {  // a file that shrank meanwhile ends early
    const ssize_t n = ::read(fd.get(), source.data() + got, source.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("read error");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  source.resize(got);
  if (source.find('\0') != std::string::npos) return failed("binary file (contains NUL bytes); not checked");
  if (!core::is_valid_utf8(source)) return failed("not valid UTF-8; not checked");
  return {std::move(source), std::nullopt};
}

FileResult lint_source(std::string path, std::string source, Language language, const LintOptions& options) {
  // Python on its own is a one-file project: the settings it assigns apply, its module is its name.
  links::ProjectSettings settings =
      language == Language::python ? links::read_settings_text(source) : links::ProjectSettings{};
  std::string module_name = language == Language::python ? std::filesystem::path(path).stem().string() : "";
  FileCheck checked =
      check_text(std::move(path), std::move(source), language, {}, std::move(module_name), options, settings);
  if (checked.facts) {
    std::vector<links::FileFacts> files;
    files.push_back(std::move(*checked.facts));
    const links::ProjectIndex index({}, std::move(files), std::move(settings));
    run_project_rules(index.files().front(), index, options.selection, checked.result.findings);
  }
  finish(checked.result);
  return std::move(checked.result);
}

FileResult lint_file(const std::filesystem::path& file, std::string display_path, const LintOptions& options) {
  return std::move(lint_files({{file, std::move(display_path)}}, options, 1).front());
}

namespace {

// Runs work(i) for every i below count on up to `threads` threads.
template <typename Work>
void parallel_for(std::size_t count, unsigned threads, Work work) {
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    for (std::size_t i = next++; i < count; i = next++) work(i);
  };
  const unsigned workers = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(count)));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < workers; ++t) pool.emplace_back(run);
  run();
}

// The facts of a project file nobody asked to check; nullopt when it cannot be read.
std::optional<links::FileFacts> read_facts(const std::filesystem::path& file, const std::filesystem::path& root,
                                           CheckCache* cache) {
  const auto language = language_for(file);
  const auto absolute = absolute_path(file);
  const FileStamp stamp = cache ? stamp_of(absolute) : FileStamp{};  // before reading: a later write shows
  if (cache)
    if (auto hit = cache->find_unread(absolute, stamp, false)) return std::move(hit->facts);
  const SourceText read = read_source(file);
  if (!language || read.error) return std::nullopt;
  if (cache)
    if (auto hit = cache->find(absolute, stamp, read.text, false)) return std::move(hit->facts);
  std::optional<std::string> error;
  try {
    auto facts =
        check({read.text, *language, nullptr, true, absolute, links::module_name_for(root, absolute), {}, {}}, error)
            .facts;
    if (cache) cache->store(absolute, stamp, read.text, {std::nullopt, facts, error, std::nullopt});
    return facts;
  } catch (const std::exception&) {
    return std::nullopt;  // such a file only loses its links
  }
}

// Files not read yet when `stop` is requested are left out.
std::vector<links::FileFacts> read_project_facts(const std::filesystem::path& root,
                                                 const std::set<std::filesystem::path>& skip, unsigned threads,
                                                 CheckCache* cache, const std::stop_token& stop = {}) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : discover_files({root.string()}, {}).files)
    if (!skip.count(absolute_path(f.file))) files.push_back(f.file);
  std::vector<std::optional<links::FileFacts>> facts(files.size());
  parallel_for(files.size(), threads, [&](std::size_t i) {
    if (!stop.stop_requested()) facts[i] = read_facts(files[i], root, cache);
  });
  std::vector<links::FileFacts> out;
  for (auto& f : facts)
    if (f) out.push_back(std::move(*f));
  return out;
}

// What the index found the classes of one file to be, where the file alone could not tell.
python::ProjectKinds project_kinds(const links::FileFacts& facts, const links::ProjectIndex& index) {
  python::ProjectKinds kinds;
  for (const auto& c : facts.classes) {
    if (c.kind != python::ClassKind::unknown) continue;
    const auto kind = index.kind_of(c);
    if (kind == python::ClassKind::live_view || kind == python::ClassKind::live_component) kinds[c.name] = kind;
  }
  return kinds;
}

// The file checked again with `kinds`; from the cache when it holds that pass over the same text.
// A file the first pass took from the cache unread is read now, unless the cache has this pass too.
FileCheck check_with_kinds(const FileCheck& earlier, const std::filesystem::path& absolute,
                           const python::ProjectKinds& kinds, const LintOptions& options,
                           const std::filesystem::path& root, const links::ProjectSettings& settings) {
  CheckCache* cache = options.fix ? nullptr : options.cache;  // fixes change the text checked
  const FileResult& first = earlier.result;
  const bool unread = earlier.unread_noqa.has_value();
  if (cache)
    if (auto hit = cache->find_with_kinds(absolute, kinds, unread ? std::nullopt : std::optional(first.source));
        hit && hit->findings)
      return {{first.path, first.source, std::move(*hit->findings), {}, std::move(hit->error)},
              std::move(hit->facts),
              earlier.unread_noqa};
  std::string source = first.source;
  if (unread) {
    SourceText read = read_source(absolute);
    if (read.error) return {{first.path, {}, {}, {}, std::move(read.error)}, std::nullopt, std::nullopt};
    source = std::move(read.text);
  }
  FileCheck again = check_text(first.path, std::move(source), Language::python, absolute,
                               links::module_name_for(root, absolute), options, settings, kinds);
  if (cache)
    cache->store_with_kinds(absolute, again.result.source, kinds,
                            {again.result.findings, again.facts, again.result.error, std::nullopt});
  return again;
}

// A class whose base is in another module (`class Room(AppView)`) is unknown to the per-file
// rules, which then skip it. Once the index knows it is a LiveView or a component, its file is
// checked again with that knowledge; only such files pay for a second pass. When that pass
// applies fixes, the index is rebuilt so the linking rules see the fixed text.
void recheck_with_project_kinds(const std::vector<FileToLint>& files, const LintOptions& options,
                                const std::filesystem::path& root,
                                const std::vector<std::optional<std::size_t>>& position,
                                std::vector<FileCheck>& checked, std::optional<links::ProjectIndex>& index,
                                unsigned threads) {
  std::vector<std::pair<std::size_t, python::ProjectKinds>> pending;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!position[i] || language_for(files[i].file) != Language::python) continue;
    auto kinds = project_kinds(index->files()[*position[i]], *index);
    if (!kinds.empty()) pending.emplace_back(i, std::move(kinds));
  }
  std::atomic<bool> refixed{false};
  std::vector<char> rechecked(pending.size(), 0);
  parallel_for(pending.size(), threads, [&](std::size_t p) {
    const auto& [i, kinds] = pending[p];
    FileCheck& earlier = checked[i];
    const auto absolute = absolute_path(files[i].file);
    try {
      FileCheck again = check_with_kinds(earlier, absolute, kinds, options, root, index->settings());
      if (again.result.error || !again.facts) return;  // keep what the first pass found
      if (!again.result.fixes.empty()) refixed = true;
      earlier.result.fixes.insert(earlier.result.fixes.end(), again.result.fixes.begin(), again.result.fixes.end());
      earlier.result.source = std::move(again.result.source);
      earlier.unread_noqa = std::move(again.unread_noqa);
      earlier.result.findings = std::move(again.result.findings);
      earlier.facts = std::move(again.facts);
      rechecked[p] = 1;
    } catch (const std::exception&) {
      // The first pass's findings stand.
    }
  });
  if (!refixed) return;
  std::vector<links::FileFacts> all = index->files();
  for (std::size_t p = 0; p < pending.size(); ++p)
    if (rechecked[p]) all[*position[pending[p].first]] = *checked[pending[p].first].facts;
  links::ProjectSettings settings = index->settings();  // emplace destroys the old index first
  index.emplace(root, std::move(all), std::move(settings));
}

}  // namespace

std::optional<links::ProjectIndex> index_project(const std::filesystem::path& root, unsigned threads,
                                                 const std::stop_token& stop, CheckCache* cache) {
  const auto absolute = absolute_path(root);
  auto facts = read_project_facts(absolute, {}, threads, cache, stop);
  if (stop.stop_requested()) return std::nullopt;
  return links::ProjectIndex(absolute, std::move(facts), links::read_project_settings(absolute));
}

std::vector<FileResult> lint_files(const std::vector<FileToLint>& files, const LintOptions& options, unsigned threads) {
  const bool linking = linking_enabled(options);
  const std::filesystem::path root =
      options.project_root ? absolute_path(*options.project_root) : std::filesystem::path();
  links::ProjectSettings settings = root.empty() ? links::ProjectSettings{} : links::read_project_settings(root);
  std::vector<FileCheck> checked(files.size());
  parallel_for(files.size(), threads, [&](std::size_t i) {
    try {
      checked[i] = check_file(files[i], options, root, settings);
    } catch (const std::exception& e) {
      checked[i].result.path = files[i].display_path;
      checked[i].result.error = std::string("internal error: ") + e.what();
    }
  });

  if (linking) {
    // The checked files' facts come first in the index, in order, so position i is file i's.
    std::vector<links::FileFacts> all;
    std::vector<std::optional<std::size_t>> position(files.size());
    std::set<std::filesystem::path> asked;
    for (std::size_t i = 0; i < checked.size(); ++i) {
      asked.insert(absolute_path(files[i].file));
      if (!checked[i].facts) continue;
      position[i] = all.size();
      all.push_back(std::move(*checked[i].facts));
    }
    // The rest of the project is read for its facts only.
    if (options.project_root)
      for (auto& facts : read_project_facts(root, asked, threads, options.cache)) all.push_back(std::move(facts));
    std::optional<links::ProjectIndex> index;
    index.emplace(root, std::move(all), settings);
    // Second-pass findings depend on other files, so they are recomputed every run, never cached.
    if (options.project_root) recheck_with_project_kinds(files, options, root, position, checked, index, threads);
    for (std::size_t i = 0; i < checked.size(); ++i)
      if (position[i])
        run_project_rules(index->files()[*position[i]], *index, options.selection, checked[i].result.findings);
  }
  std::vector<FileResult> results;
  for (auto& c : checked) {
    finish(c.result, c.unread_noqa);
    results.push_back(std::move(c.result));
  }
  return results;
}

}  // namespace djust::lint
