#pragma once
// `djust-mcp doctor`: which project and interpreter the project tools would use and why, whether
// the project loads through its manage.py, and what is missing.

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace djust::project {

struct DoctorOptions {
  std::optional<std::filesystem::path> project_dir;  // --project / DJUST_MCP_PROJECT
  std::optional<std::string> python;                 // --python / DJUST_MCP_PYTHON
  std::chrono::milliseconds timeout{60'000};
};

// Prints the report to `out`; returns 0 when the project tools can work, 1 otherwise.
int run_doctor(const DoctorOptions& options, std::ostream& out);

}  // namespace djust::project
