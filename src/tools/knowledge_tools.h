#pragma once
// The framework knowledge tools: schema, directives, decorators, best practices. They need no
// Django project and read only the data embedded in the binary; with a linked project they also
// say which of its entries the project's djust does not have yet.

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <vector>

namespace djust::tools {

// `options` holds the linked project's djust version, which the answers compare entries with.
std::vector<registry::Tool> knowledge_tools(const ToolOptions& options);

}  // namespace djust::tools
