// Measures the MCP server as a client sees it: cold start to the initialize reply, warm
// tools/call round trips of get_framework_schema, and the server's peak RSS.
// Usage: djust-mcp-bench PATH/TO/djust-mcp [RUNS]
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_table.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

extern char** environ;

namespace {

using bench::Clock;
using bench::ms_since;
using bench::row;
using bench::Stats;
using bench::stats;

struct Child {
  pid_t pid = -1;
  int to_child = -1;
  int from_child = -1;
  std::string pending;

  void write_line(const std::string& line) {
    std::string framed = line;
    framed.push_back('\n');
    std::size_t done = 0;
    while (done < framed.size()) {
      const ssize_t n = ::write(to_child, framed.data() + done, framed.size() - done);
      if (n <= 0) throw std::runtime_error("write to server failed");
      done += static_cast<std::size_t>(n);
    }
  }

  std::string read_line() {
    char buffer[1 << 16];
    std::size_t scanned = 0;  // only new bytes are searched, so long replies cost linear time
    while (true) {
      if (auto nl = pending.find('\n', scanned); nl != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        return line;
      }
      scanned = pending.size();
      const ssize_t n = ::read(from_child, buffer, sizeof buffer);
      if (n <= 0) throw std::runtime_error("server closed stdout");
      pending.append(buffer, static_cast<std::size_t>(n));
    }
  }
};

Child spawn(const std::string& binary) {
  int in[2];
  int out[2];
  if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, in[1]);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char*> argv = {const_cast<char*>(binary.c_str()), nullptr};
  Child child;
  if (posix_spawn(&child.pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + binary);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  child.to_child = in[1];
  child.from_child = out[0];
  return child;
}

// Closes stdin and waits; returns the child's peak RSS in KiB.
long finish(Child& child) {
  ::close(child.to_child);
  ::close(child.from_child);
  int status = 0;
  rusage usage{};
  ::wait4(child.pid, &status, 0, &usage);
  return usage.ru_maxrss;
}

const std::string kInitialize =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}})";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: djust-mcp-bench PATH/TO/djust-mcp [RUNS]\n";
    return 2;
  }
  const std::string binary = argv[1];
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 50;
  std::vector<double> cold;
  std::vector<double> first_call;
  std::vector<double> warm;
  std::vector<double> rss_mib;
  const std::string call =
      R"({"jsonrpc":"2.0","id":ID,"method":"tools/call","params":{"name":"get_framework_schema","arguments":{}}})";
  try {
    for (int run = 0; run < runs; ++run) {
      const auto start = Clock::now();
      Child child = spawn(binary);
      child.write_line(kInitialize);
      child.read_line();
      cold.push_back(ms_since(start));
      child.write_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
      for (int i = 1; i <= 21; ++i) {
        std::string request = call;
        request.replace(request.find("ID"), 2, std::to_string(i));
        const auto t = Clock::now();
        child.write_line(request);
        const std::string reply = child.read_line();
        if (reply.find("\"structuredContent\"") == std::string::npos)
          throw std::runtime_error("bad reply: " + reply.substr(0, 200));
        (i == 1 ? first_call : warm).push_back(ms_since(t));
      }
      rss_mib.push_back(static_cast<double>(finish(child)) / 1024.0);
    }
  } catch (const std::exception& e) {
    std::cerr << "djust-mcp-bench: " << e.what() << "\n";
    return 1;
  }
  std::printf("djust-mcp MCP benchmark: %d cold starts, %zu warm calls\n\n", runs, warm.size());
  bench::header();
  const Stats c = stats(cold);
  const Stats f = stats(first_call);
  const Stats w = stats(warm);
  const Stats r = stats(rss_mib);
  row("cold start to initialize reply", c, "ms", "<= 5", c.median <= 5);
  row("first get_framework_schema call (loads data)", f, "ms", "-", true);
  row("warm get_framework_schema round trip", w, "ms", "<= 1", w.median <= 1);
  row("peak RSS", r, "MiB", "<= 15", r.max <= 15);
  return 0;
}
