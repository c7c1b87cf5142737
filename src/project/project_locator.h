#pragma once
// Which Django project and which Python interpreter the project tools use, and why. MCP clients
// start servers with a minimal environment and an unspecified working directory, so every
// choice comes with the reason it was made, for `djust-mcp doctor` and for error messages.

#include "core/client_roots.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

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

// Everything that may say where the project is, strongest first.
struct ProjectHints {
  std::optional<std::filesystem::path> explicit_dir;        // --project / DJUST_MCP_PROJECT
  std::vector<std::filesystem::path> client_roots;          // the MCP roots the client offers, in its order
  std::optional<std::filesystem::path> client_project_dir;  // $CLAUDE_PROJECT_DIR, set by Claude Code
  std::filesystem::path working_dir;
};

// The hints this process has by itself: `explicit_dir`, $CLAUDE_PROJECT_DIR and the working directory.
ProjectHints process_project_hints(const std::optional<std::filesystem::path>& explicit_dir);

// `hints` with the MCP roots the client offers added (unless a project was given), waiting a few
// seconds for an answer the client still owes.
ProjectHints with_client_roots(ProjectHints hints, core::ClientRoots* roots, const std::stop_token& stop);

// The folder holding manage.py: `explicit_dir` when given (it must hold one); else the first
// client root holding one (or a folder a level or two below it), then $CLAUDE_PROJECT_DIR the
// same way, then the nearest folder at or above the working directory (or shallowly below it).
Located locate_project(const ProjectHints& hints);
Located locate_project(const std::optional<std::filesystem::path>& explicit_dir, const std::filesystem::path& start);

// The project's interpreter: `explicit_python` when given (a path, or a name looked up on
// PATH), else $VIRTUAL_ENV/bin/python (from `virtual_env`), a virtualenv inside the project
// (.venv, venv, env, then any folder of it holding pyvenv.cfg), the absolute interpreter of
// manage.py's #! line, and finally python3 on PATH.
Located locate_python(const std::optional<std::string>& explicit_python, const std::filesystem::path& project_dir,
                      const std::optional<std::string>& virtual_env);

// $VIRTUAL_ENV, when set and not empty.
std::optional<std::string> virtual_env_from_environment();

// What to say after any failure of the project's Python: which interpreter, why it was chosen,
// and how to choose another.
std::string interpreter_note(const Located& python);

}  // namespace djust::project
