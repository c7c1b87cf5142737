#pragma once
// Prompts (the recommended workflow, reviewing a view, using a directive) and the server's
// instructions, all built from one description of the djust workflow so they never disagree.
// They name only tools that the registry really has.

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <string>
#include <vector>

namespace djust::tools {

// `options` locate the project whose files review_view reads.
std::vector<registry::Prompt> knowledge_prompts(const std::vector<registry::Tool>& tools, const ToolOptions& options);

std::string server_instructions(const std::vector<registry::Tool>& tools);

}  // namespace djust::tools
