#pragma once
// The framework knowledge as MCP resources: one per schema section, the best practices, and
// templates for a single directive or best-practice section.

#include "registry/descriptors.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Resource> knowledge_resources();
std::vector<registry::ResourceTemplate> knowledge_resource_templates();

}  // namespace djust::tools
