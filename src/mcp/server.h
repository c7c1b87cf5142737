#pragma once
// An MCP server over any line transport: JSON-RPC 2.0 framing, the initialize lifecycle and
// version negotiation, and dispatch of tools, resources, prompts, logging and completion to the
// registry. It knows nothing about djust.

#include "core/client_roots.h"
#include "core/log.h"
#include "mcp/protocol.h"
#include "mcp/result_cache.h"
#include "registry/registry.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
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
  // Requests of different channels may share ids (stateless HTTP): keep them apart.
  bool per_channel_request_ids = false;
  // Forward logs as notifications/message to a client that asked (logging/setLevel). Off when
  // something else fans logs out to several servers.
  bool forward_logs = true;
  // Appended to the registry's instructions when not empty (the linked project's djust version,
  // known once the project has loaded); asked at each initialize and discover.
  std::function<std::string()> instructions_note = nullptr;
  // Filled with the client's roots (roots/list after initialized, again on list_changed), or
  // told there are none when the client does not offer them.
  std::shared_ptr<core::ClientRoots> client_roots;
};

// Receives each outgoing message as one line of JSON (without the newline). Returns false when
// the peer is gone; the server then stops sending.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual bool send(const std::string& line) = 0;
  // The reply to a request, with its error code when it is an error (HTTP maps some to statuses).
  virtual bool send_reply(const std::string& line, std::optional<int> /*error_code*/) { return send(line); }
};

// Error codes of the stateless revision (2026-07-28) that transports need to recognise.
inline constexpr int kHeaderMismatch = -32020;
inline constexpr int kMissingRequiredClientCapability = -32021;
inline constexpr int kUnsupportedProtocolVersion = -32022;

// The `_meta` keys of a stateless (2026-07-28) request.
inline constexpr const char* kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kMetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kMetaLogLevel = "io.modelcontextprotocol/logLevel";

// Parses one message as JSON-RPC frames it (UTF-8, bounded nesting). nullopt with `error_reply`
// set to the error to send when it is not JSON; nullopt with a null `error_reply` for a blank line.
std::optional<json> parse_message(std::string_view text, json& error_reply);

// The protocol revision a stateless request names in its _meta, if it names one.
std::optional<std::string> stateless_request_version(const json& message);

class Server {
 public:
  Server(const registry::Registry& registry, ServerIdentity identity, ServerOptions options, MessageSink& sink);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // One line received from the client. Never throws: whatever goes wrong becomes an error reply.
  void handle_line(std::string_view line);
  // One parsed message whose replies (and the notifications of its requests) go to `channel`
  // rather than to the server's sink. Never throws.
  void handle_message_on(const json& message, std::shared_ptr<MessageSink> channel);
  // The channel is gone (an HTTP client closed its stream): its requests are cancelled.
  void cancel_requests_on(const MessageSink* channel);
  // Log forwarding for hosts that fan logs out themselves (ServerOptions::forward_logs off).
  void forward_log(core::LogLevel level, std::string_view logger, std::string_view message);
  // The revision this session negotiated with initialize, if it did.
  std::optional<std::string> negotiated_version() const;

  // The transport dropped a message longer than `limit` bytes.
  void reject_oversized_message(std::size_t limit);

  // The client closed its end: finish what was asked within `grace`, then abort().
  bool finish(std::chrono::milliseconds grace, std::chrono::milliseconds stop_deadline = kStopDeadline);
  // Stop now (SIGTERM): cancel everything in flight and wait up to `stop_deadline` for the calls
  // to stop. False when one is still running (it ignores cancellation): the process should then
  // seal_output() and exit rather than wait for it (the destructor would).
  bool abort(std::chrono::milliseconds stop_deadline = kStopDeadline);
  // Sends nothing more, ever; a line being written is finished first, waiting at most `wait`
  // (a client that does not read cannot be given a whole line).
  void seal_output(std::chrono::milliseconds wait);

  // How long a cancelled call gets to stop.
  static constexpr std::chrono::milliseconds kStopDeadline{2000};

  // True once the sink reported the peer gone.
  bool disconnected() const { return disconnected_; }

 private:
  struct RpcError {
    int code;
    std::string message;
    json data;
  };
  struct Job;
  // One request being handled: what it asked, in which revision, and where its answer goes.
  struct Request {
    json id;
    std::string method;
    json params;
    std::string version;  // the revision it is spoken in
    bool stateless = false;
    std::shared_ptr<MessageSink> channel;  // null: the server's sink
    std::vector<json>* batch_replies = nullptr;
    json client_capabilities = json::object();  // the request's own (stateless) or the session's
    // The least severe log message the client wants about this request; nullopt for none.
    std::optional<core::LogLevel> log_level = std::nullopt;
    bool supports(Feature feature) const { return mcp::supports(version, feature); }
  };

  void handle_framed_line(std::string_view line);
  // Handles one parsed message. Replies go to `batch_replies` when set, else to `channel`.
  void handle_message(const json& message, std::vector<json>* batch_replies, std::shared_ptr<MessageSink> channel);
  // Reads the revision and capabilities a stateless request names; throws the error to reply.
  void read_request_meta(Request& request) const;
  json dispatch_request(const Request& request, bool& deferred);
  void handle_notification(const std::string& method, const json& params, const MessageSink* channel);
  // A response to a request of ours.
  void handle_response(const json& message);
  // Sends a request to the client; `on_reply` gets its result, or null and the error.
  void send_request(const std::string& method, json params, std::function<void(const json&, const json&)> on_reply);
  void ask_for_roots();

  json initialize(const json& params);
  json discover() const;
  // The registry's instructions and the instructions_note, if any.
  std::string instructions() const;
  json list_tools(const Request& request) const;
  json list_resources(const Request& request) const;
  json list_resource_templates(const Request& request) const;
  json read_resource(const Request& request) const;
  json list_prompts(const Request& request) const;
  json get_prompt(const Request& request) const;
  json set_log_level(const json& params);
  json complete(const json& params) const;
  // Runs tools/call now (inside a batch) or on a worker; nullopt when the reply is deferred.
  std::optional<json> call_tool(const Request& request);
  // A tool call ready to run: it returns the serialized `result` member of the reply.
  using ToolRun = std::function<std::shared_ptr<const std::string>(std::stop_token)>;
  // Checks the call of `tool` (null: unknown) and its arguments; throws the RpcError to reply.
  ToolRun prepare_tool_call(const Request& request, std::shared_ptr<const registry::Tool> tool);
  // Runs `run` on the worker holding `job` and sends the reply, unless the call was cancelled.
  void send_tool_result(const Job& job, const ToolRun& run);
  // Runs `work` now (inside a batch) or on a worker that sends its result or error as the reply;
  // nullopt when the reply is deferred.
  std::optional<json> run_on_worker(const Request& request, std::function<json()> work);
  void enqueue(const Request& request, std::function<void(const Job&)> run);
  std::string job_key(const json& id, const MessageSink* channel) const;
  // The error reply for the exception being handled, as the spec names it (call inside catch).
  static RpcError current_error(const std::string& method);
  // What a successful result carries in the request's revision (resultType, cache hints, ...).
  json finish_result(const Request& request, json result) const;
  json tool_result(const Request& request, const registry::Tool& tool, const registry::ToolOutcome& outcome) const;
  // Refuses a call to `tool` when the client did not declare a capability it needs.
  static void require_client_capabilities(const Request& request, const registry::Tool& tool);
  // The revision's content block for `media`; null when the revision has no such block.
  static json media_block(const Request& request, const registry::MediaContent& media);

  template <typename T, typename Render>
  json paginate(const std::vector<T>& items, const json& params, const char* key, Render render) const;

  const std::string& protocol_version() const;
  void send(const json& message, MessageSink* channel = nullptr);
  void send_line(const std::string& line, MessageSink* channel = nullptr, std::optional<int> error_code = std::nullopt,
                 bool reply = false);
  void send_result(const json& id, json result, MessageSink* channel);
  void send_error(const json& id, const RpcError& error, MessageSink* channel = nullptr);
  static json error_message(const json& id, const RpcError& error);
  // The last resort for an exception nothing expected (call inside catch): an error reply, never a
  // dead server.
  void reply_current_error(const json& id, const std::string& during, MessageSink* channel = nullptr) noexcept;

  void start_workers();
  void worker_loop(std::stop_token stop);

  const registry::Registry& registry_;
  ServerIdentity identity_;
  ServerOptions options_;
  MessageSink& sink_;

  std::timed_mutex send_mutex_;
  std::atomic<bool> disconnected_{false};  // also set by seal_output(): nothing is sent once set

  std::atomic<int> version_index_{-1};  // index into initialize_protocol_versions(); -1 before initialize
  std::atomic<bool> initialized_{false};
  std::atomic<int> client_log_level_{-1};  // -1: the client has not asked for log messages
  std::atomic<bool> client_offers_roots_{false};
  mutable std::mutex client_mutex_;
  json client_capabilities_ = json::object();  // declared with initialize

  std::mutex requests_mutex_;
  std::int64_t next_request_id_ = 1;
  std::map<std::string, std::function<void(const json&, const json&)>> pending_requests_;  // by id (dumped)

  // Serialized results of deterministic tools, by tool, protocol version and arguments.
  ResultCache result_cache_;

  std::mutex jobs_mutex_;
  std::condition_variable_any jobs_changed_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::string, std::shared_ptr<Job>> in_flight_;  // by request id (dumped), queued or running
  std::size_t running_ = 0;                                // jobs a worker is running, cancelled or not
  std::vector<std::jthread> workers_;
  // Keeps the registry's dynamic tools current while this server lives (null without any).
  std::shared_ptr<void> tools_watch_;
};

}  // namespace djust::mcp
