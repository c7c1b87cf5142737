#pragma once
// find_handlers_for_template: the view<->template links of the linter, for one template, as an
// MCP tool. Static: reads the project's files, never runs Django.

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Tool> template_tools(const ToolOptions& options);

}  // namespace djust::tools
