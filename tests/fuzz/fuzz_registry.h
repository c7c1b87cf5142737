#pragma once
// The registry the fuzz targets use: every tool, with the ones that reach outside failing fast and
// alike (no project to start, a dev server port that refuses connections).

#include "app/tool_families.h"
#include "core/log.h"

inline const djust::registry::Registry& fuzz_registry() {
  static const djust::registry::Registry registry = [] {
    djust::core::set_stderr_log_level(std::nullopt);
    djust::tools::ToolOptions options;
    options.project_dir = "/nonexistent/djust-mcp-fuzz";
    options.dev_server_url = "http://127.0.0.1:1";
    return djust::app::build_registry(options);
  }();
  return registry;
}
