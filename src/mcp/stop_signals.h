#pragma once
// SIGTERM and SIGINT turned into a readable file descriptor, so that a transport's loop can wait
// for them with poll(); SIGPIPE is ignored (a vanished peer shows up as EPIPE on write instead).

namespace djust::mcp {

// Installs the handlers (once per process) and returns the descriptor that becomes readable on a
// stop signal; -1 when no pipe could be made.
int install_stop_signals();

}  // namespace djust::mcp
