#include "core/subprocess.h"

#include "core/unique_fd.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

extern char** environ;

namespace djust::core {
namespace {

constexpr int kPollSliceMs = 20;  // how often a wait looks at its stop token

std::string errno_text(int error) { return std::strerror(error); }

// Moves `fd` to a number >= `minimum`, so that dup2() onto the child's low descriptors can
// never overwrite a pipe end that still has to be placed.
UniqueFd above(UniqueFd fd, int minimum) {
  if (fd.get() >= minimum) return fd;
  const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, minimum);
  if (moved < 0) throw SubprocessError("cannot duplicate a pipe descriptor: " + errno_text(errno));
  return UniqueFd(moved);
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw SubprocessError("cannot create a pipe: " + errno_text(errno));
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Milliseconds poll() may wait: until the deadline, in slices when a stop may be requested.
int poll_timeout(Clock::time_point deadline, const std::stop_token& stop) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  const long long bounded = std::clamp<long long>(left, 0, 60'000);
  return static_cast<int>(stop.stop_possible() ? std::min<long long>(bounded, kPollSliceMs) : bounded);
}

// Writing to a pipe whose reader has gone raises SIGPIPE, which kills a process that does not
// ignore it (the CLI and the tests do not). Blocks it for this thread while we write, and
// swallows the one a failed write left pending.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
      const timespec zero{};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
};

ExitStatus decode(int wait_status) {
  ExitStatus status;
  if (WIFEXITED(wait_status)) status.code = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) status.signal = WTERMSIG(wait_status);
  return status;
}

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos && overrides.contains(std::string(entry.substr(0, eq)))) continue;
    env.emplace_back(entry);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

bool is_executable_file(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "exit status " + std::to_string(code);
}

std::optional<std::filesystem::path> find_executable(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos) {
    if (!is_executable_file(program)) return std::nullopt;
    return std::filesystem::absolute(program);
  }
  const char* path_env = std::getenv("PATH");
  std::string_view dirs = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    if (dir.empty()) continue;  // an empty entry means "."; never run what happens to lie here
    const std::filesystem::path candidate = std::filesystem::path(dir) / program;
    if (is_executable_file(candidate)) return candidate;
  }
  return std::nullopt;
}

// Reads the child's stdout+stderr pipe until EOF, keeping its tail and handing out lines.
struct Subprocess::OutputDrain {
  OutputDrain(UniqueFd fd, std::size_t limit, std::function<void(std::string_view)> on_line)
      : fd_(std::move(fd)), limit_(limit), on_line_(std::move(on_line)) {
    set_nonblocking(fd_.get());
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }

  std::string tail(std::chrono::milliseconds wait_for_eof) {
    std::unique_lock lock(mutex_);
    finished_changed_.wait_for(lock, wait_for_eof, [this] { return finished_; });
    return tail_;
  }

 private:
  void run(const std::stop_token& stop) {
    char buffer[8192];
    while (!stop.stop_requested()) {
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, 100) < 0 && errno != EINTR) break;
      const ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        break;
      }
      append(std::string_view(buffer, static_cast<std::size_t>(n)));
    }
    if (!partial_.empty() && on_line_) on_line_(partial_);
    std::lock_guard lock(mutex_);
    finished_ = true;
    finished_changed_.notify_all();
  }

  void append(std::string_view chunk) {
    {
      std::lock_guard lock(mutex_);
      tail_.append(chunk);
      if (tail_.size() > limit_) tail_.erase(0, tail_.size() - limit_);
    }
    if (!on_line_) return;
    partial_.append(chunk);
    std::size_t start = 0;
    for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1)
      on_line_(std::string_view(partial_).substr(start, nl - start));
    partial_.erase(0, start);
    if (partial_.size() > limit_) {  // a line without end: hand it out in pieces
      on_line_(partial_);
      partial_.clear();
    }
  }

  UniqueFd fd_;
  std::size_t limit_;
  std::function<void(std::string_view)> on_line_;
  std::string partial_;  // touched by the draining thread only
  std::mutex mutex_;
  std::condition_variable finished_changed_;
  std::string tail_;
  bool finished_ = false;
  std::jthread thread_;  // last: it stops and joins before the members it uses go away
};

Subprocess::Subprocess(SubprocessOptions options) {
  if (options.argv.empty()) throw SubprocessError("no program to run");
  const auto program = find_executable(options.argv[0]);
  if (!program) {
    throw SubprocessError(
        "cannot run '" + options.argv[0] +
        "': " + (options.argv[0].find('/') == std::string::npos ? "not found on PATH" : "no such executable file"));
  }
  std::set<int> targets = {0, 1, 2};
  for (int fd : options.input_fds) targets.insert(fd);
  for (int fd : options.output_fds) targets.insert(fd);
  if (*targets.begin() < 0 || targets.size() != 3 + options.input_fds.size() + options.output_fds.size())
    throw SubprocessError("extra child descriptors must be distinct and above 2");
  const int first_free = *targets.rbegin() + 1;

  try {
    UniqueFd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (dev_null.get() < 0) throw SubprocessError("cannot open /dev/null: " + errno_text(errno));
    dev_null = above(std::move(dev_null), first_free);
    Pipe output = make_pipe();
    output.write = above(std::move(output.write), first_free);

    std::vector<std::pair<int, UniqueFd>> child_ends;  // child descriptor -> the pipe end it becomes
    for (int fd : options.input_fds) {
      Pipe p = make_pipe();
      set_nonblocking(p.write.get());
      fds_[fd] = p.write.release();
      child_ends.emplace_back(fd, above(std::move(p.read), first_free));
    }
    for (int fd : options.output_fds) {
      Pipe p = make_pipe();
      set_nonblocking(p.read.get());
      fds_[fd] = p.read.release();
      child_ends.emplace_back(fd, above(std::move(p.write), first_free));
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, dev_null.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, output.write.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, output.write.get(), 2);
    for (const auto& [target, end] : child_ends) posix_spawn_file_actions_adddup2(&actions, end.get(), target);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors other libraries opened without O_CLOEXEC must not leak into the child either.
    posix_spawn_file_actions_addclosefrom_np(&actions, first_free);
#endif
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t no_signals;
    sigemptyset(&no_signals);
    sigset_t defaults;  // dispositions we may have set to "ignore" (inherited through exec otherwise)
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attributes, &no_signals);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);  // its own group, so kill() reaches its children too
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> argv = options.argv;
    std::vector<std::string> env = environment_with(options.env);
    auto argv_ptrs = pointers(argv);
    auto env_ptrs = pointers(env);
    const int error = ::posix_spawn(&pid_, program->c_str(), &actions, &attributes, argv_ptrs.data(), env_ptrs.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
      pid_ = -1;
      std::string where = options.cwd.empty() ? "" : " in " + options.cwd.string();
      throw SubprocessError("cannot run '" + program->string() + "'" + where + ": " + errno_text(error));
    }
    output.write.reset();  // the child holds the only write end now: EOF when it is gone
    drain_ = std::make_unique<OutputDrain>(std::move(output.read), options.output_tail_bytes,
                                           std::move(options.on_output_line));
  } catch (...) {
    kill();  // no destructor runs for a failed constructor: close our ends, reap any child
    throw;
  }
}

Subprocess::~Subprocess() { kill(); }

int Subprocess::parent_fd(int child_fd) const {
  const auto it = fds_.find(child_fd);
  if (it == fds_.end()) throw std::logic_error("no pipe for child descriptor " + std::to_string(child_fd));
  return it->second;
}

IoStatus Subprocess::write(int child_fd, std::string_view data, Clock::time_point deadline,
                           const std::stop_token& stop) {
  const int fd = parent_fd(child_fd);
  SigpipeGuard guard;
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return IoStatus::closed;  // EPIPE: the reader is gone
    if (stop.stop_requested()) return IoStatus::stopped;
    if (Clock::now() >= deadline) return IoStatus::timeout;
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, poll_timeout(deadline, stop)) > 0 && (p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLOUT))
      return IoStatus::closed;
  }
  return IoStatus::ok;
}

IoStatus Subprocess::read_line(int child_fd, std::string& line, Clock::time_point deadline, const std::stop_token& stop,
                               std::size_t max_bytes) {
  const int fd = parent_fd(child_fd);
  std::string& buffer = read_buffers_[child_fd];
  std::size_t scanned = 0;
  while (true) {
    if (const auto nl = buffer.find('\n', scanned); nl != std::string::npos) {
      line.assign(buffer, 0, nl);
      buffer.erase(0, nl + 1);
      return IoStatus::ok;
    }
    scanned = buffer.size();
    if (buffer.size() > max_bytes) return IoStatus::closed;
    char chunk[65536];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buffer.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return IoStatus::closed;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return IoStatus::closed;
    if (stop.stop_requested()) return IoStatus::stopped;
    if (Clock::now() >= deadline) return IoStatus::timeout;
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, poll_timeout(deadline, stop));
  }
}

std::optional<ExitStatus> Subprocess::poll_exit() {
  if (exit_ || pid_ <= 0) return exit_;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) exit_ = decode(status);
  if (done < 0 && errno == ECHILD) exit_ = ExitStatus{};  // reaped elsewhere: at least it is gone
  return exit_;
}

std::optional<ExitStatus> Subprocess::wait_exit(Clock::time_point deadline) {
  while (!poll_exit()) {
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return exit_;
}

void Subprocess::kill() {
  if (pid_ > 0 && !poll_exit()) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_ = decode(status);
  }
  for (const auto& [child_fd, fd] : fds_) ::close(fd);
  fds_.clear();
}

std::string Subprocess::output_tail() const {
  // Once the child is gone its last words may still sit in the pipe: give the drain a moment.
  return drain_ ? drain_->tail(exit_ ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(0)) : std::string();
}

RunResult run_subprocess(SubprocessOptions options, std::chrono::milliseconds timeout) {
  Subprocess child(std::move(options));
  RunResult result;
  if (auto status = child.wait_exit(Clock::now() + timeout)) {
    result.status = *status;
  } else {
    result.timed_out = true;
    child.kill();
    result.status = *child.poll_exit();
  }
  result.output = child.output_tail();
  return result;
}

}  // namespace djust::core
