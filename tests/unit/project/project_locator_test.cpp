#include "project/project_locator.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <functional>

#include "temp_dir.h"

namespace fs = std::filesystem;
using djust::project::locate_project;
using djust::project::locate_python;
using djust::project::LocateError;

namespace {

fs::path executable(const TempDir& tmp, const fs::path& relative) {
  const auto path = tmp.write(relative, "#!/bin/sh\n");
  fs::permissions(path, fs::perms::owner_all);
  return path;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const LocateError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("locator: the project is the given folder, else the nearest manage.py upwards") {
  TempDir tmp;
  tmp.write("site/manage.py", "");
  tmp.write("site/app/templates/x.html", "");

  auto found = locate_project(std::nullopt, tmp.path() / "site/app/templates");
  CHECK(found.path == tmp.path() / "site");
  CHECK(found.reason.find("above the working directory") != std::string::npos);

  found = locate_project(std::nullopt, tmp.path() / "site");
  CHECK(found.path == tmp.path() / "site");
  CHECK(found.reason == "manage.py in the working directory");

  found = locate_project(tmp.path() / "site/app/..", "/");
  CHECK(found.path == tmp.path() / "site");
  CHECK(found.reason == "from --project / DJUST_MCP_PROJECT");
}

TEST_CASE("locator: a wrong or missing project says what was tried and how to fix it") {
  TempDir tmp;
  tmp.write("empty/readme.txt", "");
  CHECK(message_of([&] { locate_project(tmp.path() / "empty", "/"); }).find("holds no manage.py") != std::string::npos);
  CHECK(message_of([&] { locate_project(tmp.path() / "missing", "/"); }).find("does not exist") != std::string::npos);
  const auto walked = message_of([&] { locate_project(std::nullopt, tmp.path() / "empty"); });
  CHECK(walked.find("no manage.py in " + (tmp.path() / "empty").string()) != std::string::npos);
  CHECK(walked.find("--project") != std::string::npos);
  CHECK(walked.find("DJUST_MCP_PROJECT") != std::string::npos);
}

TEST_CASE("locator: the interpreter comes from --python, VIRTUAL_ENV, .venv, venv, then python3") {
  TempDir tmp;
  const fs::path project = tmp.path() / "site";
  tmp.write("site/manage.py", "");
  const auto chosen = executable(tmp, "bin/mypython");
  const auto active = executable(tmp, "active-env/bin/python");
  const auto dot_venv = executable(tmp, "site/.venv/bin/python");
  const auto plain_venv = executable(tmp, "site/venv/bin/python3");

  auto python = locate_python(chosen.string(), project, (tmp.path() / "active-env").string());
  CHECK(python.path == chosen);
  CHECK(python.reason == "from --python / DJUST_MCP_PYTHON");

  python = locate_python(std::nullopt, project, (tmp.path() / "active-env").string());
  CHECK(python.path == active);
  CHECK(python.reason == "from VIRTUAL_ENV");

  python = locate_python(std::nullopt, project, std::nullopt);
  CHECK(python.path == dot_venv);
  CHECK(python.reason == "project venv .venv");

  fs::remove_all(project / ".venv");
  python = locate_python(std::nullopt, project, (tmp.path() / "no-such-env").string());
  CHECK(python.path == plain_venv);
  CHECK(python.reason == "project venv venv");

  fs::remove_all(project / "venv");
  python = locate_python(std::nullopt, project, std::nullopt);
  CHECK(python.reason == "python3 on PATH");
  CHECK(python.path.filename() == "python3");

  python = locate_python("sh", project, std::nullopt);  // a bare name is looked up on PATH
  CHECK(python.path.is_absolute());
}

TEST_CASE("locator: an explicit interpreter that does not exist is an error, not a silent fallback") {
  TempDir tmp;
  tmp.write("not-executable", "");
  const auto missing = message_of([&] { locate_python("/nonexistent/python", tmp.path(), std::nullopt); });
  CHECK(missing.find("'/nonexistent/python' (from --python / DJUST_MCP_PYTHON) is not an executable file") !=
        std::string::npos);
  CHECK(message_of([&] {
          locate_python((tmp.path() / "not-executable").string(), tmp.path(), std::nullopt);
        }).find("is not an executable file") != std::string::npos);
  CHECK(message_of([&] { locate_python("djust-no-such-python", tmp.path(), std::nullopt); }).find("on PATH") !=
        std::string::npos);
}

TEST_CASE("locator: env, any folder with pyvenv.cfg, then manage.py's absolute #! interpreter") {
  TempDir tmp;
  const fs::path project = tmp.path() / "site";
  tmp.write("site/manage.py", "#!/usr/bin/env python3\n");
  const auto env_python = executable(tmp, "site/env/bin/python");
  auto python = locate_python(std::nullopt, project, std::nullopt);
  CHECK(python.path == env_python);
  CHECK(python.reason == "project venv env");

  fs::remove_all(project / "env");
  tmp.write("site/py311/pyvenv.cfg", "home = /usr/bin\n");
  const auto named = executable(tmp, "site/py311/bin/python3");
  executable(tmp, "site/tools/bin/python");  // no pyvenv.cfg: not a virtualenv
  python = locate_python(std::nullopt, project, std::nullopt);
  CHECK(python.path == named);
  CHECK(python.reason == "project venv py311");

  fs::remove_all(project / "py311");
  const auto pinned = executable(tmp, "opt/python/bin/python3.12");
  tmp.write("site/manage.py", "#!" + pinned.string() + " -u\nimport sys\n");
  python = locate_python(std::nullopt, project, std::nullopt);
  CHECK(python.path == pinned);
  CHECK(python.reason == "manage.py shebang");

  tmp.write("site/manage.py", "#!/no/such/python\n");  // absolute but absent: fall through
  CHECK(locate_python(std::nullopt, project, std::nullopt).reason == "python3 on PATH");
}

TEST_CASE("locator: MCP roots come first (the root, shallowly below, above), then CLAUDE_PROJECT_DIR, then here") {
  TempDir tmp;
  tmp.write("repo/backend/manage.py", "");
  tmp.write("repo/frontend/package.json", "");
  tmp.write("other/manage.py", "");
  tmp.write("other/app/views.py", "");
  tmp.write("empty/readme.txt", "");
  using djust::project::ProjectHints;
  ProjectHints hints{.explicit_dir = std::nullopt,
                     .client_roots = {tmp.path() / "empty", tmp.path() / "repo"},
                     .client_project_dir = tmp.path() / "other",
                     .working_dir = tmp.path() / "other"};
  auto found = locate_project(hints);
  CHECK(found.path == tmp.path() / "repo/backend");
  CHECK(found.reason == "manage.py below the MCP root " + (tmp.path() / "repo").string());

  hints.client_roots = {tmp.path() / "other/app"};
  found = locate_project(hints);
  CHECK(found.path == tmp.path() / "other");
  CHECK(found.reason == "manage.py above the MCP root " + (tmp.path() / "other/app").string());

  hints.client_roots = {tmp.path() / "empty"};
  hints.working_dir = tmp.path() / "empty";
  found = locate_project(hints);
  CHECK(found.path == tmp.path() / "other");
  CHECK(found.reason == "CLAUDE_PROJECT_DIR " + (tmp.path() / "other").string());

  hints.client_project_dir.reset();
  hints.working_dir = tmp.path() / "repo";
  found = locate_project(hints);
  CHECK(found.path == tmp.path() / "repo/backend");
  CHECK(found.reason == "manage.py found below the working directory " + (tmp.path() / "repo").string());

  hints.explicit_dir = "${workspaceFolder}";  // a client that did not expand its variable
  CHECK(message_of([&] { locate_project(hints); }).find("did not expand") != std::string::npos);
}
