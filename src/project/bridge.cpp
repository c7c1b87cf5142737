#include "project/bridge.h"

#include "core/embedded.h"
#include "core/json_schema.h"
#include "core/log.h"
#include "core/project_config.h"
#include "core/subprocess.h"
#include "core/text.h"
#include "project/project_locator.h"

#include <cstdio>
#include <vector>

namespace djust::project {
namespace {

using core::Clock;
using core::IoStatus;

constexpr int kRequestFd = 3;
constexpr int kReplyFd = 4;
constexpr std::string_view kScriptPath = "data/bridge/djust_bridge.py";
// Far deeper than any real reply of the bridge.
constexpr std::size_t kMaxNestingDepth = 1000;

// Run by `manage.py shell -c` once the project is set up: reads the bridge script from the
// request pipe (length first) and hands both pipes to it.
constexpr std::string_view kBootstrap =
    "import os;r=os.fdopen(3,'rb');s=r.read(int(r.readline()));g={'__name__':'djust_mcp_bridge'};"
    "exec(compile(s,'djust_bridge.py','exec'),g);g['serve'](r,os.fdopen(4,'wb'))";

constexpr std::string_view kCancelled =
    "The call was cancelled. The project's Python process was stopped; the next call starts it again.";

std::string seconds(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g s", static_cast<double>(ms.count()) / 1000.0);
  return text;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return lines;
}

// A string member of a reply, or `fallback` when it is missing or not a string.
// The project's answer to a request it refused ("'X' matches 2 classes"): about the request, not
// about the interpreter, so no note on which interpreter runs the project is added to it.
class RequestRefused : public BridgeError {
 public:
  using BridgeError::BridgeError;
};

std::string text_of(const json& object, const char* key, const std::string& fallback) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// Where `value` breaks `schema` ("at /views/0/line: ..."); empty when it conforms.
std::string contract_violations(const json& schema, const json& value) {
  return core::describe_violations(core::validate_json(schema, value));
}

// A reply the contract does not allow is a disagreement between our two halves, not something the
// user can fix: say where, log it, and do not pass it on.
BridgeError contract_breach(const std::string& what, const std::string& violation) {
  const std::string text = "The project's bridge sent " + what + " that data/bridge/contract.json does not allow, " +
                           violation +
                           ". This is a bug in djust-mcp (its bridge and its contract disagree); please report it.";
  core::log(core::LogLevel::error, "project", text);
  return BridgeError(text);
}

}  // namespace

// Serializes callers: one request at a time, and a caller may be cancelled while it waits.
class Bridge::Turn {
 public:
  Turn(Bridge& bridge, const std::stop_token& stop) : bridge_(bridge) {
    std::unique_lock lock(bridge_.mutex_);
    if (!bridge_.turn_free_.wait(lock, stop, [this] { return !bridge_.busy_; }))
      throw BridgeError(std::string(kCancelled));
    bridge_.busy_ = true;
  }
  ~Turn() {
    {
      std::lock_guard lock(bridge_.mutex_);
      bridge_.busy_ = false;
    }
    bridge_.turn_free_.notify_one();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;

 private:
  Bridge& bridge_;
};

Bridge::Bridge(BridgeOptions options) : options_(std::move(options)), sources_(options_.project_dir) {}

Bridge::~Bridge() { stop_process(); }

int Bridge::starts() const {
  std::lock_guard lock(mutex_);
  return starts_;
}

template <typename Body>
json Bridge::explained(Body body) {
  try {
    return body();
  } catch (const RequestRefused&) {
    throw;
  } catch (const BridgeError& e) {
    if (std::string_view(e.what()) == kCancelled) throw;
    throw BridgeError(std::string(e.what()) + "\n" + interpreter_note({options_.python, options_.python_reason}));
  }
}

json Bridge::info(const std::stop_token& stop) {
  return explained([&] {
    Turn turn(*this, stop);
    ensure_running(stop);
    return info_;
  });
}

json Bridge::request(const BridgeMethod& method, const json& params, const std::stop_token& stop) {
  if (const std::string violation = contract_violations(method.params, params); !violation.empty())
    throw std::invalid_argument("parameters for the bridge method " + method.name +
                                " that data/bridge/contract.json does not allow, " + violation);
  json result = explained([&] { return answer(method, params, stop); });
  if (const std::string violation = contract_violations(method.reply, result); !violation.empty())
    throw contract_breach("a result of " + method.name, violation);
  return result;
}

json Bridge::answer(const BridgeMethod& method, const json& params, const std::stop_token& stop) {
  Turn turn(*this, stop);
  ensure_running(stop);
  const std::uint64_t id = next_id_++;
  const auto deadline = Clock::now() + options_.timeout;
  const std::string during = "answering " + method.name;
  write_or_throw(json{{"id", id}, {"method", method.name}, {"params", params}}.dump() + "\n", deadline, stop, during);
  json reply = read_reply(deadline, stop, during);
  if (!reply.is_object() || reply.value("id", json()) != id) {
    stop_process();
    throw BridgeError("The project's Python process answered out of turn while " + during +
                      "; it was stopped and the next call starts it again.");
  }
  if (reply.value("ok", json()) != true) {
    std::string error = text_of(reply, "error", "the bridge reported an error");
    if (reply.value("about_interpreter", false)) throw BridgeError(std::move(error));
    throw RequestRefused(std::move(error));
  }
  return std::move(reply["result"]);
}

void Bridge::ensure_running(const std::stop_token& stop) {
  if (process_ && process_->poll_exit()) {
    core::log(
        core::LogLevel::warning, "project",
        "the project's Python process ended by itself (" + process_->poll_exit()->describe() + "); restarting it");
    stop_process();
  }
  if (process_ && sources_.changed()) {
    core::log(core::LogLevel::info, "project", "the project's .py files changed: restarting its Python process");
    stop_process();
  }
  if (!process_) start(stop);
}

void Bridge::start(const std::stop_token& stop) {
  const auto script = core::embedded_file(kScriptPath);
  if (!script) throw std::logic_error("the bridge script is not embedded");
  json bridge_options = {{"exclude", json::array()}, {"exclude_base", options_.project_dir.string()}};
  try {
    // Read at every start: a changed pyproject.toml counts from the next restart on.
    if (const auto config = core::load_project_config(options_.project_dir)) {
      bridge_options["exclude"] = config->exclude;
      bridge_options["exclude_base"] = config->file.parent_path().string();
    }
  } catch (const std::runtime_error& e) {
    throw BridgeError(e.what());
  }
  core::SubprocessOptions spawn;
  spawn.argv = {options_.python.string(), "manage.py", "shell", "-c", std::string(kBootstrap)};
  spawn.cwd = options_.project_dir;
  spawn.env = {{"PYTHONUNBUFFERED", "1"}};  // the project's prints reach our log as they happen
  spawn.input_fds = {kRequestFd};
  spawn.output_fds = {kReplyFd};
  spawn.on_output_line = [](std::string_view line) { core::log(core::LogLevel::debug, "project", line); };
  const auto started = Clock::now();
  sources_.reset();  // before the project loads: an edit made while it starts still counts
  try {
    process_ = std::make_unique<core::Subprocess>(std::move(spawn));
  } catch (const core::SubprocessError& e) {
    throw BridgeError(std::string("Cannot start the project's Python: ") + e.what() + ".");
  }
  {
    std::lock_guard lock(mutex_);
    ++starts_;
  }
  const auto deadline = started + options_.timeout;
  const std::string during = "loading the project (python manage.py shell)";
  write_or_throw(std::to_string(script->size()) + "\n" + std::string(*script) + bridge_options.dump() + "\n", deadline,
                 stop, during);
  json ready = read_reply(deadline, stop, during);
  if (!ready.is_object() || ready.value("ready", json()) != true) {
    stop_process();
    throw BridgeError("The project's Python process did not start the bridge as expected while " + during + ".");
  }
  if (const std::string violation = contract_violations(bridge_ready_schema(), ready["info"]); !violation.empty()) {
    stop_process();
    throw contract_breach("project information", violation);
  }
  info_ = std::move(ready["info"]);
  loaded_ = true;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  core::log(core::LogLevel::info, "project",
            "bridge ready in " + std::to_string(ms) + " ms: Django " + text_of(info_, "django", "?") + ", settings " +
                text_of(info_, "settings", "?"));
}

void Bridge::stop_process() {
  process_.reset();
  loaded_ = false;
}

void Bridge::write_or_throw(std::string_view data, Clock::time_point deadline, const std::stop_token& stop,
                            const std::string& during) {
  const IoStatus status = process_->write(kRequestFd, data, deadline, stop);
  if (status == IoStatus::ok) return;
  // The reply side tells why (gone, hung or cancelled) and throws with the project's output.
  read_reply(status == IoStatus::closed ? deadline : Clock::now(), stop, during);
  stop_process();
  throw BridgeError("The project's Python process stopped reading requests while " + during + ".");
}

json Bridge::read_reply(Clock::time_point deadline, const std::stop_token& stop, const std::string& during) {
  std::string line;
  switch (process_->read_line(kReplyFd, line, deadline, stop)) {
    case IoStatus::ok: {
      // Parsed without exceptions (a number such as 1e400 discards the reply rather than throwing);
      // too deep a reply would overflow the stack once copied or dumped (core/text.h).
      json reply = core::json_nested_deeper_than(line, kMaxNestingDepth) ? json(json::value_t::discarded)
                                                                         : json::parse(line, nullptr, false);
      if (reply.is_discarded()) {
        stop_process();
        throw BridgeError("The project's Python process sent a reply that is not JSON while " + during +
                          "; it was stopped and the next call starts it again.");
      }
      return reply;
    }
    case IoStatus::stopped:
      stop_process();
      throw BridgeError(std::string(kCancelled));
    case IoStatus::timeout: {
      const std::string output = process_->output_tail();
      stop_process();
      std::string text = "Timed out after " + seconds(options_.timeout) + " while " + during +
                         ". The project's Python process was stopped; the next call starts it again. Something the "
                         "project runs may block (a network call, input(), a slow query or import). Raise the limit "
                         "with --bridge-timeout or DJUST_MCP_BRIDGE_TIMEOUT (seconds) if the project is just slow.";
      if (!core::trim(output).empty()) text += "\n" + summarize_python_failure(output);
      throw BridgeError(text);
    }
    case IoStatus::closed:
      break;
  }
  const auto status = process_->wait_exit(Clock::now() + std::chrono::seconds(2));
  const std::string output = process_->output_tail();
  const std::string how = status ? status->describe() : std::string("stopped answering");
  // A process that dies after loading the project (killed, out of memory, os._exit in a
  // handler) is not a project that fails to load: say so, and that the next call recovers.
  const bool was_loaded = loaded_;
  stop_process();
  if (was_loaded)
    throw BridgeError("The project's Python process ended (" + how + ") while " + during +
                      "; the next call starts it again.\n" + summarize_python_failure(output));
  throw BridgeError("The Django project could not be loaded: " + classify_load_failure(output) +
                    "\n`python manage.py shell` " + how + " while " + during + ".\n" +
                    summarize_python_failure(output));
}

std::string classify_load_failure(std::string_view output) {
  const auto has = [&](std::string_view text) { return output.find(text) != std::string_view::npos; };
  if (has("No module named 'django'") || has("Couldn't import Django"))
    return "Django is not installed in this interpreter.";
  if (has("No module named 'djust'")) return "djust is not installed in this interpreter.";
  const std::string summary = summarize_python_failure(output);
  if (has("Traceback (most recent call last):"))
    return "the project's settings (or an app they name) failed to import: " + summary.substr(0, summary.find('\n'));
  return "its Python process ended before the project was set up.";
}

std::string summarize_python_failure(std::string_view output) {
  const auto lines = split_lines(output);
  std::string summary;
  std::size_t traceback = lines.size();
  for (std::size_t i = lines.size(); i-- > 0;) {
    if (core::trim(lines[i]) == "Traceback (most recent call last):") {
      traceback = i;
      break;
    }
  }
  if (traceback < lines.size()) {
    // The exception line is the last unindented line of the traceback; the frame it was raised
    // in is the last `File "...", line N` above it.
    std::string_view exception;
    std::size_t exception_at = lines.size();
    for (std::size_t i = lines.size(); i-- > traceback + 1;) {
      if (!core::trim(lines[i]).empty() && lines[i].front() != ' ' && lines[i].front() != '\t') {
        exception = core::trim(lines[i]);
        exception_at = i;
        break;
      }
    }
    // Where it was raised: the innermost frame in the project's own code, not in Python's
    // library or installed packages (for a missing app that is manage.py, not importlib).
    std::string_view where;
    for (std::size_t i = exception_at; i-- > traceback;) {
      const std::string_view frame = core::trim(lines[i]);
      if (frame.starts_with("File \"") && !frame.starts_with("File \"<") &&
          frame.find("/lib/python") == std::string_view::npos) {
        where = frame;
        break;
      }
    }
    if (!exception.empty()) {
      summary = std::string(exception);
      // `File "/x/settings.py", line 3, in <module>` -> `/x/settings.py, line 3`
      if (const auto quote = where.find('"', 6); !where.empty() && quote != std::string_view::npos) {
        const auto line_end = where.find(',', quote + 2 < where.size() ? quote + 2 : where.size());
        summary += " (at " + std::string(where.substr(6, quote - 6)) +
                   std::string(where.substr(
                       quote + 1, line_end == std::string_view::npos ? std::string_view::npos : line_end - quote - 1)) +
                   ")";
      }
    }
  }
  // The last lines say what the project printed on the way down (settings messages included).
  constexpr std::size_t kTailLines = 12;
  std::size_t end = lines.size();
  while (end > 0 && core::trim(lines[end - 1]).empty()) --end;
  const std::size_t begin = end > kTailLines ? end - kTailLines : 0;
  std::string tail;
  for (std::size_t i = begin; i < end; ++i) tail += (i > begin ? "\n  " : "  ") + std::string(lines[i].substr(0, 300));
  if (tail.empty()) return summary.empty() ? "It printed nothing." : summary;
  return (summary.empty() ? "" : summary + "\n") + "Last lines of its output:\n" + tail;
}

}  // namespace djust::project
