#include "project/doctor.h"

#include "core/subprocess.h"
#include "project/bridge.h"
#include "project/project_locator.h"

#include <vector>

namespace djust::project {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string text_or(const json& value, const std::string& fallback) {
  return value.is_string() ? value.get<std::string>() : fallback;
}

// Indents the lines after the first, so a multi-line message stays inside its list item.
std::string indented(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

}  // namespace

int run_doctor(const DoctorOptions& options, std::ostream& out) {
  out << "djust-mcp doctor\n";
  auto row = [&out](const std::string& label, const std::string& text) {
    out << "  " << label << std::string(label.size() < 11 ? 11 - label.size() : 1, ' ') << text << "\n";
  };
  std::vector<std::string> problems;

  std::optional<Located> project;
  try {
    project = locate_project(process_project_hints(options.project_dir));
    row("project", project->path.string() + "  (" + project->reason + ")");
  } catch (const LocateError& e) {
    row("project", "not found");
    problems.push_back(e.what());
  }

  std::optional<Located> python;
  if (project) {
    try {
      python = locate_python(options.python, project->path, virtual_env_from_environment());
      core::SubprocessOptions probe;
      probe.argv = {python->path.string(), "-c", "import sys; print(sys.version.split()[0])"};
      const auto result = core::run_subprocess(probe, 20s);
      if (result.status.code == 0) {
        row("python", python->path.string() + "  (" + python->reason + "), Python " +
                          std::string(result.output.substr(0, result.output.find('\n'))));
      } else {
        row("python", python->path.string() + "  (" + python->reason + ") does not run");
        problems.push_back("The interpreter " + python->path.string() + " does not run (" +
                           (result.timed_out ? std::string("timed out") : result.status.describe()) + ").\n" +
                           summarize_python_failure(result.output) + "\n" + interpreter_note(*python));
        python.reset();
      }
    } catch (const LocateError& e) {
      row("python", "not found");
      problems.push_back(e.what());
    } catch (const core::SubprocessError& e) {
      row("python", "does not start");
      problems.push_back(e.what());
      python.reset();
    }
  }

  if (project && python) {
    Bridge bridge({project->path, python->path, options.timeout, python->reason});
    const auto started = std::chrono::steady_clock::now();
    try {
      const json info = bridge.info();
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      row("django",
          text_or(info.value("django", json()), "?") + ", settings " + text_or(info.value("settings", json()), "?"));
      if (info.value("djust", json()).is_string()) {
        row("djust", info.at("djust").get<std::string>());
        row("found", std::to_string(info.value("views", 0)) + " LiveViews, " +
                         std::to_string(info.value("components", 0)) + " LiveComponents (loaded in " +
                         std::to_string(ms) + " ms through manage.py)");
      } else {
        row("djust", "cannot be imported");
        problems.push_back("djust cannot be imported: " + text_or(info.value("djust_error", json()), "?") +
                           ". Install djust in that interpreter (pip install djust), or choose the one that has "
                           "it.\n" +
                           interpreter_note(*python));
      }
      for (const auto& e : info.value("import_errors", json::array()))
        row("warning", e.value("module", std::string()) + " does not import: " + e.value("error", std::string()));
    } catch (const BridgeError& e) {
      row("django", "the project does not load");
      problems.push_back(e.what());
    }
  }

  if (problems.empty()) {
    out << "\nAll set: the project tools (list_views, get_view_schema, run_system_checks, ...) can read this "
           "project.\n";
    return 0;
  }
  out << "\nWhat is missing:\n";
  for (const auto& p : problems) out << "  - " << indented(p) << "\n";
  return 1;
}

}  // namespace djust::project
