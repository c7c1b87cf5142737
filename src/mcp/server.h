#pragma once
// An MCP server over any line transport: JSON-RPC 2.0 framing, the initialize lifecycle and
// version negotiation, and dispatch of tools, resources, prompts, logging and completion to the
// registry. It knows nothing about djust.

#include "core/log.h"
#include "registry/registry.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace djust::mcp {

using nlohmann::json;

// Protocol versions this server speaks, oldest first; the last is offered when the client asks
// for one we do not know.
const std::vector<std::string>& supported_protocol_versions();

// A tool as tools/list presents it under `protocol_version` (fields appear with the version
// that introduced them).
json tool_descriptor(const registry::Tool& tool, std::string_view protocol_version);

struct ServerIdentity {
  std::string name;
  std::string title;
  std::string version;
  std::string description;
};

struct ServerOptions {
  std::size_t page_size = 100;     // items per tools/list (etc.) page
  std::size_t worker_threads = 4;  // tools/call runs on these, so cancellation can reach it
};

// Receives each outgoing message as one line of JSON (without the newline). Returns false when
// the peer is gone; the server then stops sending.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual bool send(const std::string& line) = 0;
};

class Server {
 public:
  Server(const registry::Registry& registry, ServerIdentity identity, ServerOptions options, MessageSink& sink);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // One line received from the client.
  void handle_line(std::string_view line);

  // The transport dropped a message longer than `limit` bytes.
  void reject_oversized_message(std::size_t limit);

  // The client closed its end: finish what was asked within `grace`, cancel the rest, stop.
  void finish(std::chrono::milliseconds grace);
  // Stop now (SIGTERM): cancel everything in flight.
  void abort();

  // True once the sink reported the peer gone.
  bool disconnected() const { return disconnected_; }

 private:
  struct RpcError {
    int code;
    std::string message;
    json data;
  };
  struct Job;

  // Handles one parsed message. Replies go to `batch_replies` when set, else straight out.
  void handle_message(const json& message, std::vector<json>* batch_replies);
  json dispatch_request(const std::string& method, const json& params, const json& id, std::vector<json>* batch_replies,
                        bool& deferred);
  void handle_notification(const std::string& method, const json& params);

  json initialize(const json& params);
  json list_tools(const json& params) const;
  json list_resources(const json& params) const;
  json list_resource_templates(const json& params) const;
  json read_resource(const json& params) const;
  json list_prompts(const json& params) const;
  json get_prompt(const json& params) const;
  json set_log_level(const json& params);
  json complete(const json& params) const;
  // Runs tools/call now (inside a batch) or on a worker; nullopt when the reply is deferred.
  std::optional<json> call_tool(const json& params, const json& id, bool run_inline);
  json tool_result(const registry::Tool& tool, const registry::ToolOutcome& outcome) const;

  template <typename T, typename Render>
  json paginate(const std::vector<T>& items, const json& params, const char* key, Render render) const;

  const std::string& protocol_version() const;
  bool version_at_least(std::string_view version) const;
  void send(const json& message);
  void send_line(const std::string& line);
  void send_result(const json& id, json result);
  void send_error(const json& id, const RpcError& error);
  static json error_message(const json& id, const RpcError& error);
  void forward_log(core::LogLevel level, std::string_view logger, std::string_view message);

  void start_workers();
  void worker_loop(std::stop_token stop);

  const registry::Registry& registry_;
  ServerIdentity identity_;
  ServerOptions options_;
  MessageSink& sink_;

  std::mutex send_mutex_;
  std::atomic<bool> disconnected_{false};

  std::atomic<int> version_index_{-1};  // index into supported_protocol_versions(); -1 before initialize
  std::atomic<bool> initialized_{false};
  std::atomic<int> client_log_level_{-1};  // -1: the client has not asked for log messages

  // Serialized results of deterministic tools, by tool, protocol version and arguments.
  std::mutex result_cache_mutex_;
  std::map<std::string, std::shared_ptr<const std::string>> result_cache_;
  std::size_t result_cache_bytes_ = 0;

  std::mutex jobs_mutex_;
  std::condition_variable_any jobs_changed_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::string, std::shared_ptr<Job>> in_flight_;  // by request id (dumped), queued or running
  std::vector<std::jthread> workers_;
};

}  // namespace djust::mcp
