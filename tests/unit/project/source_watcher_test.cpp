#include "project/source_watcher.h"

#include <doctest/doctest.h>

#include "temp_dir.h"

#include <functional>

namespace fs = std::filesystem;
using djust::project::source_fingerprint;
using djust::project::SourceWatcher;

TEST_CASE("source watcher: the fingerprint follows .py files and ignores caches, venvs and other files") {
  TempDir tmp;
  tmp.write("app/views.py", "x = 1\n");
  tmp.write("templates/a.html", "<p>");
  const auto first = source_fingerprint(tmp.path());
  CHECK(source_fingerprint(tmp.path()) == first);

  tmp.write("templates/a.html", "<p>changed");
  tmp.write("app/__pycache__/views.cpython-311.py", "cache");
  tmp.write(".git/hooks/x.py", "hidden");
  tmp.write("node_modules/pkg/x.py", "js tooling");
  tmp.write("env/pyvenv.cfg", "home = /usr/bin");
  tmp.write("env/lib/python3.11/site-packages/django/x.py", "installed");
  CHECK(source_fingerprint(tmp.path()) == first);

  tmp.write("app/views.py", "x = 22\n");
  const auto edited = source_fingerprint(tmp.path());
  CHECK(edited != first);
  tmp.write("app/live/new.py", "");
  const auto added = source_fingerprint(tmp.path());
  CHECK(added != edited);
  fs::rename(tmp.path() / "app/live/new.py", tmp.path() / "app/live/renamed.py");
  CHECK(source_fingerprint(tmp.path()) != added);
  CHECK(source_fingerprint(tmp.path() / "missing") == source_fingerprint(tmp.path() / "missing"));
}

TEST_CASE("source watcher: reports edits, additions, renames and removals of .py files only") {
  TempDir tmp;
  tmp.write("app/views.py", "x = 1\n");
  tmp.write("app/live/__init__.py", "");
  tmp.write("templates/a.html", "<p>");
  SourceWatcher watcher(tmp.path());
  watcher.reset();
  CHECK_FALSE(watcher.changed());

  // What Python and the developer's tools do without changing any code.
  tmp.write("templates/a.html", "<p>changed");
  tmp.write("app/__pycache__/views.cpython-311.pyc", "bytecode");
  tmp.write("app/notes.txt", "todo");
  tmp.write(".git/index", "git");
  CHECK_FALSE(watcher.changed());

  auto changes = [&](const std::function<void()>& change) {
    watcher.reset();
    change();
    const bool seen = watcher.changed();
    CHECK(watcher.changed());  // stays reported until the next reset
    return seen;
  };
  CHECK(changes([&] { tmp.write("app/views.py", "x = 2\n"); }));
  CHECK(changes([&] { tmp.write("app/live/posts.py", ""); }));  // a subfolder is watched too
  CHECK(changes([&] { fs::rename(tmp.path() / "app/live/posts.py", tmp.path() / "app/live/drafts.py"); }));
  CHECK(changes([&] { fs::remove(tmp.path() / "app/live/drafts.py"); }));
  CHECK(changes([&] { fs::create_directory(tmp.path() / "blog"); }));
  CHECK(changes([&] {  // an editor's save: write a temporary file, rename it over the module
    tmp.write("app/.views.py.swp", "x = 3\n");
    fs::rename(tmp.path() / "app/.views.py.swp", tmp.path() / "app/views.py");
  }));
  watcher.reset();
  CHECK_FALSE(watcher.changed());
}
