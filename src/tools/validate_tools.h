#pragma once
// validate_view and detect_common_issues: the linter as MCP tools, on code passed as an argument
// (never imported or executed).

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <vector>

namespace djust::tools {

// validate_view and validate_template check code as the file `filename` names in the project of
// `options` when there is one and the name lies inside it.
std::vector<registry::Tool> validate_tools(const ToolOptions& options);

}  // namespace djust::tools
