#pragma once
// The warm bridge into a Django project: the embedded data/bridge/djust_bridge.py running inside
// the project's own `python manage.py shell -c ...`, kept alive between calls.
//
// Protocol: the bridge reads requests on its descriptor 3 and answers on its descriptor 4, one
// JSON object per line, so nothing the project prints (its stdout and stderr are captured and
// logged) can mix with the replies or reach the MCP stream. First we send the script itself as
// "<byte count>\n<bytes>", then one line of options (the `[tool.djust-mcp] exclude` patterns discovery skips); it
// answers {"ready": true, "info": {...}} once the project is loaded. Then each request {"id", "method", "params"} gets
// {"id", "ok": true, "result"} or
// {"id", "ok": false, "error": "what went wrong"}. Every method, its params and its result, and
// the "info", are declared in data/bridge/contract.json (project/bridge_contract.h) and checked
// against it here: a result of another shape never reaches a tool.
//
// One request runs at a time. Before each, the bridge is restarted if the project's .py files
// changed since it started (project/source_watcher.h), so answers never come from stale code. A
// bridge that does not answer within the timeout, or whose call is cancelled, is killed (with
// its process group) and started afresh on the next call.

#include "project/bridge_contract.h"
#include "project/source_watcher.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>

namespace djust::core {
class Subprocess;
}

namespace djust::project {

using nlohmann::json;

struct BridgeOptions {
  std::filesystem::path project_dir;          // the folder holding manage.py
  std::filesystem::path python;               // the project's interpreter
  std::chrono::milliseconds timeout{60'000};  // for starting the project, and for each request
  std::string python_reason;                  // why that interpreter (project_locator.h), for errors
};

// Anything that kept a request from being answered; the message says what happened and what to
// do about it, for the model or the person at the CLI.
class BridgeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Bridge {
 public:
  explicit Bridge(BridgeOptions options);
  ~Bridge();
  Bridge(const Bridge&) = delete;
  Bridge& operator=(const Bridge&) = delete;

  // Sends one request and returns its result, starting (or restarting) the bridge as needed.
  // Throws BridgeError, also for a result the contract does not allow; std::invalid_argument
  // for params it does not allow (a bug of the caller).
  json request(const BridgeMethod& method, const json& params, const std::stop_token& stop = {});

  // What the project reported when the bridge came up (versions, settings, counts), starting
  // it if needed. Throws BridgeError.
  json info(const std::stop_token& stop = {});

  const BridgeOptions& options() const { return options_; }
  // How many times a bridge process was started (restarts included).
  int starts() const;

 private:
  class Turn;
  // Runs `body`, adding to any BridgeError which interpreter was used and how to choose another.
  template <typename Body>
  json explained(Body body);
  json answer(const BridgeMethod& method, const json& params, const std::stop_token& stop);
  void ensure_running(const std::stop_token& stop);
  void start(const std::stop_token& stop);
  void stop_process();
  // Reads one reply line before `deadline`, or stops the process and throws.
  json read_reply(std::chrono::steady_clock::time_point deadline, const std::stop_token& stop,
                  const std::string& during);
  void write_or_throw(std::string_view data, std::chrono::steady_clock::time_point deadline,
                      const std::stop_token& stop, const std::string& during);

  BridgeOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable_any turn_free_;
  bool busy_ = false;
  // Touched only by the caller holding the turn.
  std::unique_ptr<core::Subprocess> process_;
  SourceWatcher sources_;
  json info_;
  bool loaded_ = false;  // the running process has loaded the project and answered "ready"
  std::uint64_t next_id_ = 1;
  int starts_ = 0;
};

// A short account of why a Python process failed, from its output: the final exception line
// of the last traceback with the file and line it points at, then the last lines of output.
std::string summarize_python_failure(std::string_view output);

// What kept the project from loading, in one line, from the output of `manage.py shell`: Django
// or djust missing from the interpreter, or the project's settings (or an app) failing to import.
std::string classify_load_failure(std::string_view output);

}  // namespace djust::project
