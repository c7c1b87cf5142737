#include "mcp/http_transport.h"

#include "core/log.h"
#include "core/text.h"
#include "http/api_keys.h"
#include "http/http_server.h"
#include "mcp/stop_signals.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>

namespace djust::mcp {
namespace {

constexpr const char* kEndpoint = "/mcp";
constexpr std::size_t kMaxQueuedSessionMessages = 256;  // server messages waiting for a GET stream
constexpr std::chrono::seconds kRetryAfter{1};

using http::ServerRequest;
using http::ServerResponse;

// The host part of a Host header or an origin's authority: brackets kept for IPv6, port dropped.
std::string host_of_authority(std::string_view authority) {
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string(authority) : core::to_lower(authority.substr(0, close + 1));
  }
  return core::to_lower(authority.substr(0, authority.find(':')));
}

// A JSON-RPC error answer without an id, for refusals before any message was read.
void refuse(ServerResponse& response, int status, int code, const std::string& message) {
  response.status = status;
  response.content_type = "application/json";
  response.body = json{{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}}.dump();
}

void answer_error(ServerResponse& response, int status, const json& id, int code, const std::string& message,
                  json data = nullptr) {
  json error = {{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = std::move(data);
  response.status = status;
  response.content_type = "application/json";
  response.body = json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}}.dump();
}

bool accepts(const ServerRequest& request, std::string_view type) {
  const auto accept = request.header("Accept");
  if (!accept) return false;
  const std::string value = core::to_lower(*accept);
  return value.find(type) != std::string::npos || value.find("*/*") != std::string::npos;
}

std::string sse_event(const std::string& line) { return "event: message\ndata: " + line + "\n\n"; }

// "=?base64?...?=" values of Mcp-Name (and Mcp-Param-*) decoded; others as they are.
std::optional<std::string> decode_header_value(const std::string& value) {
  if (!value.starts_with("=?base64?") || !value.ends_with("?=") || value.size() < 11) return value;
  return core::decode_base64(std::string_view(value.data() + 9, value.size() - 11));
}

// The HTTP status of an error reply in the stateless revision.
int stateless_status(int code) {
  switch (code) {
    case -32601:
      return 404;
    case -32700:
    case -32600:
    case -32602:
    case kHeaderMismatch:
    case kMissingRequiredClientCapability:
    case kUnsupportedProtocolVersion:
      return 400;
    default:
      return 200;
  }
}

// Where one POSTed request's reply and its notifications go: buffered until the HTTP side takes
// them, as a JSON body or an SSE stream.
class ExchangeChannel : public MessageSink, public http::ResponseStream {
 public:
  using Finished = std::function<void(const ExchangeChannel&, bool complete)>;
  explicit ExchangeChannel(Finished on_finished = {}) : on_finished_(std::move(on_finished)) {}

  bool send(const std::string& line) override { return push(line, false, std::nullopt); }
  bool send_reply(const std::string& line, std::optional<int> error_code) override {
    return push(line, true, error_code);
  }

  // Waits until the reply came or `wait` passed; true when it came.
  bool wait_for_reply(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, wait, [this] { return replied_; });
  }
  bool has_notifications() {
    std::lock_guard lock(mutex_);
    return notifications_ > 0;
  }
  std::string reply() {
    std::lock_guard lock(mutex_);
    return queue_.empty() ? std::string() : queue_.back();
  }
  std::optional<int> error_code() const {
    std::lock_guard lock(mutex_);
    return error_code_;
  }
  bool replied() const {
    std::lock_guard lock(mutex_);
    return replied_;
  }
  const std::string& last_line() const { return last_line_; }

  bool next(std::string& chunk, std::chrono::milliseconds wait) override {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [this] { return !queue_.empty() || replied_; });
    if (queue_.empty()) return !replied_;
    chunk.clear();
    while (!queue_.empty()) {
      chunk += sse_event(queue_.front());
      queue_.pop_front();
    }
    return true;
  }
  void finished(bool complete) override {
    {
      std::lock_guard lock(mutex_);
      gone_ = !complete;
    }
    if (on_finished_) on_finished_(*this, complete);
  }

 private:
  bool push(const std::string& line, bool reply, std::optional<int> code) {
    std::lock_guard lock(mutex_);
    if (gone_ || replied_) return !gone_;
    queue_.push_back(line);
    if (reply) {
      replied_ = true;
      error_code_ = code;
      last_line_ = line;
    } else {
      ++notifications_;
    }
    changed_.notify_all();
    return true;
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  std::size_t notifications_ = 0;
  bool replied_ = false;
  bool gone_ = false;
  std::optional<int> error_code_;
  std::string last_line_;
  Finished on_finished_;
};

// The server's own messages to an initialize-era session (log notifications, roots/list): queued
// for its GET stream.
class SessionStream : public MessageSink, public http::ResponseStream {
 public:
  bool send(const std::string& line) override {
    std::lock_guard lock(mutex_);
    if (closed_) return true;
    if (queue_.size() >= kMaxQueuedSessionMessages) queue_.pop_front();  // a client that never listens
    queue_.push_back(line);
    changed_.notify_all();
    return true;
  }
  // Claims the stream for one GET; false when another GET has it.
  bool attach() {
    std::lock_guard lock(mutex_);
    if (attached_) return false;
    attached_ = true;
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  bool next(std::string& chunk, std::chrono::milliseconds wait) override {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [this] { return !queue_.empty() || closed_; });
    if (closed_) return false;
    chunk.clear();
    while (!queue_.empty()) {
      chunk += sse_event(queue_.front());
      queue_.pop_front();
    }
    return true;
  }
  void finished(bool) override {
    std::lock_guard lock(mutex_);
    attached_ = false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> queue_;
  bool attached_ = false;
  bool closed_ = false;
};

struct Session {
  std::shared_ptr<SessionStream> stream = std::make_shared<SessionStream>();
  std::unique_ptr<Server> server;
  std::chrono::steady_clock::time_point last_used = std::chrono::steady_clock::now();
};

class AuditLog {
 public:
  explicit AuditLog(const std::optional<std::filesystem::path>& file) {
    if (!file) return;
    const int fd = ::open(file->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw std::runtime_error("cannot open the audit log " + file->string());
    fd_ = fd;
  }
  ~AuditLog() {
    if (fd_ >= 0) ::close(fd_);
  }
  void record(const std::string& key_id, const std::string& tool, std::chrono::microseconds duration,
              const std::string& outcome) {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    ::gmtime_r(&now, &parts);
    char time[32];
    std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%SZ", &parts);
    const std::string line = json{{"time", time},
                                  {"event", "tools/call"},
                                  {"key", key_id},
                                  {"tool", tool},
                                  {"duration_ms", static_cast<double>(duration.count()) / 1000.0},
                                  {"outcome", outcome}}
                                 .dump() +
                             "\n";
    std::lock_guard lock(mutex_);
    [[maybe_unused]] auto ignored = ::write(fd_ >= 0 ? fd_ : STDERR_FILENO, line.data(), line.size());
  }

 private:
  int fd_ = -1;
  std::mutex mutex_;
};

class McpHttpHandler : public http::RequestHandler {
 public:
  McpHttpHandler(const registry::Registry& registry, const ServerIdentity& identity, ServerOptions options,
                 const HttpOptions& http, std::optional<http::KeyStore> keys)
      : registry_(registry),
        identity_(identity),
        options_(options),
        http_(http),
        keys_(std::move(keys)),
        audit_(http.audit_log) {
    options_.client_roots = nullptr;  // several clients: the project comes from --project
    options_.forward_logs = false;
    ServerOptions stateless = options_;
    stateless.per_channel_request_ids = true;
    stateless_ = std::make_unique<Server>(registry_, identity_, stateless, discard_);
    allowed_hosts_ = {"localhost", "127.0.0.1", "[::1]"};
    if (!is_loopback_host(http.host) && http.host != "0.0.0.0" && http.host != "::")
      allowed_hosts_.push_back(core::to_lower(http.host));
    for (const auto& origin : http.allowed_origins) {
      const auto scheme = origin.find("://");
      allowed_hosts_.push_back(host_of_authority(scheme == std::string::npos ? origin : origin.substr(scheme + 3)));
    }
    core::set_log_forwarder([this](core::LogLevel level, std::string_view logger, std::string_view message) {
      for (const auto& session : live_sessions()) session->server->forward_log(level, logger, message);
    });
  }

  ~McpHttpHandler() override {
    core::set_log_forwarder({});
    std::lock_guard lock(sessions_mutex_);
    for (auto& [id, session] : sessions_) session->stream->close();
  }

  bool screen(const ServerRequest& request, ServerResponse& response) override {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host and Origin.
    const auto host = request.header("Host");
    if (!host || !allowed(host_of_authority(*host))) {
      refuse(response, 403, -32600, "Forbidden: Host '" + host.value_or("") + "' is not allowed (--allow-origin)");
      response.close_connection = true;
      return true;
    }
    if (const auto origin = request.header("Origin")) {
      const auto scheme = origin->find("://");
      if (scheme == std::string::npos || !allowed(host_of_authority(origin->substr(scheme + 3)))) {
        refuse(response, 403, -32600, "Forbidden: Origin '" + *origin + "' is not allowed (--allow-origin)");
        response.close_connection = true;
        return true;
      }
    }
    if (keys_) {
      const auto authorization = request.header("Authorization");
      std::optional<std::string> key_id;
      if (authorization && authorization->size() > 7 && core::to_lower(authorization->substr(0, 7)) == "bearer ") {
        std::lock_guard lock(keys_mutex_);
        keys_->reload_if_changed();  // `key revoke` takes effect at once
        key_id = keys_->verify(authorization->substr(7));
      }
      if (!key_id) {
        refuse(response, 401, -32600,
               authorization ? "Unauthorized: the API key is not valid (revoked, or mistyped?)"
                             : "Unauthorized: send Authorization: Bearer <key> (djust-mcp key create NAME)");
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"djust-mcp\"");
        response.close_connection = true;
        return true;
      }
    }
    // Refused from its Content-Length, before any of it is read (httplib would read and discard it).
    if (const auto length = request.header("Content-Length");
        length && (length->size() > 15 || std::stoull("0" + *length) > http_.max_body_bytes)) {
      refuse(response, 413, -32600,
             "Payload too large: at most " + std::to_string(http_.max_body_bytes) + " bytes per message");
      response.close_connection = true;
      return true;
    }
    if (request.path != kEndpoint) {
      refuse(response, 404, -32600, std::string("Not found: the MCP endpoint is ") + kEndpoint);
      return true;
    }
    if (request.method != "POST" && request.method != "GET" && request.method != "DELETE") {
      refuse(response, 405, -32600, "Method not allowed: " + request.method);
      response.headers.emplace_back("Allow", "GET, POST, DELETE");
      response.close_connection = true;
      return true;
    }
    return false;
  }

  void handle(const ServerRequest& request, ServerResponse& response) override {
    // Keys were checked in screen(); again here to name the caller in the audit log.
    const std::string key_id = key_of(request);
    if (active_.fetch_add(1) >= http_.max_concurrent_requests) {
      active_.fetch_sub(1);
      refuse(response, 503, -32603, "Too many concurrent requests: retry shortly");
      response.headers.emplace_back("Retry-After", std::to_string(kRetryAfter.count()));
      return;
    }
    struct Release {
      std::atomic<std::size_t>& count;
      ~Release() { count.fetch_sub(1); }
    } release{active_};
    try {
      if (request.method == "POST")
        post(request, response, key_id);
      else if (request.method == "GET")
        get(request, response);
      else
        remove(request, response);
    } catch (const std::exception& e) {
      core::log(core::LogLevel::error, "http", std::string("request failed: ") + e.what());
      refuse(response, 500, -32603, "Internal error");
    }
  }

 private:
  bool allowed(const std::string& host) const {
    return std::find(allowed_hosts_.begin(), allowed_hosts_.end(), host) != allowed_hosts_.end();
  }

  std::string key_of(const ServerRequest& request) const {
    if (!keys_) return "-";
    const auto authorization = request.header("Authorization");
    if (!authorization || authorization->size() <= 7) return "-";
    std::lock_guard lock(keys_mutex_);
    return keys_->verify(authorization->substr(7)).value_or("-");
  }

  std::vector<std::shared_ptr<Session>> live_sessions() {
    std::lock_guard lock(sessions_mutex_);
    std::vector<std::shared_ptr<Session>> out;
    for (const auto& [id, session] : sessions_) out.push_back(session);
    return out;
  }

  // The session a request names: 400 without one, 404 for an unknown or ended one.
  std::shared_ptr<Session> session_of(const ServerRequest& request, ServerResponse& response, const json& id) {
    const auto session_id = request.header("Mcp-Session-Id");
    if (!session_id) {
      answer_error(response, 400, id, -32600,
                   "Bad request: no Mcp-Session-Id (send initialize first, or use protocol version 2026-07-28 "
                   "with its request _meta)");
      return nullptr;
    }
    std::lock_guard lock(sessions_mutex_);
    expire_idle_sessions();
    const auto it = sessions_.find(*session_id);
    if (it == sessions_.end()) {
      answer_error(response, 404, id, -32001, "Session not found: it ended or never existed; initialize again");
      return nullptr;
    }
    it->second->last_used = std::chrono::steady_clock::now();
    return it->second;
  }

  void expire_idle_sessions() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (now - it->second->last_used > http_.session_idle_timeout) {
        it->second->stream->close();
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void post(const ServerRequest& request, ServerResponse& response, const std::string& key_id) {
    const auto content_type = request.header("Content-Type");
    if (!content_type || core::to_lower(*content_type).find("application/json") != 0) {
      refuse(response, 415, -32600, "Unsupported media type: POST a JSON-RPC message as application/json");
      return;
    }
    if (!accepts(request, "application/json") || !accepts(request, "text/event-stream")) {
      refuse(response, 406, -32600, "Not acceptable: Accept must list application/json and text/event-stream");
      return;
    }
    json parse_error;
    const auto parsed = parse_message(request.body, parse_error);
    if (!parsed) {
      if (parse_error.is_null())
        refuse(response, 400, -32600, "Invalid request: the body is empty");
      else
        answer_error(response, 400, nullptr, parse_error["error"]["code"], parse_error["error"]["message"]);
      return;
    }
    const json& message = *parsed;
    if (!message.is_object()) {
      refuse(response, 400, -32600, "Invalid request: POST one JSON-RPC message (batches are not supported over HTTP)");
      return;
    }
    const json id = message.contains("id") ? message.at("id") : json(nullptr);
    const auto header_version = request.header("MCP-Protocol-Version");
    const auto meta_version = stateless_request_version(message);
    const auto& stateless = stateless_protocol_versions();
    const bool header_stateless =
        header_version && std::find(stateless.begin(), stateless.end(), *header_version) != stateless.end();
    if (meta_version || header_stateless) {
      post_stateless(request, response, message, id, header_version, meta_version, key_id);
      return;
    }
    post_session(request, response, message, id, header_version, key_id);
  }

  void post_stateless(const ServerRequest& request, ServerResponse& response, const json& message, const json& id,
                      const std::optional<std::string>& header_version, const std::optional<std::string>& meta_version,
                      const std::string& key_id) {
    const std::string method = message.value("method", std::string());
    if (!meta_version) {
      answer_error(response, 400, id, -32602,
                   std::string("Invalid params: _meta \"") + kMetaProtocolVersion + "\" is required");
      return;
    }
    auto mismatch = [&](const std::string& why) {
      answer_error(response, 400, id, kHeaderMismatch, "Header mismatch: " + why);
    };
    if (!header_version) return mismatch("MCP-Protocol-Version is missing");
    if (*header_version != *meta_version)
      return mismatch("MCP-Protocol-Version '" + *header_version + "' does not match _meta '" + *meta_version + "'");
    if (!is_supported_version(*meta_version)) {
      answer_error(response, 400, id, kUnsupportedProtocolVersion, "Unsupported protocol version: " + *meta_version,
                   {{"supported", supported_protocol_versions()}, {"requested", *meta_version}});
      return;
    }
    const auto header_method = request.header("Mcp-Method");
    if (!header_method) return mismatch("Mcp-Method is missing");
    if (*header_method != method)
      return mismatch("Mcp-Method '" + *header_method + "' does not match the body's method '" + method + "'");
    if (method == "tools/call" || method == "prompts/get" || method == "resources/read") {
      const json params = message.value("params", json::object());
      const char* field = method == "resources/read" ? "uri" : "name";
      const std::string body_name = params.is_object() && params.contains(field) && params.at(field).is_string()
                                        ? params.at(field).get<std::string>()
                                        : std::string();
      const auto raw = request.header("Mcp-Name");
      if (!raw) return mismatch("Mcp-Name is missing");
      const auto name = decode_header_value(*raw);
      if (!name) return mismatch("Mcp-Name is not valid base64");
      if (*name != body_name)
        return mismatch("Mcp-Name '" + *name + "' does not match the body's " + field + " '" + body_name + "'");
    }
    if (!message.contains("id")) {
      if (message.contains("method")) stateless_->handle_message_on(message, nullptr);
      response.status = 202;
      return;
    }
    exchange(*stateless_, nullptr, message, response, key_id, /*stateless=*/true);
  }

  void post_session(const ServerRequest& request, ServerResponse& response, const json& message, const json& id,
                    const std::optional<std::string>& header_version, const std::string& key_id) {
    const std::string method = message.value("method", std::string());
    if (header_version && !is_supported_version(*header_version)) {
      answer_error(response, 400, id, -32600,
                   "Bad request: unsupported MCP-Protocol-Version '" + *header_version +
                       "' (supported: " + core::join(supported_protocol_versions(), ", ") + ")");
      return;
    }
    if (method == "initialize" && message.contains("id")) {
      initialize(message, response, key_id);
      return;
    }
    const auto session = session_of(request, response, id);
    if (!session) return;
    if (header_version) {
      const auto negotiated = session->server->negotiated_version();
      if (negotiated && *negotiated != *header_version) {
        answer_error(
            response, 400, id, -32600,
            "Bad request: MCP-Protocol-Version '" + *header_version + "' is not this session's (" + *negotiated + ")");
        return;
      }
    }
    if (!message.contains("id") || !message.contains("method")) {
      // A notification, or the client's answer to a request of ours.
      session->server->handle_message_on(message, nullptr);
      response.status = 202;
      return;
    }
    exchange(*session->server, session, message, response, key_id, /*stateless=*/false);
  }

  void initialize(const json& message, ServerResponse& response, const std::string& key_id) {
    auto session = std::make_shared<Session>();
    session->server = std::make_unique<Server>(registry_, identity_, options_, *session->stream);
    const std::string session_id = http::random_hex(16);
    {
      std::lock_guard lock(sessions_mutex_);
      expire_idle_sessions();
      if (sessions_.size() >= http_.max_sessions) {
        answer_error(response, 503, message.at("id"), -32603, "Too many sessions: retry later");
        response.headers.emplace_back("Retry-After", std::to_string(kRetryAfter.count()));
        return;
      }
    }
    exchange(*session->server, session, message, response, key_id, false);
    if (response.status != 200 || !session->server->negotiated_version()) return;  // the session never began
    response.headers.emplace_back("Mcp-Session-Id", session_id);
    std::lock_guard lock(sessions_mutex_);
    sessions_[session_id] = session;
  }

  // Hands one request to `server`; its answer becomes a JSON body, or an SSE stream when the work
  // goes on past the moment the request was taken (tools/call, prompts/get) so that its progress
  // notifications reach the client and closing the stream cancels it.
  // `owner` keeps `server` (a session's) alive while its stream is open, DELETE or not.
  void exchange(Server& server, std::shared_ptr<const void> owner, const json& message, ServerResponse& response,
                const std::string& key_id, bool stateless) {
    const std::string method = message.value("method", std::string());
    const bool audited = method == "tools/call";
    std::string tool;
    if (audited && message.contains("params") && message.at("params").is_object())
      tool = message.at("params").value("name", std::string());
    const auto started = std::chrono::steady_clock::now();
    auto record = [this, audited, key_id, tool, started](const ExchangeChannel& channel, bool complete) {
      if (!audited) return;
      std::string outcome = "ok";
      if (!complete && !channel.replied())
        outcome = "cancelled";
      else if (channel.error_code())
        outcome = "error " + std::to_string(*channel.error_code());
      else if (channel.last_line().find("\"isError\":true") != std::string::npos)
        outcome = "tool error";
      audit_.record(key_id, tool,
                    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started),
                    outcome);
    };
    auto channel = std::make_shared<ExchangeChannel>(record);
    server.handle_message_on(message, channel);
    // Replies that come at once (lists, reads, errors) go back as JSON.
    if (channel->wait_for_reply(std::chrono::milliseconds(0)) && !channel->has_notifications()) {
      const auto code = channel->error_code();
      response.status = stateless && code ? stateless_status(*code) : 200;
      response.content_type = "application/json";
      response.body = channel->reply();
      channel->finished(true);
      return;
    }
    response.status = 200;
    response.content_type = "text/event-stream";
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("X-Accel-Buffering", "no");
    // The channel outlives this call; a client that goes away cancels its request.
    response.stream = std::make_shared<StreamWithCancel>(channel, server, std::move(owner));
  }

  // An SSE stream over a channel; a client that leaves first cancels the request.
  class StreamWithCancel : public http::ResponseStream {
   public:
    StreamWithCancel(std::shared_ptr<ExchangeChannel> channel, Server& server, std::shared_ptr<const void> owner)
        : channel_(std::move(channel)), server_(server), owner_(std::move(owner)) {}
    bool next(std::string& chunk, std::chrono::milliseconds wait) override { return channel_->next(chunk, wait); }
    void finished(bool complete) override {
      if (!complete) server_.cancel_requests_on(channel_.get());
      channel_->finished(complete);
    }

   private:
    std::shared_ptr<ExchangeChannel> channel_;
    Server& server_;
    std::shared_ptr<const void> owner_;
  };

  void get(const ServerRequest& request, ServerResponse& response) {
    const auto version = request.header("MCP-Protocol-Version");
    const auto& stateless = stateless_protocol_versions();
    if (version && std::find(stateless.begin(), stateless.end(), *version) != stateless.end()) {
      refuse(response, 405, -32600, "Method not allowed: protocol version " + *version + " has no GET stream");
      response.headers.emplace_back("Allow", "POST");
      return;
    }
    if (!accepts(request, "text/event-stream")) {
      refuse(response, 406, -32600, "Not acceptable: a GET stream is text/event-stream");
      return;
    }
    const auto session = session_of(request, response, nullptr);
    if (!session) return;
    if (!session->stream->attach()) {
      refuse(response, 409, -32600, "Conflict: this session already has a GET stream");
      return;
    }
    response.status = 200;
    response.content_type = "text/event-stream";
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("X-Accel-Buffering", "no");
    response.stream = session->stream;
  }

  void remove(const ServerRequest& request, ServerResponse& response) {
    const auto session = session_of(request, response, nullptr);
    if (!session) return;
    {
      std::lock_guard lock(sessions_mutex_);
      sessions_.erase(*request.header("Mcp-Session-Id"));
    }
    session->stream->close();
    session->server->abort(std::chrono::milliseconds(0));
    response.status = 200;
  }

  class DiscardSink : public MessageSink {
   public:
    bool send(const std::string&) override { return true; }
  };

  const registry::Registry& registry_;
  ServerIdentity identity_;
  ServerOptions options_;
  const HttpOptions& http_;
  mutable std::mutex keys_mutex_;
  std::optional<http::KeyStore> keys_;
  AuditLog audit_;
  DiscardSink discard_;
  std::unique_ptr<Server> stateless_;
  std::vector<std::string> allowed_hosts_;
  std::atomic<std::size_t> active_{0};
  std::mutex sessions_mutex_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

std::optional<std::pair<std::string, int>> parse_listen_address(const std::string& text) {
  std::string host = "127.0.0.1";
  std::string port = text;
  if (text.starts_with('[')) {
    const auto close = text.find("]:");
    if (close == std::string::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int number = std::stoi(port);
  if (number > 65535) return std::nullopt;
  return std::make_pair(host, number);
}

int run_http_server(const registry::Registry& registry, const ServerIdentity& identity, const ServerOptions& options,
                    const HttpOptions& http) {
  std::optional<http::KeyStore> keys;
  try {
    if (!http.no_auth) {
      keys.emplace(http.key_file.value_or(http::default_key_file()));
      keys->load();
      if (keys->keys().empty()) {
        std::fprintf(stderr, "djust-mcp: no API keys: create one with `djust-mcp key create NAME`%s\n",
                     is_loopback_host(http.host) ? ", or serve loopback without keys with --no-auth" : "");
        return 2;
      }
    } else if (!is_loopback_host(http.host)) {
      std::fprintf(stderr, "djust-mcp: --no-auth is only allowed on a loopback address, not %s\n", http.host.c_str());
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "djust-mcp: %s\n", e.what());
    return 2;
  }

  const int stop_signal = install_stop_signals();

  try {
    McpHttpHandler handler(registry, identity, options, http, std::move(keys));
    http::ListenOptions listen;
    listen.host = http.host;
    listen.port = http.port;
    listen.max_body_bytes = http.max_body_bytes;
    std::stop_source stop;
    std::jthread waiter([&stop, stop_signal](std::stop_token done) {
      while (!done.stop_requested()) {
        pollfd fd{stop_signal, POLLIN, 0};
        if (::poll(&fd, 1, 200) > 0) {
          stop.request_stop();
          return;
        }
      }
    });
    std::string error;
    const bool served = http::serve(
        listen, handler, stop.get_token(),
        [&http](int port) {
          const std::string host = http.host.find(':') != std::string::npos ? "[" + http.host + "]" : http.host;
          core::log(core::LogLevel::info, "mcp",
                    "serving MCP on http://" + host + ":" + std::to_string(port) + kEndpoint +
                        (http.no_auth ? " (no authentication)" : ""));
          // The bound port on stderr for scripts and tests that asked for port 0.
          std::fprintf(stderr, "djust-mcp: listening on http://%s:%d%s\n", host.c_str(), port, kEndpoint);
          std::fflush(stderr);
        },
        error);
    waiter.request_stop();
    if (!served) {
      std::fprintf(stderr, "djust-mcp: %s\n", error.c_str());
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "djust-mcp: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace djust::mcp
