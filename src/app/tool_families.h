#pragma once
// The composition root: the product's tool families put together into the one Registry. It lives
// above registry/ and tools/, next to the front ends that use it, so that registry/ knows
// descriptors only and no room below the front ends depends on every tool family.

#include "registry/registry.h"
#include "tools/tool_options.h"

namespace djust::app {

// Every tool family of the product, in a stable order, configured by `options`.
registry::Registry build_registry(const tools::ToolOptions& options);

}  // namespace djust::app
