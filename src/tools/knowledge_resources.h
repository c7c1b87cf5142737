#pragma once
// The framework knowledge as MCP resources: the schema's index and first page of each section,
// the best-practice index, and templates for a single directive, a further page of a section and
// one best-practice section. Each stays within one answer's size (tools/answer_pages.h).

#include "registry/descriptors.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Resource> knowledge_resources();
std::vector<registry::ResourceTemplate> knowledge_resource_templates();

}  // namespace djust::tools
