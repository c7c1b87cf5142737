#include "project/project_locator.h"

#include "core/subprocess.h"

#include <cstdlib>
#include <system_error>

namespace djust::project {
namespace {

namespace fs = std::filesystem;

bool has_manage_py(const fs::path& dir) {
  std::error_code ignored;
  return fs::is_regular_file(dir / "manage.py", ignored);
}

// bin/python of a virtualenv, or bin/python3 when only that exists.
std::optional<fs::path> venv_python(const fs::path& venv) {
  for (const char* name : {"bin/python", "bin/python3"}) {
    if (auto found = core::find_executable((venv / name).string())) return found;
  }
  return std::nullopt;
}

}  // namespace

Located locate_project(const std::optional<fs::path>& explicit_dir, const fs::path& start) {
  if (explicit_dir) {
    std::error_code error;
    const fs::path dir = fs::weakly_canonical(fs::absolute(*explicit_dir), error);
    if (error || !fs::is_directory(dir)) {
      throw LocateError("The project folder " + explicit_dir->string() +
                        " (from --project / DJUST_MCP_PROJECT) does not exist.");
    }
    if (!has_manage_py(dir)) {
      throw LocateError("The project folder " + dir.string() +
                        " (from --project / DJUST_MCP_PROJECT) holds no manage.py. Point it at the folder "
                        "that contains your project's manage.py.");
    }
    return {dir, "from --project / DJUST_MCP_PROJECT"};
  }
  std::error_code error;
  fs::path dir = fs::weakly_canonical(fs::absolute(start), error);
  if (error) dir = fs::absolute(start);
  for (fs::path at = dir;; at = at.parent_path()) {
    if (has_manage_py(at)) {
      return {at, at == dir ? "manage.py in the working directory"
                            : "manage.py found above the working directory " + dir.string()};
    }
    if (at == at.parent_path()) break;
  }
  throw LocateError("No Django project found: there is no manage.py in " + dir.string() +
                    " or any folder above it. MCP clients often start servers in another folder: start "
                    "djust-mcp with --project /path/to/project (or set DJUST_MCP_PROJECT).");
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
    if (auto found = venv_python(*virtual_env)) return {*found, "from $VIRTUAL_ENV"};
  }
  for (const char* venv : {".venv", "venv"}) {
    if (auto found = venv_python(project_dir / venv)) return {*found, std::string("the project's ") + venv};
  }
  if (auto found = core::find_executable("python3")) return {*found, "python3 on PATH"};
  throw LocateError(
      "No Python interpreter found: no --python / DJUST_MCP_PYTHON, no $VIRTUAL_ENV, no .venv or venv in " +
      project_dir.string() + ", and no python3 on PATH.");
}

std::optional<std::string> virtual_env_from_environment() {
  const char* value = std::getenv("VIRTUAL_ENV");
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

}  // namespace djust::project
