#pragma once
// The stdio transport: newline-delimited JSON-RPC on stdin/stdout. Only protocol messages ever
// reach stdout; the process ends cleanly on stdin EOF, SIGTERM or SIGINT.

#include "mcp/server.h"

namespace djust::mcp {

// Serves until the client goes away. Returns the process exit code.
int run_stdio_server(const registry::Registry& registry, const ServerIdentity& identity, const ServerOptions& options);

}  // namespace djust::mcp
