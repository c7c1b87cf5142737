#include "core/subprocess.h"

#include <doctest/doctest.h>

#include <signal.h>

#include <fstream>
#include <mutex>
#include <thread>

using djust::core::Clock;
using djust::core::find_executable;
using djust::core::IoStatus;
using djust::core::run_subprocess;
using djust::core::Subprocess;
using djust::core::SubprocessError;
using djust::core::SubprocessOptions;
using namespace std::chrono_literals;

namespace {

SubprocessOptions options(std::vector<std::string> argv, std::vector<int> input_fds = {},
                          std::vector<int> output_fds = {}) {
  SubprocessOptions o;
  o.argv = std::move(argv);
  o.input_fds = std::move(input_fds);
  o.output_fds = std::move(output_fds);
  return o;
}

SubprocessOptions shell(const std::string& script) { return options({"sh", "-c", script}); }

// A process that is gone or only a zombie waiting for init no longer runs anything.
bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  return !(stat >> pid_field >> name >> state) || state == "Z";
}

}  // namespace

TEST_CASE("subprocess: runs argv without a shell and keeps stdout and stderr out of ours") {
  const auto result =
      run_subprocess(options({"printf", "%s|%s\\n", "a b", "$HOME;`x`"}), 5s);  // no shell: nothing is expanded
  CHECK(result.status.code == 0);
  CHECK(result.output == "a b|$HOME;`x`\n");

  const auto mixed = run_subprocess(shell("echo out; echo err >&2; exit 3"), 5s);
  CHECK(mixed.status.code == 3);
  CHECK(mixed.status.describe() == "exit status 3");
  CHECK(mixed.output == "out\nerr\n");
}

TEST_CASE("subprocess: working directory, environment and output lines") {
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  auto script = shell("pwd; echo \"$DJUST_TEST_VALUE\"; printf tail");
  script.cwd = "/";
  script.env = {{"DJUST_TEST_VALUE", "set for the child"}};
  script.on_output_line = [&](std::string_view line) {
    std::lock_guard lock(lines_mutex);
    lines.emplace_back(line);
  };
  const auto result = run_subprocess(script, 5s);
  CHECK(result.output == "/\nset for the child\ntail");
  std::lock_guard lock(lines_mutex);
  CHECK(lines == std::vector<std::string>{"/", "set for the child", "tail"});
}

TEST_CASE("subprocess: extra pipes carry a conversation on their own descriptors") {
  Subprocess child(
      options({"sh", "-c", "while read -r line <&3; do echo noise; echo \"got $line\" >&4; done"}, {3}, {4}));
  const auto deadline = Clock::now() + 5s;
  std::string line;
  REQUIRE(child.write(3, "first\nsecond\n", deadline) == IoStatus::ok);
  REQUIRE(child.read_line(4, line, deadline) == IoStatus::ok);
  CHECK(line == "got first");
  REQUIRE(child.read_line(4, line, deadline) == IoStatus::ok);
  CHECK(line == "got second");
  child.kill();
  CHECK(child.output_tail() == "noise\nnoise\n");
  CHECK(child.poll_exit()->signal == SIGKILL);
}

TEST_CASE("subprocess: reads time out, honour stop tokens, and see the child close") {
  Subprocess child(options({"sleep", "30"}, {}, {3}));
  std::string line;
  auto started = Clock::now();
  CHECK(child.read_line(3, line, Clock::now() + 100ms) == IoStatus::timeout);
  CHECK(Clock::now() - started < 2s);

  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(50ms);
    stop.request_stop();
  });
  started = Clock::now();
  CHECK(child.read_line(3, line, Clock::now() + 10s, stop.get_token()) == IoStatus::stopped);
  CHECK(Clock::now() - started < 2s);

  Subprocess quitter(options({"true"}, {}, {3}));
  CHECK(quitter.read_line(3, line, Clock::now() + 5s) == IoStatus::closed);
  CHECK(quitter.wait_exit(Clock::now() + 5s)->code == 0);
}

TEST_CASE("subprocess: writing to a child that is gone reports closed instead of raising SIGPIPE") {
  Subprocess child(options({"true"}, {3}));
  REQUIRE(child.wait_exit(Clock::now() + 5s));
  const std::string big(1 << 20, 'x');
  CHECK(child.write(3, big, Clock::now() + 5s) == IoStatus::closed);
}

TEST_CASE("subprocess: kill takes the whole process group") {
  Subprocess child(options({"sh", "-c", "sleep 30 & echo $! >&3; wait"}, {}, {3}));
  std::string line;
  REQUIRE(child.read_line(3, line, Clock::now() + 5s) == IoStatus::ok);
  const pid_t grandchild = std::stoi(line);
  CHECK_FALSE(process_gone(grandchild));
  child.kill();
  const auto deadline = Clock::now() + 5s;
  while (!process_gone(grandchild) && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  CHECK(process_gone(grandchild));
  child.kill();  // a second kill is harmless
}

TEST_CASE("subprocess: run_subprocess kills what outlives its timeout") {
  const auto started = Clock::now();
  const auto result = run_subprocess(options({"sleep", "30"}), 100ms);
  CHECK(result.timed_out);
  CHECK(result.status.signal == SIGKILL);
  CHECK(Clock::now() - started < 5s);
}

TEST_CASE("subprocess: programs that do not exist are a clear error") {
  CHECK(find_executable("sh"));
  CHECK(find_executable("sh")->is_absolute());
  CHECK_FALSE(find_executable("djust-no-such-program"));
  CHECK_FALSE(find_executable("/nonexistent/python"));
  CHECK_FALSE(find_executable(""));
  CHECK_THROWS_WITH_AS(Subprocess(options({"djust-no-such-program"})),
                       "cannot run 'djust-no-such-program': not found on PATH", SubprocessError);
  CHECK_THROWS_WITH_AS(Subprocess(options({"/nonexistent/python", "-V"})),
                       "cannot run '/nonexistent/python': no such executable file", SubprocessError);
  auto elsewhere = options({"sh"});
  elsewhere.cwd = "/nonexistent-folder";
  CHECK_THROWS_AS(Subprocess{elsewhere}, SubprocessError);
  CHECK_THROWS_AS(Subprocess(options({"sh"}, {1})), SubprocessError);
}
