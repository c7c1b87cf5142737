#include "tools/project_paths.h"

#include "core/paths.h"
#include "project/project_locator.h"
#include "registry/descriptors.h"

namespace djust::tools {

namespace fs = std::filesystem;

fs::path project_root(const ToolOptions& options) {
  try {
    return project::locate_project(options.project_dir, fs::current_path()).path;
  } catch (const project::LocateError& e) {
    throw registry::ToolError(e.what());
  }
}

fs::path resolve_in_project(const fs::path& root, const std::string& argument, const std::string& given,
                            const std::string& what) {
  try {
    return core::resolve_within(root, given);
  } catch (const core::PathError& e) {
    throw registry::ToolError("Refused " + argument + " '" + given + "': " + e.what() + ". Give " + what +
                              " inside the project folder " + root.string() + ", relative to it.");
  }
}

}  // namespace djust::tools
