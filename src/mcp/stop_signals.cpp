#include "mcp/stop_signals.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace djust::mcp {
namespace {

int signal_pipe[2] = {-1, -1};

extern "C" void on_stop_signal(int) {
  const char byte = 1;
  // Nothing but async-signal-safe calls here; a full pipe already means "stop".
  [[maybe_unused]] auto ignored = ::write(signal_pipe[1], &byte, 1);
}

}  // namespace

int install_stop_signals() {
  if (signal_pipe[0] < 0 && ::pipe(signal_pipe) == 0) {
    for (int fd : signal_pipe) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return signal_pipe[0];
}

}  // namespace djust::mcp
