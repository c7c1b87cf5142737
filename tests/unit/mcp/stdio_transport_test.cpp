// The stdio transport in a child process of its own, so that the test sees what a client sees:
// its exit status and timing, and every byte of its stdout.

#include "mcp/stdio_transport.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <thread>

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// The call a client cannot stop: it tells the test it started, then sleeps through cancellation
// (as a handler stuck in a slow loop would).
djust::registry::Registry registry_with_stuck_tool(int started_fd) {
  djust::registry::Tool tool;
  tool.name = "stuck";
  tool.input_schema = {{"type", "object"}};
  tool.handler = [started_fd](const json&, djust::registry::CallContext&) {
    [[maybe_unused]] auto ignored = ::write(started_fd, "s", 1);
    std::this_thread::sleep_for(std::chrono::seconds(60));
    return json::object();
  };
  return djust::registry::Registry({std::move(tool)}, {}, {}, {}, "");
}

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    read = fds[0];
    write = fds[1];
  }
};

// Reads what `fd` has until `done` holds or `limit` passes.
template <typename Done>
bool read_until(int fd, std::string& into, Clock::duration limit, Done done) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return done();
    into.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

class ChildServer {
 public:
  ChildServer() {
    Pipe in, out, err, started;
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(in.read, STDIN_FILENO);
      ::dup2(out.write, STDOUT_FILENO);
      ::dup2(err.write, STDERR_FILENO);
      // Only the child's own ends stay open: a write end of its stdin left here would hide EOF.
      for (int fd : {in.read, in.write, out.read, out.write, err.read, err.write, started.read}) ::close(fd);
      const auto registry = registry_with_stuck_tool(started.write);
      ::_exit(djust::mcp::run_stdio_server(registry, {"djust-mcp", "t", "0", "d"},
                                           {.worker_threads = 2, .client_roots = nullptr}));
    }
    for (int fd : {in.read, out.write, err.write, started.write}) ::close(fd);
    stdin_ = in.write;
    stdout_ = out.read;
    stderr_ = err.read;
    started_ = started.read;
  }
  ~ChildServer() {
    close_stdin();
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    for (int fd : {stdout_, stderr_, started_}) ::close(fd);
  }

  void send(const std::string& line) {
    const std::string data = line + "\n";
    REQUIRE(::write(stdin_, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  }
  void close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }
  void signal(int sig) { ::kill(pid_, sig); }

  bool wait_started() {
    std::string byte;
    return read_until(started_, byte, std::chrono::seconds(10), [&] { return !byte.empty(); });
  }
  // Reads stdout until it holds `text`.
  bool wait_output(const std::string& text) {
    return read_until(stdout_, stdout_text_, std::chrono::seconds(10),
                      [&] { return stdout_text_.find(text) != std::string::npos; });
  }
  // The exit status once the process ended within `limit`; its output is read meanwhile so that a
  // full pipe never holds it up.
  std::optional<int> wait_exit(Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = status;
        read_until(stdout_, stdout_text_, std::chrono::seconds(1), [] { return false; });
        read_until(stderr_, stderr_text_, std::chrono::seconds(1), [] { return false; });
        return status;
      }
      read_until(stdout_, stdout_text_, std::chrono::milliseconds(20), [] { return false; });
      read_until(stderr_, stderr_text_, std::chrono::milliseconds(1), [] { return false; });
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the pipes may be at EOF already
    }
    return std::nullopt;
  }

  const std::string& stdout_text() const { return stdout_text_; }
  const std::string& stderr_text() const { return stderr_text_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1, started_ = -1;
  std::optional<int> status_;
  std::string stdout_text_, stderr_text_;
};

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

// Every line whole and a JSON-RPC message; the stuck call never answered.
void check_output(const std::string& out) {
  REQUIRE_FALSE(out.empty());
  CHECK(out.back() == '\n');
  std::size_t start = 0;
  for (std::size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
    const json message = json::parse(out.substr(start, nl - start), nullptr, false);
    INFO(out.substr(start, nl - start));
    CHECK(message.is_object());
    CHECK(message.value("id", json()) != 2);
  }
}

void start_stuck_call(ChildServer& server) {
  server.send(kInitialize);
  server.send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"stuck"}})");
  REQUIRE(server.wait_started());
  server.send(R"({"jsonrpc":"2.0","id":3,"method":"ping"})");
  REQUIRE(server.wait_output(R"("id":3)"));
}

}  // namespace

TEST_CASE("stdio: stdin closed while a call ignores cancellation: exit after the grace and the deadline") {
  ChildServer server;
  start_stuck_call(server);
  const auto closed = Clock::now();
  server.close_stdin();
  // 3 s for calls to finish, 2 s for the cancelled ones to stop; it used to wait for the call.
  const auto status = server.wait_exit(std::chrono::seconds(9));
  REQUIRE_MESSAGE(status.has_value(), "still running 9 s after stdin closed; stderr:\n" << server.stderr_text());
  CHECK(Clock::now() - closed >= std::chrono::milliseconds(4900));
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  check_output(server.stdout_text());
  CHECK(server.stderr_text().find("a call did not stop within 2000 ms of being cancelled") != std::string::npos);
}

TEST_CASE("stdio: SIGTERM while a call ignores cancellation: exit after the deadline") {
  ChildServer server;
  start_stuck_call(server);
  const auto signalled = Clock::now();
  server.signal(SIGTERM);
  const auto status = server.wait_exit(std::chrono::seconds(6));
  REQUIRE_MESSAGE(status.has_value(), "still running 6 s after SIGTERM; stderr:\n" << server.stderr_text());
  CHECK(Clock::now() - signalled < std::chrono::seconds(4));
  CHECK(WIFEXITED(*status));
  CHECK(WEXITSTATUS(*status) == 0);
  check_output(server.stdout_text());
}
