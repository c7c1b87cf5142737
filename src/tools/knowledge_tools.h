#pragma once
// The framework knowledge tools: schema, directives, decorators, best practices. They need no
// Django project and read only the data embedded in the binary.

#include "registry/descriptors.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Tool> knowledge_tools();

}  // namespace djust::tools
