#pragma once
// scaffold_view, scaffold_component and add_event_handler: djust code generated from
// templates/, returned as files (paths relative to the app folder) for the caller to write.

#include "registry/descriptors.h"

#include <vector>

namespace djust::tools {

std::vector<registry::Tool> scaffold_tools();

}  // namespace djust::tools
