#pragma once
// Child processes without a shell: an argv, an environment, a working directory, extra pipes on
// chosen file descriptors, reads and writes with deadlines, and a kill that takes the whole
// process group. The child's stdout and stderr share one pipe that a background thread drains
// into a bounded tail, so nothing the child prints can reach our own stdout (which belongs to
// the MCP protocol) and a chatty child never blocks on a full pipe.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace djust::core {

using Clock = std::chrono::steady_clock;

// The child could not be started (no such program, not executable, out of resources).
class SubprocessError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SubprocessOptions {
  std::vector<std::string> argv;              // argv[0] is looked up on PATH when it has no '/'
  std::filesystem::path cwd;                  // empty: our working directory
  std::map<std::string, std::string> env;     // set (or replaced) in the inherited environment
  std::vector<int> input_fds;                 // child descriptors (3 and up) the child reads and we write
  std::vector<int> output_fds;                // child descriptors (3 and up) the child writes and we read
  std::size_t output_tail_bytes = 64 * 1024;  // how much of stdout+stderr to keep
  // Each complete line of stdout+stderr, called on the draining thread.
  std::function<void(std::string_view line)> on_output_line;
};

enum class IoStatus {
  ok,
  timeout,  // the deadline passed first
  closed,   // the child closed its end (usually: it exited)
  stopped,  // the stop token was triggered
};

// How a finished child ended, as a shell would put it: "exit status 1", "killed by signal 9".
struct ExitStatus {
  int code = -1;   // exit code when it exited normally
  int signal = 0;  // the signal that ended it, otherwise
  std::string describe() const;
};

class Subprocess {
 public:
  // Starts the child in its own process group, stdin from /dev/null. Throws SubprocessError.
  explicit Subprocess(SubprocessOptions options);
  ~Subprocess();  // kill()
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Writes all of `data` to the child's descriptor `child_fd` (one of input_fds).
  IoStatus write(int child_fd, std::string_view data, Clock::time_point deadline, const std::stop_token& stop = {});
  // Reads one '\n'-terminated line (without the newline) from `child_fd` (one of output_fds).
  // Lines longer than `max_bytes` end the read with `closed`.
  IoStatus read_line(int child_fd, std::string& line, Clock::time_point deadline, const std::stop_token& stop = {},
                     std::size_t max_bytes = 256 * 1024 * 1024);

  // The exit status once the child has ended; nullopt while it runs.
  std::optional<ExitStatus> poll_exit();
  // Waits for the child to end until `deadline`; nullopt if it is still running then.
  std::optional<ExitStatus> wait_exit(Clock::time_point deadline);
  // SIGKILL to the child's process group, then reaps it. Safe to call more than once.
  void kill();

  // The last output_tail_bytes of the child's stdout and stderr, interleaved as written.
  std::string output_tail() const;

 private:
  struct OutputDrain;
  int parent_fd(int child_fd) const;

  pid_t pid_ = -1;
  std::optional<ExitStatus> exit_;
  std::map<int, int> fds_;  // child descriptor -> our end of its pipe
  std::map<int, std::string> read_buffers_;
  std::unique_ptr<OutputDrain> drain_;
};

struct RunResult {
  ExitStatus status;
  bool timed_out = false;
  std::string output;  // the stdout+stderr tail
};

// Runs a short command to completion (or kills it at the timeout).
RunResult run_subprocess(SubprocessOptions options, std::chrono::milliseconds timeout);

// The absolute path of an executable named `program` (a path with '/' is checked as given, a
// bare name is searched on $PATH); nullopt when there is none.
std::optional<std::filesystem::path> find_executable(const std::string& program);

}  // namespace djust::core
