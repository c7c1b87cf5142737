#include "mcp/stdio_transport.h"

#include "core/log.h"
#include "mcp/line_reader.h"
#include "mcp/stop_signals.h"

#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <fcntl.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace djust::mcp {
namespace {

// Larger messages are refused (with a parse error) rather than buffered without bound.
constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;
// How long outstanding calls may take to finish once the client has closed stdin.
constexpr std::chrono::milliseconds kShutdownGrace{3000};
// How long a reply being written when the server gives up on a stuck call may take to finish.
constexpr std::chrono::milliseconds kLastLineWait{1000};

class StdoutSink : public MessageSink {
 public:
  StdoutSink() {
    // Large results (the whole schema is ~0.5 MB on the wire) cross a bigger pipe with fewer
    // context switches. Not a pipe, or not allowed: the default is fine.
    ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
  }

  bool send(const std::string& line) override {
    static const char newline = '\n';
    iovec parts[2] = {{const_cast<char*>(line.data()), line.size()}, {const_cast<char*>(&newline), 1}};
    std::size_t remaining = line.size() + 1;
    iovec* next = parts;
    int count = 2;
    while (remaining > 0) {
      const ssize_t n = ::writev(STDOUT_FILENO, next, count);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;  // EPIPE and friends: the client is gone
      }
      remaining -= static_cast<std::size_t>(n);
      // Skip what was written, possibly part of the first buffer.
      std::size_t done = static_cast<std::size_t>(n);
      while (count > 0 && done >= next->iov_len) {
        done -= next->iov_len;
        ++next;
        --count;
      }
      if (count > 0) {
        next->iov_base = static_cast<char*>(next->iov_base) + done;
        next->iov_len -= done;
      }
    }
    return true;
  }
};

// Stops the server; when a call ignores cancellation past its deadline, ends the process without
// waiting for it (destructors would join its thread), after the line being written, if any.
int stop(Server& server, bool finish_first, std::string_view why) {
  // Logs of the shutdown go to stderr only: a client that stopped reading would block them.
  core::set_log_forwarder({});
  core::log(core::LogLevel::info, "mcp", why);
  const bool stopped = finish_first ? server.finish(kShutdownGrace) : server.abort();
  if (stopped) return 0;
  core::log(core::LogLevel::warning, "mcp",
            "a call did not stop within " + std::to_string(Server::kStopDeadline.count()) +
                " ms of being cancelled: exiting without it");
  server.seal_output(kLastLineWait);
  std::_Exit(0);
}

}  // namespace

int run_stdio_server(const registry::Registry& registry, const ServerIdentity& identity, const ServerOptions& options) {
  const int stop_signal = install_stop_signals();
  StdoutSink sink;
  Server server(registry, identity, options, sink);
  core::log(core::LogLevel::info, "mcp", "serving on stdio");

  LineReader reader(server, kMaxMessageBytes);
  char chunk[1 << 16];
  while (!server.disconnected()) {
    // stdout too: a client that stops reading but keeps stdin open would otherwise keep us
    // waiting for input that no reply can ever answer (a pipe reports its reader gone as POLLERR).
    pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {STDOUT_FILENO, 0, 0}, {stop_signal, POLLIN, 0}};
    if (::poll(fds, stop_signal >= 0 ? 3 : 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[2].revents & POLLIN) return stop(server, false, "stopping on signal");
    if (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL))
      return stop(server, false, "the client stopped reading: stopping");
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) {
      reader.finish();
      break;
    }
    reader.feed(std::string_view(chunk, static_cast<std::size_t>(n)));
  }
  if (server.disconnected()) {
    // Nobody reads our replies any more: finishing the calls in flight would be wasted work.
    return stop(server, false, "the client stopped reading: stopping");
  }
  return stop(server, true, "client closed the connection");
}

}  // namespace djust::mcp
