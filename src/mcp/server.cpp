#include "mcp/server.h"

#include "core/log.h"
#include "core/text.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <set>

namespace djust::mcp {
namespace {

// JSON-RPC and MCP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kResourceNotFound = -32002;

// Cache hints of the stateless revision: lists are fixed for the life of the process; a resource
// may describe the user's project and change with it.
constexpr std::int64_t kListTtlMs = 3600 * 1000;

constexpr std::size_t kMaxCompletionValues = 100;
// Far deeper than any real message; deeper ones would overflow the stack (core/text.h).
constexpr std::size_t kMaxNestingDepth = 1000;
// Bounds the memory spent on reusable results, keys included; past it the cache starts over. The
// largest result worth keeping is the whole framework schema (~0.5 MB serialized).
constexpr std::size_t kResultCacheBytes = 8 * 1024 * 1024;
constexpr std::size_t kMaxCachedEntryBytes = 2 * 1024 * 1024;
// MCP tool names have at most 64 characters. A longer unknown name gets no suggestion and is
// echoed cut short, so that it costs the thread reading stdin no more than a short one.
constexpr std::size_t kMaxToolNameBytes = 64;
constexpr const char* kCursorPrefix = "page:";

std::string id_key(const json& id) { return id.dump(); }

bool is_valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

// A cursor is the offset of the next page, wrapped so that clients treat it as opaque.
std::size_t decode_cursor(const json& params) {
  if (!params.contains("cursor")) return 0;
  const json& cursor = params.at("cursor");
  if (!cursor.is_string()) throw std::invalid_argument("cursor must be a string");
  const std::string& text = cursor.get_ref<const std::string&>();
  if (!text.starts_with(kCursorPrefix)) throw std::invalid_argument("invalid cursor");
  const std::string digits = text.substr(std::char_traits<char>::length(kCursorPrefix));
  if (digits.empty() || digits.size() > 9 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw std::invalid_argument("invalid cursor");
  return std::stoul(digits);
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

// At most `limit` bytes of valid UTF-8 text, never cutting a character in two.
std::string_view utf8_prefix(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  while (limit > 0 && (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80) --limit;
  return text.substr(0, limit);
}

std::string unknown_tool_message(const std::string& name, const std::vector<std::string>& known) {
  std::string message;
  if (name.size() <= kMaxToolNameBytes) {
    message = "Unknown tool '" + name + "'.";
    if (auto guess = core::closest_match(name, known)) message += " Did you mean '" + *guess + "'?";
  } else {
    message = "Unknown tool '" + std::string(utf8_prefix(name, kMaxToolNameBytes)) + "...' (a name of " +
              std::to_string(name.size()) + " bytes; tool names have at most " + std::to_string(kMaxToolNameBytes) +
              " characters).";
  }
  return message + " tools/list shows the available tools.";
}

// What went wrong, for an exception nothing was prepared for.
std::string describe_failure(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory";
  return e.what();
}

}  // namespace

json tool_descriptor(const registry::Tool& tool, std::string_view protocol_version) {
  json out = {{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}};
  if (supports(protocol_version, Feature::structured_output)) {
    out["title"] = tool.title;
    out["outputSchema"] = tool.output_schema;
  }
  if (supports(protocol_version, Feature::tool_annotations)) {
    out["annotations"] = {{"title", tool.title},
                          {"readOnlyHint", tool.annotations.read_only},
                          {"destructiveHint", tool.annotations.destructive},
                          {"idempotentHint", tool.annotations.idempotent},
                          {"openWorldHint", tool.annotations.open_world}};
  }
  return out;
}

struct Server::Job {
  json id;
  std::string key;
  std::shared_ptr<MessageSink> channel;  // null: the server's sink
  std::stop_source stop;
  std::function<void(const Job&)> run;
};

Server::Server(const registry::Registry& registry, ServerIdentity identity, ServerOptions options, MessageSink& sink)
    : registry_(registry),
      identity_(std::move(identity)),
      options_(options),
      sink_(sink),
      result_cache_(kResultCacheBytes, kMaxCachedEntryBytes) {
  if (options_.forward_logs) {
    core::set_log_forwarder([this](core::LogLevel level, std::string_view logger, std::string_view message) {
      forward_log(level, logger, message);
    });
  }
  // The project's API tools change with its code: tell an initialized client to list them again.
  tools_watch_ = registry_.watch_tools([this] {
    if (initialized_) send({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
  });
}

Server::~Server() {
  tools_watch_.reset();  // no notification after this point
  if (options_.forward_logs) core::set_log_forwarder({});
  abort(std::chrono::milliseconds(0));
  workers_.clear();  // waits for a call that ignores cancellation
}

// ---------------------------------------------------------------------------------------------
// Framing
// ---------------------------------------------------------------------------------------------

void Server::handle_line(std::string_view line) {
  try {
    handle_framed_line(line);
  } catch (...) {
    // Anything the handling of one message did not expect (out of memory, a bug of ours) fails
    // that message only.
    reply_current_error(nullptr, "a message");
  }
}

std::optional<json> parse_message(std::string_view text, json& error_reply) {
  error_reply = nullptr;
  auto parse_error = [&](const std::string& why) {
    error_reply = {{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", kParseError}, {"message", why}}}};
    return std::nullopt;
  };
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;  // blank lines carry no message
  if (!core::is_valid_utf8(text)) return parse_error("Parse error: the message is not valid UTF-8");
  if (core::json_nested_deeper_than(text, kMaxNestingDepth))
    return parse_error("Parse error: the message nests more than " + std::to_string(kMaxNestingDepth) + " levels deep");
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    // Not only syntax: a number too large for a double (1e400) is out_of_range.
    return parse_error(std::string("Parse error: ") + e.what());
  }
}

namespace {

// The revision named in a request's params._meta, if any.
std::optional<std::string> meta_version(const json& params) {
  if (!params.is_object()) return std::nullopt;
  const auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return std::nullopt;
  const auto version = meta->find(kMetaProtocolVersion);
  if (version == meta->end()) return std::nullopt;
  return version->is_string() ? version->get<std::string>() : version->dump();
}

}  // namespace

std::optional<std::string> stateless_request_version(const json& message) {
  if (!message.is_object()) return std::nullopt;
  const auto params = message.find("params");
  return params == message.end() ? std::nullopt : meta_version(*params);
}

void Server::handle_message_on(const json& message, std::shared_ptr<MessageSink> channel) {
  try {
    handle_message(message, nullptr, channel);
  } catch (...) {
    reply_current_error(nullptr, "a message", channel.get());
  }
}

void Server::handle_framed_line(std::string_view line) {
  json error_reply;
  const auto parsed = parse_message(line, error_reply);
  if (!parsed) {
    if (!error_reply.is_null()) send(error_reply);
    return;
  }
  const json& message = *parsed;
  if (!message.is_array()) {
    handle_message(message, nullptr, nullptr);
    return;
  }
  const int index = version_index_.load();
  if (index < 0 ||
      !supports(initialize_protocol_versions()[static_cast<std::size_t>(index)], Feature::json_rpc_batches)) {
    send_error(nullptr, {kInvalidRequest,
                         "Invalid request: JSON-RPC batches are only part of protocol version 2025-03-26; send "
                         "one message per line",
                         nullptr});
    return;
  }
  if (message.empty()) {
    send_error(nullptr, {kInvalidRequest, "Invalid request: empty batch", nullptr});
    return;
  }
  std::vector<json> replies;
  for (const auto& element : message) handle_message(element, &replies, nullptr);
  if (!replies.empty()) send(json(std::move(replies)));
}

void Server::reject_oversized_message(std::size_t limit) {
  core::log(core::LogLevel::warning, "mcp", "dropped a message over " + std::to_string(limit) + " bytes");
  send_error(nullptr, {kParseError, "Parse error: message longer than " + std::to_string(limit) + " bytes", nullptr});
}

void Server::handle_message(const json& message, std::vector<json>* batch_replies,
                            std::shared_ptr<MessageSink> channel) {
  auto reply_error = [&](const json& id, const RpcError& error) {
    if (batch_replies)
      batch_replies->push_back(error_message(id, error));
    else
      send_error(id, error, channel.get());
  };
  if (!message.is_object()) {
    reply_error(nullptr, {kInvalidRequest, "Invalid request: a message must be a JSON object", nullptr});
    return;
  }
  const auto id_it = message.find("id");
  const bool has_id = id_it != message.end();
  const json reply_id = has_id && is_valid_id(*id_it) ? *id_it : json(nullptr);
  if (message.value("jsonrpc", json()) != "2.0") {
    reply_error(reply_id, {kInvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\"", nullptr});
    return;
  }
  const auto method_it = message.find("method");
  if (method_it == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) {
      handle_response(message);
      return;
    }
    reply_error(reply_id, {kInvalidRequest, "Invalid request: no \"method\"", nullptr});
    return;
  }
  if (!method_it->is_string()) {
    reply_error(reply_id, {kInvalidRequest, "Invalid request: \"method\" must be a string", nullptr});
    return;
  }
  const std::string& method = method_it->get_ref<const std::string&>();
  json params = message.value("params", json::object());

  if (!has_id) {
    if (params.is_object()) handle_notification(method, params, channel.get());
    return;  // notifications are never answered, not even with an error
  }
  if (!is_valid_id(*id_it)) {
    reply_error(nullptr, {kInvalidRequest, "Invalid request: \"id\" must be a string or an integer", nullptr});
    return;
  }
  if (!params.is_object()) {
    reply_error(reply_id, {kInvalidParams, "Invalid params: \"params\" must be an object", nullptr});
    return;
  }
  Request request{reply_id, method, std::move(params), protocol_version(), false, channel, batch_replies};
  try {
    read_request_meta(request);
    if (!request.stateless) {
      std::lock_guard lock(client_mutex_);
      request.client_capabilities = client_capabilities_;
      if (const int level = client_log_level_.load(); level >= 0)
        request.log_level = static_cast<core::LogLevel>(level);
    }
    bool deferred = false;
    json result = dispatch_request(request, deferred);
    if (deferred) return;
    result = finish_result(request, std::move(result));
    if (batch_replies)
      batch_replies->push_back({{"jsonrpc", "2.0"}, {"id", reply_id}, {"result", std::move(result)}});
    else
      send_result(reply_id, std::move(result), channel.get());
  } catch (...) {
    reply_error(reply_id, current_error(method));
  }
}

void Server::read_request_meta(Request& request) const {
  const auto version = meta_version(request.params);
  if (!version) {
    if (request.method == "server/discover") {
      // An initialize-era client probing, or a stateless one that forgot its metadata.
      throw RpcError{kInvalidParams,
                     std::string("Invalid params: server/discover needs _meta \"") + kMetaProtocolVersion +
                         "\" and \"" + kMetaClientCapabilities +
                         "\". Protocol versions: " + core::join(supported_protocol_versions(), ", ") +
                         " (those before 2026-07-28 open with initialize)",
                     {{"supported", supported_protocol_versions()}}};
    }
    return;  // the initialize era: the session's revision
  }
  const auto& stateless = stateless_protocol_versions();
  if (std::find(stateless.begin(), stateless.end(), *version) == stateless.end()) {
    throw RpcError{kUnsupportedProtocolVersion,
                   "Unsupported protocol version: " + *version,
                   {{"supported", supported_protocol_versions()}, {"requested", *version}}};
  }
  const json& meta = request.params.at("_meta");
  const auto capabilities = meta.find(kMetaClientCapabilities);
  if (capabilities == meta.end() || !capabilities->is_object())
    throw RpcError{kInvalidParams,
                   std::string("Invalid params: _meta \"") + kMetaClientCapabilities + "\" (an object) is required",
                   nullptr};
  request.version = *version;
  request.stateless = true;
  request.client_capabilities = *capabilities;
  if (const auto level = meta.find(kMetaLogLevel); level != meta.end()) {
    request.log_level = level->is_string() ? core::parse_log_level(level->get<std::string>()) : std::nullopt;
    if (!request.log_level)
      throw RpcError{kInvalidParams,
                     std::string("Invalid params: _meta \"") + kMetaLogLevel + "\" must be one of " +
                         core::join(core::log_level_names(), ", "),
                     nullptr};
  }
}

json Server::finish_result(const Request& request, json result) const {
  if (!request.supports(Feature::result_type)) return result;
  result["resultType"] = "complete";
  result["_meta"]["io.modelcontextprotocol/serverInfo"] = {{"name", identity_.name}, {"version", identity_.version}};
  if (request.supports(Feature::cache_hints)) {
    static const std::set<std::string_view> lists = {"server/discover", "tools/list", "prompts/list", "resources/list",
                                                     "resources/templates/list"};
    if (lists.count(request.method)) {
      result["ttlMs"] = kListTtlMs;
      result["cacheScope"] = "public";
    } else if (request.method == "resources/read") {
      result["ttlMs"] = 0;
      result["cacheScope"] = "private";
    }
  }
  return result;
}

Server::RpcError Server::current_error(const std::string& method) {
  try {
    throw;
  } catch (const RpcError& error) {
    return error;
  } catch (const std::invalid_argument& e) {
    return {kInvalidParams, std::string("Invalid params: ") + e.what(), nullptr};
  } catch (const json::exception& e) {
    return {kInvalidParams, std::string("Invalid params: ") + e.what(), nullptr};
  } catch (const std::exception& e) {
    core::log(core::LogLevel::error, "mcp", method + " failed: " + describe_failure(e));
    return {kInternalError, "Internal error: " + describe_failure(e), nullptr};
  } catch (...) {
    core::log(core::LogLevel::error, "mcp", method + " failed with an unknown exception");
    return {kInternalError, "Internal error", nullptr};
  }
}

json Server::dispatch_request(const Request& request, bool& deferred) {
  const std::string& method = request.method;
  const json& params = request.params;
  auto not_in_revision = [&] {
    return RpcError{kMethodNotFound,
                    "Method not found: " + method + " is not part of protocol version " + request.version, nullptr};
  };
  if (method == "initialize") {
    if (request.stateless) throw not_in_revision();
    if (request.batch_replies)
      throw RpcError{kInvalidRequest, "Invalid request: initialize must not be part of a batch", nullptr};
    return initialize(params);
  }
  if (method == "server/discover") return discover();
  if (method == "ping") {
    if (!request.supports(Feature::ping)) throw not_in_revision();
    return json::object();
  }
  if (method == "tools/list") {
    if (!registry_.tools_can_change()) return list_tools(request);
    // Listing may wait for the project's API to be found: off the reading thread.
    auto result = run_on_worker(request, [this, request] { return list_tools(request); });
    deferred = !result.has_value();
    return result ? std::move(*result) : json();
  }
  if (method == "tools/call") {
    auto result = call_tool(request);
    deferred = !result.has_value();
    return result ? std::move(*result) : json();
  }
  if (method == "resources/list") return list_resources(request);
  if (method == "resources/templates/list") return list_resource_templates(request);
  if (method == "resources/read") return read_resource(request);
  if (method == "prompts/list") return list_prompts(request);
  if (method == "prompts/get") {
    // Rendering depends on the arguments (and suggests names for unknown ones): off the reading thread.
    auto result = run_on_worker(request, [this, request] { return get_prompt(request); });
    deferred = !result.has_value();
    return result ? std::move(*result) : json();
  }
  if (method == "logging/setLevel") {
    if (!request.supports(Feature::log_level_request)) throw not_in_revision();
    return set_log_level(params);
  }
  if (method == "completion/complete") return complete(params);
  throw RpcError{kMethodNotFound, "Method not found: " + method, nullptr};
}

void Server::handle_notification(const std::string& method, const json& params, const MessageSink* channel) {
  if (method == "notifications/initialized") {
    initialized_ = true;
    ask_for_roots();
    return;
  }
  if (method == "notifications/roots/list_changed") {
    if (initialized_ && client_offers_roots_) ask_for_roots();
    return;
  }
  if (method == "notifications/cancelled") {
    if (!params.contains("requestId") || !is_valid_id(params.at("requestId"))) return;
    std::lock_guard lock(jobs_mutex_);
    if (auto it = in_flight_.find(job_key(params.at("requestId"), channel)); it != in_flight_.end()) {
      it->second->stop.request_stop();
      core::log(core::LogLevel::debug, "mcp", "cancelled request " + it->first);
    }
    return;
  }
  core::log(core::LogLevel::debug, "mcp", "ignoring notification " + method);
}

void Server::cancel_requests_on(const MessageSink* channel) {
  std::lock_guard lock(jobs_mutex_);
  for (auto& [key, job] : in_flight_)
    if (job->channel.get() == channel) job->stop.request_stop();
}

std::string Server::job_key(const json& id, const MessageSink* channel) const {
  if (!options_.per_channel_request_ids || !channel) return id_key(id);
  return std::to_string(reinterpret_cast<std::uintptr_t>(channel)) + ':' + id_key(id);
}

void Server::handle_response(const json& message) {
  std::function<void(const json&, const json&)> on_reply;
  {
    std::lock_guard lock(requests_mutex_);
    const auto it = pending_requests_.find(id_key(message.at("id")));
    if (it == pending_requests_.end()) {
      core::log(core::LogLevel::debug, "mcp", "ignoring a response to no request of ours: " + message.at("id").dump());
      return;
    }
    on_reply = std::move(it->second);
    pending_requests_.erase(it);
  }
  const json error = message.value("error", json());
  on_reply(error.is_null() ? message.value("result", json()) : json(), error);
}

void Server::send_request(const std::string& method, json params,
                          std::function<void(const json&, const json&)> on_reply) {
  json id;
  {
    std::lock_guard lock(requests_mutex_);
    id = next_request_id_++;
    pending_requests_[id_key(id)] = std::move(on_reply);
  }
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

// The client's roots tell where the user works; without them the roots are "none" at once, so
// that nobody waits for them.
void Server::ask_for_roots() {
  const auto roots = options_.client_roots;
  if (!roots) return;
  if (!client_offers_roots_) {
    roots->set(std::nullopt);
    return;
  }
  roots->expect();
  send_request("roots/list", json::object(), [roots](const json& result, const json& error) {
    if (!error.is_null() || !result.contains("roots") || !result.at("roots").is_array()) {
      core::log(core::LogLevel::warning, "mcp", "roots/list failed: " + (error.is_null() ? result : error).dump());
      roots->set(std::nullopt);
      return;
    }
    std::vector<std::filesystem::path> paths;
    for (const auto& root : result.at("roots")) {
      const std::string uri = root.is_object() ? root.value("uri", std::string()) : std::string();
      if (auto path = core::path_from_file_uri(uri)) paths.push_back(*path);
    }
    core::log(core::LogLevel::info, "mcp", "the client's roots: " + result.at("roots").dump());
    roots->set(std::move(paths));
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

json Server::initialize(const json& params) {
  if (version_index_ >= 0) {
    throw RpcError{kInvalidRequest, "Invalid request: the session is already initialized", nullptr};
  }
  const auto requested = params.find("protocolVersion");
  if (requested == params.end() || !requested->is_string()) {
    throw RpcError{kInvalidParams, "Invalid params: initialize needs \"protocolVersion\" (a string)", nullptr};
  }
  const auto& versions = initialize_protocol_versions();
  auto it = std::find(versions.begin(), versions.end(), requested->get<std::string>());
  // A client asking for a stateless revision through initialize gets the newest initialize one.
  const std::size_t index =
      it == versions.end() ? versions.size() - 1 : static_cast<std::size_t>(it - versions.begin());
  version_index_ = static_cast<int>(index);
  const std::string client = params.contains("clientInfo") && params.at("clientInfo").is_object()
                                 ? params.at("clientInfo").value("name", std::string("unknown client"))
                                 : std::string("unknown client");
  core::log(core::LogLevel::info, "mcp",
            "initialize from " + client + ": asked for " + requested->dump() + ", speaking " + versions[index]);
  const json client_capabilities = params.value("capabilities", json::object());
  client_offers_roots_ = client_capabilities.is_object() && client_capabilities.contains("roots");
  if (client_capabilities.is_object()) {
    std::lock_guard lock(client_mutex_);
    client_capabilities_ = client_capabilities;
  }

  json capabilities = {{"tools", {{"listChanged", registry_.tools_can_change()}}},
                       {"resources", {{"subscribe", false}, {"listChanged", false}}},
                       {"prompts", {{"listChanged", false}}},
                       {"logging", json::object()}};
  const std::string& version = versions[index];
  if (supports(version, Feature::completions)) capabilities["completions"] = json::object();
  json server_info = {{"name", identity_.name}, {"version", identity_.version}};
  if (supports(version, Feature::titles)) server_info["title"] = identity_.title;
  if (supports(version, Feature::server_description)) server_info["description"] = identity_.description;
  return {{"protocolVersion", versions[index]},
          {"capabilities", std::move(capabilities)},
          {"serverInfo", std::move(server_info)},
          {"instructions", instructions()}};
}

std::string Server::instructions() const {
  const std::string note = options_.instructions_note ? options_.instructions_note() : "";
  return note.empty() ? registry_.instructions() : registry_.instructions() + "\n\n" + note;
}

json Server::discover() const {
  json capabilities = {{"tools", json::object()},
                       {"resources", json::object()},
                       {"prompts", json::object()},
                       {"completions", json::object()}};
  return {{"supportedVersions", supported_protocol_versions()},
          {"capabilities", std::move(capabilities)},
          {"instructions", instructions()}};
}

std::optional<std::string> Server::negotiated_version() const {
  const int index = version_index_.load();
  if (index < 0) return std::nullopt;
  return initialize_protocol_versions()[static_cast<std::size_t>(index)];
}

const std::string& Server::protocol_version() const {
  const auto& versions = initialize_protocol_versions();
  const int index = version_index_.load();
  // Before initialize, describe things as the newest version would.
  return versions[index < 0 ? versions.size() - 1 : static_cast<std::size_t>(index)];
}

// ---------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------

template <typename T, typename Render>
json Server::paginate(const std::vector<T>& items, const json& params, const char* key, Render render) const {
  const std::size_t offset = decode_cursor(params);
  if (offset > items.size()) throw std::invalid_argument("invalid cursor");
  const std::size_t end = std::min(items.size(), offset + options_.page_size);
  json page = json::array();
  for (std::size_t i = offset; i < end; ++i) page.push_back(render(items[i]));
  json result = {{key, std::move(page)}};
  if (end < items.size()) result["nextCursor"] = kCursorPrefix + std::to_string(end);
  return result;
}

json Server::list_tools(const Request& request) const {
  const auto tools = registry_.tool_refs();
  return paginate(tools.all, request.params, "tools",
                  [&request](const registry::Tool* t) { return tool_descriptor(*t, request.version); });
}

json Server::list_resources(const Request& request) const {
  const bool titles = request.supports(Feature::titles);
  return paginate(registry_.resources(), request.params, "resources", [titles](const registry::Resource& r) {
    json out = {{"uri", r.uri}, {"name", r.name}, {"description", r.description}, {"mimeType", r.mime_type}};
    if (titles) out["title"] = r.title;
    return out;
  });
}

json Server::list_resource_templates(const Request& request) const {
  const bool titles = request.supports(Feature::titles);
  return paginate(registry_.resource_templates(), request.params, "resourceTemplates",
                  [titles](const registry::ResourceTemplate& t) {
                    json out = {{"uriTemplate", t.uri_template},
                                {"name", t.name},
                                {"description", t.description},
                                {"mimeType", t.mime_type}};
                    if (titles) out["title"] = t.title;
                    return out;
                  });
}

json Server::list_prompts(const Request& request) const {
  const bool titles = request.supports(Feature::titles);
  return paginate(registry_.prompts(), request.params, "prompts", [titles](const registry::Prompt& p) {
    json arguments = json::array();
    for (const auto& a : p.arguments)
      arguments.push_back({{"name", a.name}, {"description", a.description}, {"required", a.required}});
    json out = {{"name", p.name}, {"description", p.description}, {"arguments", std::move(arguments)}};
    if (titles) out["title"] = p.title;
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Resources, prompts, logging, completion
// ---------------------------------------------------------------------------------------------

json Server::read_resource(const Request& request) const {
  const json& params = request.params;
  const auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string())
    throw RpcError{kInvalidParams, "Invalid params: resources/read needs \"uri\" (a string)", nullptr};
  auto content = registry_.read_resource(uri->get<std::string>());
  if (!content) {
    throw RpcError{request.supports(Feature::resource_not_found_invalid_params) ? kInvalidParams : kResourceNotFound,
                   "Resource not found: " + uri->get<std::string>() +
                       " (resources/list and resources/templates/list show what exists)",
                   {{"uri", *uri}}};
  }
  json body = {{"uri", content->uri}, {"mimeType", content->mime_type}};
  if (content->binary)
    body["blob"] = core::encode_base64(content->text);
  else
    body["text"] = std::move(content->text);
  return {{"contents", json::array({std::move(body)})}};
}

json Server::get_prompt(const Request& request) const {
  const json& params = request.params;
  const auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError{kInvalidParams, "Invalid params: prompts/get needs \"name\" (a string)", nullptr};
  const registry::Prompt* prompt = registry_.find_prompt(name->get<std::string>());
  if (!prompt) {
    std::vector<std::string> names;
    for (const auto& p : registry_.prompts()) names.push_back(p.name);
    throw RpcError{kInvalidParams,
                   "Unknown prompt '" + name->get<std::string>() + "'. Available: " + core::join(names, ", "), nullptr};
  }
  std::map<std::string, std::string> arguments;
  if (auto args = params.find("arguments"); args != params.end() && !args->is_null()) {
    if (!args->is_object()) throw RpcError{kInvalidParams, "Invalid params: \"arguments\" must be an object", nullptr};
    for (const auto& [key, value] : args->items()) {
      if (!value.is_string())
        throw RpcError{kInvalidParams, "Invalid params: prompt argument \"" + key + "\" must be a string", nullptr};
      arguments[key] = value.get<std::string>();
    }
  }
  for (const auto& a : prompt->arguments) {
    if (a.required && !arguments.count(a.name))
      throw RpcError{kInvalidParams,
                     "Invalid params: prompt " + prompt->name + " needs the argument \"" + a.name + "\"", nullptr};
  }
  std::vector<registry::PromptMessage> messages;
  try {
    messages = prompt->render(arguments);
  } catch (const registry::ToolError& e) {
    throw RpcError{kInvalidParams, std::string("Invalid params: ") + e.what(), nullptr};
  }
  json out = json::array();
  for (const auto& m : messages) {
    json content = m.media ? media_block(request, *m.media) : json{{"type", "text"}, {"text", m.text}};
    if (content.is_null()) content = {{"type", "text"}, {"text", m.text}};  // a block older revisions lack
    out.push_back({{"role", m.role}, {"content", std::move(content)}});
  }
  return {{"description", prompt->description}, {"messages", std::move(out)}};
}

json Server::set_log_level(const json& params) {
  const auto level = params.find("level");
  const auto parsed =
      level != params.end() && level->is_string() ? core::parse_log_level(level->get<std::string>()) : std::nullopt;
  if (!parsed) {
    throw RpcError{kInvalidParams,
                   "Invalid params: \"level\" must be one of " + core::join(core::log_level_names(), ", "), nullptr};
  }
  client_log_level_ = static_cast<int>(*parsed);
  return json::object();
}

json Server::complete(const json& params) const {
  const auto ref = params.find("ref");
  const auto argument = params.find("argument");
  if (ref == params.end() || !ref->is_object() || argument == params.end() || !argument->is_object() ||
      !argument->contains("name") || !argument->at("name").is_string())
    throw RpcError{kInvalidParams, "Invalid params: completion/complete needs \"ref\" and \"argument\" {name, value}",
                   nullptr};
  const std::string arg_name = argument->at("name");
  const std::string prefix = argument->value("value", std::string());
  const std::string type = ref->value("type", std::string());
  std::vector<std::string> values;
  if (type == "ref/prompt") {
    const registry::Prompt* prompt = registry_.find_prompt(ref->value("name", std::string()));
    if (!prompt) throw RpcError{kInvalidParams, "Invalid params: unknown prompt in ref", nullptr};
    for (const auto& a : prompt->arguments)
      if (a.name == arg_name && a.complete) values = a.complete(prefix);
  } else if (type == "ref/resource") {
    const std::string uri = ref->value("uri", std::string());
    const auto& templates = registry_.resource_templates();
    auto it = std::find_if(templates.begin(), templates.end(),
                           [&](const registry::ResourceTemplate& t) { return t.uri_template == uri; });
    if (it == templates.end())
      throw RpcError{kInvalidParams, "Invalid params: unknown resource template in ref", nullptr};
    values = it->complete(arg_name, prefix);
  } else {
    throw RpcError{kInvalidParams, "Invalid params: ref.type must be ref/prompt or ref/resource", nullptr};
  }
  const std::size_t total = values.size();
  if (values.size() > kMaxCompletionValues) values.resize(kMaxCompletionValues);
  return {{"completion", {{"values", values}, {"total", total}, {"hasMore", total > kMaxCompletionValues}}}};
}

// ---------------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------------

json Server::tool_result(const Request& request, const registry::Tool& tool,
                         const registry::ToolOutcome& outcome) const {
  if (outcome.is_error) {
    return finish_result(request,
                         {{"content", json::array({{{"type", "text"}, {"text", outcome.error}}})}, {"isError", true}});
  }
  json result = {{"content", json::array({{{"type", "text"}, {"text", dump(outcome.structured)}}})}};
  if (request.supports(Feature::structured_output)) {
    result["structuredContent"] = outcome.structured;
    if (tool.links && request.supports(Feature::resource_links)) {
      for (const auto& link : tool.links(outcome.structured))
        result["content"].push_back({{"type", "resource_link"},
                                     {"uri", link.uri},
                                     {"name", link.name},
                                     {"title", link.title},
                                     {"mimeType", link.mime_type}});
    }
  }
  if (tool.media) {
    for (const auto& media : tool.media(outcome.structured))
      if (json block = media_block(request, media); !block.is_null()) result["content"].push_back(std::move(block));
  }
  return finish_result(request, std::move(result));
}

json Server::media_block(const Request& request, const registry::MediaContent& media) {
  using Kind = registry::MediaContent::Kind;
  switch (media.kind) {
    case Kind::image:
      return {{"type", "image"}, {"data", core::encode_base64(media.bytes)}, {"mimeType", media.mime_type}};
    case Kind::audio:
      if (!request.supports(Feature::audio_content)) return nullptr;
      return {{"type", "audio"}, {"data", core::encode_base64(media.bytes)}, {"mimeType", media.mime_type}};
    case Kind::resource: {
      json resource = {{"uri", media.uri}, {"mimeType", media.mime_type}};
      if (media.bytes.empty())
        resource["text"] = media.text;
      else
        resource["blob"] = core::encode_base64(media.bytes);
      return {{"type", "resource"}, {"resource", std::move(resource)}};
    }
  }
  return nullptr;
}

void Server::require_client_capabilities(const Request& request, const registry::Tool& tool) {
  json missing = json::object();
  for (const auto& [name, value] : tool.required_client_capabilities.items()) {
    const auto declared = request.client_capabilities.find(name);
    if (declared == request.client_capabilities.end() || !declared->is_object()) missing[name] = value;
  }
  if (missing.empty()) return;
  std::vector<std::string> names;
  for (const auto& [name, value] : missing.items()) names.push_back(name);
  throw RpcError{
      kMissingRequiredClientCapability,
      "Missing required client capability: " + tool.name + " needs the client to declare " + core::join(names, ", "),
      {{"requiredCapabilities", std::move(missing)}}};
}

std::optional<json> Server::call_tool(const Request& request) {
  const json& params = request.params;
  const auto name = params.find("name");
  if (name == params.end() || !name->is_string())
    throw RpcError{kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)", nullptr};
  if (auto tool = registry_.find_tool(name->get_ref<const std::string&>()); tool || !registry_.tools_being_searched()) {
    auto run = prepare_tool_call(request, std::move(tool));
    if (request.batch_replies) return json::parse(*run(std::stop_token()));
    enqueue(request, [this, run](const Job& job) { send_tool_result(job, run); });
    return std::nullopt;
  }
  // Not among the tools found so far: the project's API may still be being searched (a client
  // that knows the names from an earlier session calls right after initialize). Wait for that
  // search on a worker, as tools/list does, then call or refuse.
  const std::string wanted = name->get<std::string>();
  if (request.batch_replies) {  // a batch's replies are needed now: wait here
    auto run = prepare_tool_call(request, registry_.find_tool(wanted, registry::kDynamicToolsWait));
    return json::parse(*run(std::stop_token()));
  }
  enqueue(request, [this, request, wanted](const Job& job) {
    try {
      auto run = prepare_tool_call(request, registry_.find_tool(wanted, registry::kDynamicToolsWait));
      if (!job.stop.stop_requested()) send_tool_result(job, run);
    } catch (...) {
      const RpcError error = current_error(request.method);
      if (!job.stop.stop_requested()) send_error(job.id, error, job.channel.get());
    }
  });
  return std::nullopt;
}

void Server::send_tool_result(const Job& job, const ToolRun& run) {
  const auto result = run(job.stop.get_token());
  // A cancelled request gets no reply at all.
  if (!job.stop.stop_requested())
    send_line("{\"jsonrpc\":\"2.0\",\"id\":" + dump(job.id) + ",\"result\":" + *result + "}", job.channel.get(),
              std::nullopt, true);
}

Server::ToolRun Server::prepare_tool_call(const Request& request, std::shared_ptr<const registry::Tool> tool) {
  const json& params = request.params;
  if (!tool)
    throw RpcError{kInvalidParams,
                   unknown_tool_message(params.at("name").get_ref<const std::string&>(), registry_.tool_names()),
                   nullptr};
  require_client_capabilities(request, *tool);
  json arguments = json::object();
  if (auto args = params.find("arguments"); args != params.end() && !args->is_null()) {
    if (!args->is_object()) throw RpcError{kInvalidParams, "Invalid params: \"arguments\" must be an object", nullptr};
    arguments = *args;
  }
  json progress_token;
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object() && meta->contains("progressToken"))
    progress_token = meta->at("progressToken");

  // Runs the tool and returns the serialized `result` member of the reply.
  // The request without its parameters (the arguments are copied once, above).
  Request call{request.id, request.method, json(), request.version, request.stateless, request.channel, nullptr};
  call.log_level = request.log_level;
  auto run = [this, tool, arguments, progress_token, call](std::stop_token stop) -> std::shared_ptr<const std::string> {
    std::string cache_key;
    if (tool->deterministic) {
      cache_key = tool->name + '\n' + call.version + '\n' + arguments.dump();
      if (auto hit = result_cache_.find(cache_key)) return hit;
    }
    registry::CallContext context;
    context.stop = stop;
    if (!progress_token.is_null()) {
      auto last = std::make_shared<double>(-1);
      context.progress = [this, progress_token, last, stop, call](double progress, std::optional<double> total,
                                                                  const std::string& message) {
        if (stop.stop_requested() || progress <= *last) return;  // progress must increase
        *last = progress;
        json p = {{"progressToken", progress_token}, {"progress", progress}};
        if (total) p["total"] = *total;
        if (!message.empty() && call.supports(Feature::progress_message)) p["message"] = message;
        send({{"jsonrpc", "2.0"}, {"method", "notifications/progress"}, {"params", std::move(p)}}, call.channel.get());
      };
    }
    if (call.log_level) {
      context.log = [this, tool, stop, call](core::LogLevel level, const std::string& message) {
        if (stop.stop_requested() || level < *call.log_level) return;
        send({{"jsonrpc", "2.0"},
              {"method", "notifications/message"},
              {"params", {{"level", core::log_level_name(level)}, {"logger", tool->name}, {"data", message}}}},
             call.channel.get());
      };
    }
    const auto started = std::chrono::steady_clock::now();
    auto outcome = registry_.call(*tool, arguments, context);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    core::log(core::LogLevel::debug, "tools",
              tool->name + (outcome.is_error ? " reported an error" : " succeeded") + " in " + std::to_string(micros) +
                  " us");
    auto serialized = std::make_shared<const std::string>(dump(tool_result(call, *tool, outcome)));
    if (!cache_key.empty() && !outcome.is_error) result_cache_.insert(cache_key, serialized);
    return serialized;
  };

  // finish_result() was applied by tool_result(); handle_message() applies it again harmlessly.
  return run;
}

std::optional<json> Server::run_on_worker(const Request& request, std::function<json()> work) {
  if (request.batch_replies) return work();
  Request call{request.id, request.method, json(), request.version, request.stateless, request.channel, nullptr};
  enqueue(request, [this, call, work = std::move(work)](const Job& job) {
    std::optional<RpcError> error;
    json result;
    try {
      result = finish_result(call, work());
    } catch (...) {
      error = current_error(call.method);
    }
    if (job.stop.stop_requested()) return;
    if (error)
      send_error(job.id, *error, job.channel.get());
    else
      send_result(job.id, std::move(result), job.channel.get());
  });
  return std::nullopt;
}

void Server::enqueue(const Request& request, std::function<void(const Job&)> run) {
  auto job = std::make_shared<Job>();
  job->id = request.id;
  job->channel = request.channel;
  job->key = job_key(request.id, request.channel.get());
  job->run = std::move(run);
  {
    std::lock_guard lock(jobs_mutex_);
    in_flight_[job->key] = job;
    queue_.push_back(job);
  }
  start_workers();
  jobs_changed_.notify_one();
}

void Server::start_workers() {
  std::lock_guard lock(jobs_mutex_);
  if (!workers_.empty()) return;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.worker_threads); ++i)
    workers_.emplace_back([this](std::stop_token stop) { worker_loop(stop); });
}

void Server::worker_loop(std::stop_token stop) {
  while (true) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(jobs_mutex_);
      if (!jobs_changed_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
      job = queue_.front();
      queue_.pop_front();
      ++running_;
    }
    try {
      if (!job->stop.stop_requested()) job->run(*job);
    } catch (...) {
      if (!job->stop.stop_requested()) reply_current_error(job->id, "a call", job->channel.get());
    }
    std::lock_guard lock(jobs_mutex_);
    --running_;
    if (auto it = in_flight_.find(job->key); it != in_flight_.end() && it->second == job) in_flight_.erase(it);
    jobs_changed_.notify_all();
  }
}

bool Server::finish(std::chrono::milliseconds grace, std::chrono::milliseconds stop_deadline) {
  // The client has closed its end: replies still go out, log messages (errors included) no more.
  client_log_level_ = static_cast<int>(core::LogLevel::emergency) + 1;
  {
    std::unique_lock lock(jobs_mutex_);
    jobs_changed_.wait_for(lock, grace, [this] { return in_flight_.empty(); });
  }
  return abort(stop_deadline);
}

bool Server::abort(std::chrono::milliseconds stop_deadline) {
  std::vector<std::jthread> idle;
  {
    std::unique_lock lock(jobs_mutex_);
    for (auto& [key, job] : in_flight_) job->stop.request_stop();
    queue_.clear();
    in_flight_.clear();
    for (auto& worker : workers_) worker.request_stop();
    jobs_changed_.notify_all();
    // A worker stuck in a call that ignores cancellation cannot be joined; leave it to the caller.
    if (!jobs_changed_.wait_for(lock, stop_deadline, [this] { return running_ == 0; })) return false;
    idle = std::move(workers_);
    workers_.clear();
  }
  idle.clear();  // joins workers that are on their way out
  return true;
}

void Server::seal_output(std::chrono::milliseconds wait) {
  std::unique_lock lock(send_mutex_, std::defer_lock);
  if (!lock.try_lock_for(wait))
    core::log(core::LogLevel::warning, "mcp", "the client is not reading: a reply may be cut short");
  disconnected_ = true;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

void Server::send(const json& message, MessageSink* channel) { send_line(dump(message), channel); }

void Server::send_line(const std::string& line, MessageSink* channel, std::optional<int> error_code, bool reply) {
  if (channel) {
    // A channel of its own (one HTTP exchange): it reports its own client gone.
    if (reply)
      channel->send_reply(line, error_code);
    else
      channel->send(line);
    return;
  }
  if (disconnected_) return;
  std::lock_guard lock(send_mutex_);
  if (disconnected_) return;  // sealed while this line waited for its turn
  if (!(reply ? sink_.send_reply(line, error_code) : sink_.send(line))) disconnected_ = true;
}

void Server::send_result(const json& id, json result, MessageSink* channel) {
  send_line(dump({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}), channel, std::nullopt, true);
}

json Server::error_message(const json& id, const RpcError& error) {
  json e = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

void Server::send_error(const json& id, const RpcError& error, MessageSink* channel) {
  send_line(dump(error_message(id, error)), channel, error.code, true);
}

void Server::reply_current_error(const json& id, const std::string& during, MessageSink* channel) noexcept {
  try {
    send_error(id, current_error(during), channel);
  } catch (...) {
    // Out of memory even for the error reply: the client's timeout is all that is left.
  }
}

void Server::forward_log(core::LogLevel level, std::string_view logger, std::string_view message) {
  const int threshold = client_log_level_.load();
  // Without logging/setLevel the client still hears of errors (such as a project that does not
  // load), once the session is initialized; the server may choose what to send until it asks.
  if (threshold < 0 ? !(initialized_ && level >= core::LogLevel::error) : static_cast<int>(level) < threshold) return;
  send({{"jsonrpc", "2.0"},
        {"method", "notifications/message"},
        {"params", {{"level", core::log_level_name(level)}, {"logger", logger}, {"data", message}}}});
}

}  // namespace djust::mcp
