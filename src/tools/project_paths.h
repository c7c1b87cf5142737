#pragma once
// Files of the user's project named by a tool or prompt argument, confined to the project.

#include "tools/tool_options.h"

#include <filesystem>
#include <string>

namespace djust::tools {

// The project folder (--project, else the nearest manage.py upwards); ToolError saying why not.
std::filesystem::path project_root(const ToolOptions& options);

// `given`, relative to `root`, resolved inside it with symlinks followed; a ToolError naming the
// argument and `what` it should be (e.g. "a template") when it points outside.
std::filesystem::path resolve_in_project(const std::filesystem::path& root, const std::string& argument,
                                         const std::string& given, const std::string& what);

}  // namespace djust::tools
