#pragma once
// Prompts (the recommended workflow, reviewing a view, using a directive) and the server's
// instructions, all built from one description of the djust workflow so they never disagree.
// They name only tools that the registry really has.

#include "registry/descriptors.h"

#include <string>
#include <vector>

namespace djust::tools {

std::vector<registry::Prompt> knowledge_prompts(const std::vector<registry::Tool>& tools);

std::string server_instructions(const std::vector<registry::Tool>& tools);

}  // namespace djust::tools
