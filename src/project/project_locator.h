#pragma once
// Which Django project and which Python interpreter the project tools use, and why. MCP clients
// start servers with a minimal environment and an unspecified working directory, so every
// choice comes with the reason it was made, for `djust-mcp doctor` and for error messages.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace djust::project {

// Nothing suitable was found; the message says what was tried and how to point djust-mcp at it.
class LocateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Located {
  std::filesystem::path path;
  std::string reason;  // e.g. "from --project / DJUST_MCP_PROJECT"
};

// The folder holding manage.py: `explicit_dir` when given (it must hold one), else the nearest
// folder at or above `start` that does.
Located locate_project(const std::optional<std::filesystem::path>& explicit_dir, const std::filesystem::path& start);

// The project's interpreter: `explicit_python` when given (a path, or a name looked up on
// PATH), else $VIRTUAL_ENV/bin/python (from `virtual_env`), <project>/.venv/bin/python,
// <project>/venv/bin/python, and finally python3 on PATH.
Located locate_python(const std::optional<std::string>& explicit_python, const std::filesystem::path& project_dir,
                      const std::optional<std::string>& virtual_env);

// $VIRTUAL_ENV, when set and not empty.
std::optional<std::string> virtual_env_from_environment();

}  // namespace djust::project
