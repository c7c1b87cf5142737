#pragma once
// The stdio transport: newline-delimited JSON-RPC on stdin/stdout. Only protocol messages ever
// reach stdout; the process ends cleanly on stdin EOF (calls in flight get 3 s to finish), SIGTERM
// or SIGINT, and within 2 s more even when a call ignores cancellation.

#include "mcp/server.h"

namespace djust::mcp {

// Serves until the client goes away. Returns the process exit code.
int run_stdio_server(const registry::Registry& registry, const ServerIdentity& identity, const ServerOptions& options);

}  // namespace djust::mcp
