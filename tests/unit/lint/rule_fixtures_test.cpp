// Every rule has fixtures in tests/rules/<ID>/: bad.py must give exactly the findings listed in
// bad.expected (one "LINE:COL: ID message" per line, only that rule selected), and good.py must
// give none with every rule selected: idiomatic djust code is never flagged. Rules that link files
// have folders instead (bad/, good_*/): a small project checked as a whole, its expected lines
// prefixed with the file's path in the folder.
//
// The examples in each rule's documentation (`djust-mcp rule ID`) are checked the same way: the
// bad one, a complete file linted as written, gives exactly example.expected, the good one
// nothing. For a fixable rule, what --fix makes of a bad file is snapshotted next to it
// (bad.fixed.py, example.fixed.py). DJUST_MCP_UPDATE_SNAPSHOTS=1 rewrites the .expected and
// .fixed files from what the rules report now (like ruff's insta snapshots): review the diff.
#include "lint/discovery.h"
#include "lint/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace djust::lint;

namespace {

const fs::path kFixtures = DJUST_RULE_FIXTURES_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool updating_snapshots() {
  const char* value = std::getenv("DJUST_MCP_UPDATE_SNAPSHOTS");
  return value && std::string_view(value) == "1";
}

// Compares `actual` with a snapshot file, or (in update mode) rewrites the file.
void check_snapshot(const fs::path& file, const std::string& actual) {
  if (updating_snapshots()) {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  REQUIRE_MESSAGE(fs::exists(file), file.string() << " is missing (DJUST_MCP_UPDATE_SNAPSHOTS=1 writes it)");
  CHECK_MESSAGE(read(file) == actual, file.string() << " differs (DJUST_MCP_UPDATE_SNAPSHOTS=1 rewrites it)");
}

// Snapshot files live next to the fixtures but are not fixtures themselves.
bool is_snapshot(const std::string& name) {
  return name.starts_with("example") || name.find(".fixed.") != std::string::npos;
}

// The rule's own selection plus `base`: preview and deprecated rules run only when named.
std::vector<std::string> with_rule(std::vector<std::string> base, const Rule& rule) {
  base.emplace_back(rule.doc.id);
  return base;
}

std::string render(const FileResult& result) {
  std::string out;
  if (result.error) out += "error: " + *result.error + "\n";
  for (const auto& f : result.findings)
    out +=
        std::to_string(f.span.line) + ":" + std::to_string(f.span.column) + ": " + f.rule_id + " " + f.message + "\n";
  return out;
}

FileResult lint_with(const fs::path& file, std::vector<std::string> select, bool fix = false) {
  LintOptions options;
  options.selection.select = std::move(select);
  options.fix = fix;
  return lint_file(file, file.filename().string(), options);
}

FileResult lint_text_with(const std::string& name, std::string_view text, std::vector<std::string> select,
                          bool fix = false) {
  LintOptions options;
  options.selection.select = std::move(select);
  options.fix = fix;
  return lint_source(name, std::string(text), *language_for(name), options);
}

// The findings as expected files write them, and the rule ids among them.
bool only_rule(const std::string& rendered, std::string_view id) {
  if (rendered.empty()) return false;
  for (std::size_t at = 0; at < rendered.size(); at = rendered.find('\n', at) + 1) {
    const std::size_t colon = rendered.find(": ", at);
    if (colon == std::string::npos || rendered.compare(colon + 2, id.size() + 1, std::string(id) + " ") != 0)
      return false;
  }
  return true;
}

// A template example starts with markup or a template tag; anything else is a Python module.
std::string example_file_name(std::string_view example) {
  const std::size_t first = example.find_first_not_of(" \n");
  return first != std::string_view::npos && (example[first] == '<' || example[first] == '{') ? "example.html"
                                                                                             : "example.py";
}

std::string lint_project_with(const fs::path& dir, std::vector<std::string> select) {
  LintOptions options;
  options.selection.select = std::move(select);
  options.project_root = dir;
  auto files = discover_files({dir.string()}, {}).files;
  for (auto& f : files) f.display_path = f.file.lexically_relative(dir).generic_string();
  std::sort(files.begin(), files.end(),
            [](const FileToLint& a, const FileToLint& b) { return a.display_path < b.display_path; });
  std::string out;
  for (const auto& result : lint_files(files, options, 2)) {
    std::string rendered = render(result);
    for (std::size_t at = 0; at < rendered.size(); at = rendered.find('\n', at) + 1)
      rendered.insert(at, result.path + ":");
    out += rendered;
  }
  return out;
}

}  // namespace

TEST_CASE("rule fixtures: every rule has a fixture folder and every folder is a rule") {
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(kFixtures))
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  std::set<std::string> ids;
  for (const auto& rule : all_rules()) ids.insert(std::string(rule.doc.id));
  CHECK(folders == ids);
}

TEST_CASE("rule fixtures: bad files give exactly the expected findings, good files none") {
  for (const auto& rule : all_rules()) {
    const std::string id(rule.doc.id);
    const fs::path dir = kFixtures / id;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const fs::path file = entry.path();
      const std::string name = file.filename().string();
      if (is_snapshot(name)) continue;
      if (entry.is_directory()) {
        SUBCASE((id + "/" + name + "/").c_str()) {
          if (name.starts_with("bad")) {
            const fs::path expected = dir / (name + ".expected");
            REQUIRE_MESSAGE(fs::exists(expected), expected.string() << " is missing");
            check_snapshot(expected, lint_project_with(file, {id}));
            CHECK(read(expected).find(": " + id + " ") != std::string::npos);
          } else {
            CHECK_MESSAGE(name.starts_with("good"), file.string() << " must be named bad* or good*");
            CHECK(lint_project_with(file, with_rule({"ALL"}, rule)) == "");
          }
        }
        continue;
      }
      if (!language_for(file)) continue;
      SUBCASE((id + "/" + name).c_str()) {
        if (name.starts_with("bad")) {
          const fs::path expected = fs::path(file).replace_extension(".expected");
          check_snapshot(expected, render(lint_with(file, {id})));
          // The bad fixture must really exercise the rule.
          CHECK(read(expected).find(": " + id + " ") != std::string::npos);
          const fs::path fixed = fs::path(file).replace_extension(".fixed" + file.extension().string());
          if (rule.doc.fixable) {
            check_snapshot(fixed, lint_with(file, {id}, true).source);
          } else {
            CHECK_MESSAGE(!fs::exists(fixed), fixed.string() << " is left from when " << id << " was fixable");
          }
        } else {
          CHECK_MESSAGE(name.starts_with("good"), file.string() << " must be named bad*.py or good*.py");
          CHECK(render(lint_with(file, with_rule({"ALL"}, rule))) == "");
        }
      }
    }
  }
}

TEST_CASE("rule docs: the bad example gives exactly its documented findings, the good one none") {
  for (const auto& rule : all_rules()) {
    const std::string id(rule.doc.id);
    const fs::path dir = kFixtures / id;
    SUBCASE(id.c_str()) {
      // Linted as written with every rule on: the example teaches this rule and nothing else.
      const std::string bad_name = example_file_name(rule.doc.bad_example);
      const FileResult bad = lint_text_with(bad_name, rule.doc.bad_example, with_rule({"ALL"}, rule));
      const std::string rendered = render(bad);
      CHECK_MESSAGE(only_rule(rendered, id), id << "'s bad example must give its findings and no other:\n" << rendered);
      check_snapshot(dir / "example.expected", rendered);

      const std::string good_name = example_file_name(rule.doc.good_example);
      CHECK_MESSAGE(render(lint_text_with(good_name, rule.doc.good_example, with_rule({"ALL"}, rule))) == "",
                    id << "'s good example must give no finding");

      const fs::path fixed = dir / ("example.fixed" + fs::path(bad_name).extension().string());
      const bool has_fix =
          std::any_of(bad.findings.begin(), bad.findings.end(), [](const Finding& f) { return f.fix.has_value(); });
      CHECK_MESSAGE(has_fix == rule.doc.fixable, id << ": the bad example's findings carry a fix exactly when "
                                                       "the rule is fixable");
      if (rule.doc.fixable) {
        const FileResult after = lint_text_with(bad_name, rule.doc.bad_example, with_rule({"ALL"}, rule), true);
        check_snapshot(fixed, after.source);
        CHECK_MESSAGE(render(after).find(": " + id + " ") == std::string::npos, id << "'s fix leaves findings");
      } else {
        CHECK_MESSAGE(!fs::exists(fixed), fixed.string() << " is left from when " << id << " was fixable");
      }
    }
  }
}
