#pragma once
// The dev-server observability tools: a live view's state, running or resetting it, handler
// timings, SQL queries, the server log and tracebacks, read over HTTP from the project's running
// `manage.py runserver` (djust's /_djust/observability/ endpoints).

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <chrono>
#include <vector>

namespace djust::tools {

// How long one call waits for the dev server, for connecting, sending and reading each. Tests
// shorten them so that a silent server costs milliseconds.
struct ObservabilityTimeouts {
  std::chrono::milliseconds standard{5000};
  std::chrono::milliseconds eval_handler{10000};  // runs project code, which may do real work
};

std::vector<registry::Tool> observability_tools(const ToolOptions& options, const ObservabilityTimeouts& timeouts = {});

}  // namespace djust::tools
