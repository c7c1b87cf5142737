// The lint cache must never change a result: every fixture project under tests/ (found, not
// listed, so a new fixture or a new facts field is covered without an edit here) gives exactly
// the same findings with no cache, with a cold one and with a warm one read back from disk; and
// again after files are edited (even with their size and mtime kept), renamed and deleted. A
// damaged cache file is a miss, and a cache that cannot be written does not touch the results.
#include "lint/cache/check_cache.h"
#include "lint/discovery.h"
#include "lint/engine.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace djust::lint;

namespace {

// Every rule, deprecated and preview ones included, so every fact and finding takes part.
RuleSelection every_rule() {
  RuleSelection selection;
  for (const auto& rule : all_rules()) selection.select.emplace_back(rule.doc.id);
  return selection;
}

// A result in full: everything a format could print, fixes included.
std::string render(const std::vector<FileResult>& results) {
  std::string out;
  for (const auto& r : results) {
    out += r.path + (r.error ? " error: " + *r.error : "") + "\n";
    for (const auto& f : r.findings) {
      out += "  " + std::to_string(f.span.line) + ":" + std::to_string(f.span.column) + "-" +
             std::to_string(f.span.end_line) + ":" + std::to_string(f.span.end_column) + " " + f.rule_id + " " +
             std::string(severity_name(f.severity)) + " " + f.message + " | " + f.fix_hint + "\n";
      if (f.fix)
        for (const auto& e : f.fix->edits)
          out += "    fix " + f.fix->description + ": " + std::to_string(e.start_byte) + "-" +
                 std::to_string(e.end_byte) + " " + e.replacement + "\n";
    }
  }
  return out;
}

struct Run {
  std::string rendered;
  CheckCache::Counts counts;
  std::size_t files = 0;
};

// validate over `paths` (under `root`, the whole project linked), with its cache read and saved
// as validate does when `cached`.
Run lint(const fs::path& root, const std::vector<std::string>& paths, bool cached) {
  LintOptions options;
  options.selection = every_rule();
  options.project_root = root;
  std::optional<CheckCache> cache;
  const fs::path cache_file = cache_file_for(root, options.selection);
  if (cached) {
    cache.emplace(root, cache_key(options.selection, links::read_project_settings(root)));
    cache->load(cache_file);
    options.cache = &*cache;
  }
  const auto files = discover_files(paths, {}).files;
  Run run{render(lint_files(files, options, 2)), {}, files.size()};
  if (cache) {
    std::string error;
    REQUIRE_MESSAGE(cache->save(cache_file, error), error);
    run.counts = cache->counts();
  }
  return run;
}

Run lint(const fs::path& root, bool cached) { return lint(root, {root.string()}, cached); }

struct ThreeRuns {
  Run plain, cold, warm;
};

// `root` linted with no cache, then with a cold and a warm one, which must give the same findings.
ThreeRuns three_runs(const fs::path& root) {
  ThreeRuns runs{lint(root, false), lint(root, true), lint(root, true)};
  CHECK(runs.cold.rendered == runs.plain.rendered);
  CHECK(runs.warm.rendered == runs.plain.rendered);
  return runs;
}

// The folders of tests/ that are linted as a project: those holding manage.py, each rule's
// fixture folder and the project folders inside it.
std::vector<fs::path> fixture_projects(const fs::path& tests) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(tests)) {
    if (!entry.is_directory()) continue;
    const fs::path dir = entry.path();
    const bool in_rules = dir.parent_path() == tests / "rules" || dir.parent_path().parent_path() == tests / "rules";
    if (in_rules || fs::exists(dir / "manage.py")) out.push_back(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Sets every file's modification time an hour back, as for a tree checked out a while ago: the
// cache may then trust what stat says without reading the file.
void age(const fs::path& root) {
  const auto past = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), past);
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The fixtures of tests/, copied where a cache may be written and files changed.
struct FixtureCopy {
  TempDir dir;
  fs::path tests = dir.path() / "tests";
  FixtureCopy() {
    fs::create_directories(tests);
    for (const char* part : {"rules", "fixtures"})
      fs::copy(fs::path(DJUST_RULE_FIXTURES_DIR).parent_path() / part, tests / part, fs::copy_options::recursive);
    age(tests);
  }
};

const FixtureCopy& fixtures() {
  static const FixtureCopy copy;
  return copy;
}

}  // namespace

TEST_CASE("lint cache: every fixture project gives the same findings with no cache, a cold one and a warm one") {
  const auto projects = fixture_projects(fixtures().tests);
  // The rule folders alone are more than 40; a broken search would find none.
  REQUIRE(projects.size() > 40);
  for (const auto& root : projects) {
    CAPTURE(root);
    const auto [plain, cold, warm] = three_runs(root);
    CHECK(cold.counts.hits == 0);
    CHECK(warm.counts.misses == 0);
    CHECK(warm.counts.hits == cold.counts.misses);
    if (warm.files == 0) continue;
    // Nothing is read again, as stat shows every file unchanged: not the checked files (their
    // noqa lines are kept with their findings), nor the others read for their facts.
    CHECK(warm.counts.unread == warm.counts.hits);
    const std::string first = discover_files({root.string()}, {}).files.front().file.string();
    const Run one = lint(root, {first}, true);
    CHECK(one.rendered == lint(root, {first}, false).rendered);
    CHECK(one.counts.misses == 0);
    CHECK(one.counts.unread == one.counts.hits);
  }
}

TEST_CASE("lint cache: after edits, renames and deletes the warm run still matches a run without it") {
  const fs::path root = fixtures().tests / "fixtures" / "linked_project";
  const fs::path cache_file = cache_file_for(root, every_rule());
  lint(root, true);
  const fs::path list = root / "tasks/templates/tasks/list.html";
  const fs::path views = root / "tasks/views.py";
  REQUIRE(fs::exists(list));
  REQUIRE(fs::exists(views));

  auto same_as_plain = [&](const char* step) {
    CAPTURE(step);
    const Run warm = lint(root, true);
    CHECK(warm.rendered == lint(root, false).rendered);
    return warm;
  };

  SUBCASE("an edit that keeps the size and the modification time is still seen") {
    const std::string before = lint(root, {views.string()}, false).rendered;
    const auto modified = fs::last_write_time(list);
    std::string edited = read(list);
    const std::size_t at = edited.find("delete_taks");
    REQUIRE(at != std::string::npos);
    edited.replace(at, 11, "delete_task");  // the typo fixed: delete_task is referenced now
    std::ofstream(list, std::ios::binary) << edited;
    fs::last_write_time(list, modified);
    // The view's findings depend on the template, read for its facts only.
    const Run one = lint(root, {views.string()}, true);
    CHECK(one.rendered == lint(root, {views.string()}, false).rendered);
    CHECK(one.rendered != before);
    CHECK(one.counts.misses == 1);
    const Run warm = same_as_plain("typo fixed");
    CHECK(warm.rendered.find("delete_taks") == std::string::npos);
  }
  SUBCASE("a view edited, then the cache read by a run over one file") {
    std::ofstream(views, std::ios::app) << "\n\nclass Broken(LiveView):\n    def mount(self, request):\n        pass\n";
    same_as_plain("view edited");
    const Run one = lint(root, {list.string()}, true);
    CHECK(one.rendered == lint(root, {list.string()}, false).rendered);
  }
  SUBCASE("a template renamed away from its name and back") {
    const fs::path moved = list.parent_path() / "renamed.html";
    fs::rename(list, moved);
    const Run renamed = same_as_plain("renamed");
    CHECK(renamed.rendered.find("renamed.html") != std::string::npos);
    fs::rename(moved, list);
    same_as_plain("renamed back");
  }
  SUBCASE("a deleted view leaves the cache file too") {
    const auto before = fs::file_size(cache_file);
    fs::remove(views);
    same_as_plain("deleted");
    CHECK(fs::file_size(cache_file) < before);
  }
}

TEST_CASE("lint cache: a settings change reaches the per-file findings that read it") {
  // V004 is silent under event_security 'open'; with the view untouched, switching the settings
  // to 'strict' must bring its findings back, not replay the silent ones from the cache.
  const fs::path root = fixtures().tests / "rules" / "V004" / "good_open";
  const fs::path settings = root / "site_config/settings.py";
  const Run open = lint(root, true);
  CHECK(open.rendered.find(" V004 ") == std::string::npos);
  std::string text = read(settings);
  const std::size_t at = text.find("\"open\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 6, "\"strict\"");
  std::ofstream(settings, std::ios::binary | std::ios::trunc) << text;
  const Run strict = lint(root, true);
  CHECK(strict.rendered == lint(root, false).rendered);
  CHECK(strict.rendered.find(" V004 ") != std::string::npos);
}

TEST_CASE("lint cache: a damaged file, another selection or another key is a miss, never an error") {
  const fs::path root = fixtures().tests / "rules" / "DJ105" / "bad";
  const fs::path cache_file = cache_file_for(root, every_rule());
  const Run plain = lint(root, false);
  lint(root, true);
  const std::string good = read(cache_file);
  REQUIRE(good.size() > 100);
  for (const std::string& damaged :
       {good.substr(0, good.size() / 2), good.substr(0, good.size() - 1), good + "x", std::string(good.size(), '\xff'),
        good.substr(0, 30) + std::string(good.size() - 30, '\x80'), std::string()}) {
    std::ofstream(cache_file, std::ios::binary | std::ios::trunc) << damaged;
    const Run run = lint(root, true);
    CHECK(run.rendered == plain.rendered);
    CHECK(run.counts.hits == 0);
  }
  // Findings saved for other rules are not taken.
  CheckCache other(root, cache_key(RuleSelection{}, {}));
  other.load(cache_file);
  LintOptions options;
  options.selection = every_rule();
  options.project_root = root;
  options.cache = &other;
  lint_files(discover_files({root.string()}, {}).files, options, 1);
  CHECK(other.counts().hits == 0);
  CHECK(cache_file_for(root, RuleSelection{}) != cache_file_for(root, every_rule()));
}

TEST_CASE("lint cache: a folder it cannot write is reported, the results stay whole, and links are not followed") {
  TempDir outside;
  const fs::path root = fixtures().tests / "rules" / "T012" / "bad";
  const fs::path cache_file = cache_file_for(root, every_rule());
  const Run plain = lint(root, false);

  // The cache folder is a link planted to somewhere else.
  fs::remove_all(cache_file.parent_path());
  fs::create_directory_symlink(outside.path(), cache_file.parent_path());
  CheckCache cache(root, cache_key(every_rule(), {}));
  LintOptions options;
  options.selection = every_rule();
  options.project_root = root;
  options.cache = &cache;
  CHECK(render(lint_files(discover_files({root.string()}, {}).files, options, 1)) == plain.rendered);
  std::string error;
  CHECK_FALSE(cache.save(cache_file, error));
  CHECK(error.find(cache_file.parent_path().string()) != std::string::npos);
  CHECK(fs::is_empty(outside.path()));

  // A plain file where the folder should be.
  fs::remove(cache_file.parent_path());
  std::ofstream(cache_file.parent_path()) << "not a folder";
  error.clear();
  CHECK_FALSE(cache.save(cache_file, error));
  CHECK_FALSE(error.empty());
  fs::remove(cache_file.parent_path());

  // Written: the folder keeps itself out of git.
  REQUIRE(cache.save(cache_file, error));
  CHECK(read(cache_file.parent_path() / ".gitignore").ends_with("\n*\n"));
}

TEST_CASE("lint cache: a view's second pass is reused only while the kinds of its bases stay the same") {
  // Room's base is in another module, so V001 (no template) reaches it only in the second pass,
  // which the cache keeps with views.py. Editing only base.py changes what Room is: the kept
  // pass must not be replayed for other kinds, even though views.py is neither changed nor read.
  TempDir dir;
  const fs::path root = dir.path();
  fs::create_directories(root / "app");
  std::ofstream(root / "manage.py");
  std::ofstream(root / "app/__init__.py");
  std::ofstream(root / "app/views.py") << "from .base import AppView\n\n\nclass Room(AppView):\n"
                                          "    def mount(self, request):\n        self.items = []\n";
  auto with_base = [&](const char* base) {
    CAPTURE(base);
    std::ofstream(root / "app/base.py") << base;
    age(root);
    const ThreeRuns runs = three_runs(root);
    CHECK(runs.warm.counts.unread == runs.warm.counts.hits);
    return runs.plain.rendered;
  };
  const std::string view = with_base("from djust import LiveView\n\n\nclass AppView(LiveView):\n    pass\n");
  CHECK(view.find("V001") != std::string::npos);
  const std::string component =
      with_base("from djust import LiveComponent\n\n\nclass AppView(LiveComponent):\n    pass\n");
  CHECK(component != view);
  CHECK(component.find("V001") == std::string::npos);
  const std::string plain_class = with_base("class AppView:\n    pass\n");
  CHECK(plain_class.find("V001") == std::string::npos);
  CHECK(with_base("from djust import LiveView\n\n\nclass AppView(LiveView):\n    pass\n") == view);
}
