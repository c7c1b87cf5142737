#pragma once
// validate_view and detect_common_issues: the linter as MCP tools, on code passed as an argument
// (never imported or executed).

#include "registry/descriptors.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Tool> validate_tools();

}  // namespace djust::tools
