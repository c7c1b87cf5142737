#include "project/project_locator.h"

#include "core/subprocess.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace djust::project {
namespace {

namespace fs = std::filesystem;

// How far below a workspace folder (an MCP root, the working directory) manage.py is looked for:
// repo/manage.py and repo/backend/manage.py, not a whole source tree.
constexpr int kSearchDepth = 2;

bool has_manage_py(const fs::path& dir) {
  std::error_code ignored;
  return fs::is_regular_file(dir / "manage.py", ignored);
}

fs::path normalized(const fs::path& dir) {
  std::error_code error;
  fs::path out = fs::weakly_canonical(fs::absolute(dir), error);
  return error ? fs::absolute(dir) : out;
}

// Folders that never hold the project: hidden ones, virtualenvs, dependency caches.
bool worth_searching(const fs::directory_entry& entry) {
  std::error_code ignored;
  if (!entry.is_directory(ignored) || entry.is_symlink(ignored)) return false;
  const std::string name = entry.path().filename().string();
  if (name.starts_with('.') || name == "node_modules" || name == "__pycache__") return false;
  return !fs::exists(entry.path() / "pyvenv.cfg", ignored);
}

// The shallowest folder below `dir` (breadth first, by name) that holds manage.py.
std::optional<fs::path> project_below(const fs::path& dir) {
  std::vector<fs::path> level = {dir};
  for (int depth = 0; depth < kSearchDepth && !level.empty(); ++depth) {
    std::vector<fs::path> next;
    for (const auto& parent : level) {
      std::error_code error;
      std::vector<fs::path> children;
      for (fs::directory_iterator it(parent, error), end; !error && it != end; it.increment(error))
        if (worth_searching(*it)) children.push_back(it->path());
      std::sort(children.begin(), children.end());
      next.insert(next.end(), children.begin(), children.end());
    }
    for (const auto& candidate : next)
      if (has_manage_py(candidate)) return candidate;
    level = std::move(next);
  }
  return std::nullopt;
}

// The nearest folder at or above `dir` holding manage.py.
std::optional<fs::path> project_upwards(const fs::path& dir) {
  for (fs::path at = dir;; at = at.parent_path()) {
    if (has_manage_py(at)) return at;
    if (at == at.parent_path()) return std::nullopt;
  }
}

// The project in a folder the client names (a root, CLAUDE_PROJECT_DIR): in it, shallowly below
// it (a repository whose Django project is backend/), or above it (a folder inside the project).
std::optional<Located> project_in_workspace(const fs::path& folder, const std::string& what) {
  const fs::path dir = normalized(folder);
  std::error_code ignored;
  if (!fs::is_directory(dir, ignored)) return std::nullopt;
  if (has_manage_py(dir)) return Located{dir, what + " " + dir.string()};
  if (auto below = project_below(dir)) return Located{*below, "manage.py below the " + what + " " + dir.string()};
  if (auto above = project_upwards(dir)) return Located{*above, "manage.py above the " + what + " " + dir.string()};
  return std::nullopt;
}

// bin/python of a virtualenv, or bin/python3 when only that exists.
std::optional<fs::path> venv_python(const fs::path& venv) {
  for (const char* name : {"bin/python", "bin/python3"}) {
    if (auto found = core::find_executable((venv / name).string())) return found;
  }
  return std::nullopt;
}

// A virtualenv inside the project: the usual names first, then any folder with pyvenv.cfg.
std::optional<Located> project_venv(const fs::path& project_dir) {
  for (const char* name : {".venv", "venv", "env"}) {
    if (auto found = venv_python(project_dir / name)) return Located{*found, std::string("project venv ") + name};
  }
  std::error_code error;
  std::vector<fs::path> venvs;
  for (fs::directory_iterator it(project_dir, error), end; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    if (it->is_directory(ignored) && fs::exists(it->path() / "pyvenv.cfg", ignored)) venvs.push_back(it->path());
  }
  std::sort(venvs.begin(), venvs.end());
  for (const auto& venv : venvs) {
    if (auto found = venv_python(venv)) return Located{*found, "project venv " + venv.filename().string()};
  }
  return std::nullopt;
}

// The interpreter named by manage.py's #! line when it is an absolute path to one (not
// /usr/bin/env, which only says "whatever python is on PATH").
std::optional<Located> shebang_python(const fs::path& project_dir) {
  std::ifstream in(project_dir / "manage.py");
  std::string line;
  if (!std::getline(in, line) || !line.starts_with("#!")) return std::nullopt;
  const auto begin = line.find_first_not_of(" \t", 2);
  if (begin == std::string::npos || line[begin] != '/') return std::nullopt;
  const std::string program = line.substr(begin, line.find_first_of(" \t\r", begin) - begin);
  if (fs::path(program).filename() == "env") return std::nullopt;
  if (auto found = core::find_executable(program)) return Located{*found, "manage.py shebang"};
  return std::nullopt;
}

Located explicit_project(const fs::path& given) {
  if (given.string().find("${") != std::string::npos) {
    throw LocateError("The project folder '" + given.string() +
                      "' (from --project / DJUST_MCP_PROJECT) holds a variable your MCP client did not expand. "
                      "Remove --project from the client's configuration: djust-mcp then finds the project from the "
                      "client's roots or its working directory.");
  }
  std::error_code error;
  const fs::path dir = fs::weakly_canonical(fs::absolute(given), error);
  if (error || !fs::is_directory(dir)) {
    throw LocateError("The project folder " + given.string() + " (from --project / DJUST_MCP_PROJECT) does not exist.");
  }
  if (!has_manage_py(dir)) {
    throw LocateError("The project folder " + dir.string() +
                      " (from --project / DJUST_MCP_PROJECT) holds no manage.py. Point it at the folder "
                      "that contains your project's manage.py.");
  }
  return {dir, "from --project / DJUST_MCP_PROJECT"};
}

}  // namespace

ProjectHints process_project_hints(const std::optional<fs::path>& explicit_dir) {
  ProjectHints hints{.explicit_dir = explicit_dir,
                     .client_roots = {},
                     .client_project_dir = std::nullopt,
                     .working_dir = fs::current_path()};
  if (const char* dir = std::getenv("CLAUDE_PROJECT_DIR"); dir && *dir) hints.client_project_dir = fs::path(dir);
  return hints;
}

ProjectHints with_client_roots(ProjectHints hints, core::ClientRoots* roots, const std::stop_token& stop) {
  // The client answers roots/list on its own time, possibly after the first call arrived.
  constexpr std::chrono::milliseconds kPatience{5000};
  if (!hints.explicit_dir && roots) {
    if (auto offered = roots->get(kPatience, stop)) hints.client_roots = std::move(*offered);
  }
  return hints;
}

Located locate_project(const ProjectHints& hints) {
  if (hints.explicit_dir) return explicit_project(*hints.explicit_dir);
  for (const auto& root : hints.client_roots)
    if (auto found = project_in_workspace(root, "MCP root")) return *found;
  if (hints.client_project_dir) {
    if (auto found = project_in_workspace(*hints.client_project_dir, "CLAUDE_PROJECT_DIR")) return *found;
  }
  const fs::path dir = normalized(hints.working_dir);
  if (auto at = project_upwards(dir)) {
    return {*at, *at == dir ? "manage.py in the working directory"
                            : "manage.py found above the working directory " + dir.string()};
  }
  if (auto below = project_below(dir)) return {*below, "manage.py found below the working directory " + dir.string()};
  std::string tried;
  for (const auto& root : hints.client_roots) tried += ", the MCP root " + root.string();
  if (hints.client_project_dir) tried += ", CLAUDE_PROJECT_DIR " + hints.client_project_dir->string();
  throw LocateError("No Django project found: there is no manage.py in " + dir.string() +
                    " (the working directory), the folders above it or a level or two below it" + tried +
                    ". MCP clients often start servers in another folder: start djust-mcp with --project "
                    "/path/to/project (or set DJUST_MCP_PROJECT), or open the project's folder in your client.");
}

Located locate_project(const std::optional<fs::path>& explicit_dir, const fs::path& start) {
  return locate_project(ProjectHints{
      .explicit_dir = explicit_dir, .client_roots = {}, .client_project_dir = std::nullopt, .working_dir = start});
}

Located locate_python(const std::optional<std::string>& explicit_python, const fs::path& project_dir,
                      const std::optional<std::string>& virtual_env) {
  if (explicit_python) {
    if (auto found = core::find_executable(*explicit_python)) return {*found, "from --python / DJUST_MCP_PYTHON"};
    throw LocateError("The interpreter '" + *explicit_python +
                      "' (from --python / DJUST_MCP_PYTHON) is not an executable file" +
                      (explicit_python->find('/') == std::string::npos ? " on PATH." : "."));
  }
  if (virtual_env) {
    if (auto found = venv_python(*virtual_env)) return {*found, "from VIRTUAL_ENV"};
  }
  if (auto found = project_venv(project_dir)) return *found;
  if (auto found = shebang_python(project_dir)) return *found;
  if (auto found = core::find_executable("python3")) return {*found, "python3 on PATH"};
  throw LocateError("No Python interpreter found: no --python / DJUST_MCP_PYTHON, no VIRTUAL_ENV, no virtualenv in " +
                    project_dir.string() + ", no absolute interpreter in manage.py's #! line, and no python3 on PATH.");
}

std::optional<std::string> virtual_env_from_environment() {
  const char* value = std::getenv("VIRTUAL_ENV");
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

std::string interpreter_note(const Located& python) {
  return "Interpreter: " + python.path.string() + " (" + python.reason +
         "). To use another, start djust-mcp with --python /path/to/python or set DJUST_MCP_PYTHON.";
}

}  // namespace djust::project
