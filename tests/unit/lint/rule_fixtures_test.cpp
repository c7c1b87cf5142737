// Every rule has fixtures in tests/rules/<ID>/: bad.py must give exactly the findings listed in
// bad.expected (one "LINE:COL: ID message" per line, only that rule selected), and good.py must
// give none with every rule selected: idiomatic djust code is never flagged. Rules that link files
// have folders instead (bad/, good_*/): a small project checked as a whole, its expected lines
// prefixed with the file's path in the folder.
#include "lint/discovery.h"
#include "lint/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
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

std::string render(const FileResult& result) {
  std::string out;
  if (result.error) out += "error: " + *result.error + "\n";
  for (const auto& f : result.findings)
    out +=
        std::to_string(f.span.line) + ":" + std::to_string(f.span.column) + ": " + f.rule_id + " " + f.message + "\n";
  return out;
}

FileResult lint_with(const fs::path& file, std::vector<std::string> select) {
  LintOptions options;
  options.selection.select = std::move(select);
  return lint_file(file, file.filename().string(), options);
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
  for (const auto* doc : all_rules()) ids.insert(std::string(doc->id));
  CHECK(folders == ids);
}

TEST_CASE("rule fixtures: bad files give exactly the expected findings, good files none") {
  for (const auto* doc : all_rules()) {
    const std::string id(doc->id);
    const fs::path dir = kFixtures / id;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const fs::path file = entry.path();
      const std::string name = file.filename().string();
      if (entry.is_directory()) {
        SUBCASE((id + "/" + name + "/").c_str()) {
          if (name.starts_with("bad")) {
            const fs::path expected = dir / (name + ".expected");
            REQUIRE_MESSAGE(fs::exists(expected), expected.string() << " is missing");
            CHECK(lint_project_with(file, {id}) == read(expected));
            CHECK(read(expected).find(": " + id + " ") != std::string::npos);
          } else {
            CHECK_MESSAGE(name.starts_with("good"), file.string() << " must be named bad* or good*");
            CHECK(lint_project_with(file, {"ALL"}) == "");
          }
        }
        continue;
      }
      if (!language_for(file)) continue;
      SUBCASE((id + "/" + name).c_str()) {
        if (name.starts_with("bad")) {
          const fs::path expected = fs::path(file).replace_extension(".expected");
          REQUIRE_MESSAGE(fs::exists(expected), expected.string() << " is missing");
          CHECK(render(lint_with(file, {id})) == read(expected));
          // The bad fixture must really exercise the rule.
          CHECK(read(expected).find(": " + id + " ") != std::string::npos);
        } else {
          CHECK_MESSAGE(name.starts_with("good"), file.string() << " must be named bad*.py or good*.py");
          CHECK(render(lint_with(file, {"ALL"})) == "");
        }
      }
    }
  }
}
