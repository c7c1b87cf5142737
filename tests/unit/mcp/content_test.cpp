// What a tool, resource or prompt carries besides text (images, audio, embedded and binary
// resources), the log messages a call sends its client, and the client capabilities a tool needs,
// as the protocol messages a client receives.
#include "mcp/server.h"

#include <doctest/doctest.h>

#include "capturing_sink.h"
#include "core/text.h"

using djust::core::LogLevel;
using djust::mcp::Server;
using djust::registry::CallContext;
using djust::registry::MediaContent;
using djust::registry::Registry;
using djust::registry::Tool;
using nlohmann::json;

namespace {

const std::string kBytes("\x89PNG\r\n\x1a\n\x00\xff", 10);

Tool tool(const std::string& name) {
  Tool t;
  t.name = name;
  t.title = name;
  t.description = name;
  t.input_schema = {{"type", "object"}, {"properties", json::object()}};
  t.output_schema = {{"type", "object"}};
  t.handler = [](const json&, CallContext&) { return json{{"done", true}}; };
  return t;
}

const Registry& content_registry() {
  static const Registry registry = [] {
    Tool media = tool("media");
    media.media = [](const json&) {
      return std::vector<MediaContent>{{MediaContent::Kind::image, "image/png", kBytes, "", ""},
                                       {MediaContent::Kind::audio, "audio/wav", "RIFF", "", ""},
                                       {MediaContent::Kind::resource, "text/plain", "", "test://r", "body"}};
    };
    Tool logs = tool("logs");
    logs.handler = [](const json&, CallContext& context) {
      context.log(LogLevel::debug, "detail");
      context.log(LogLevel::warning, "careful");
      return json{{"done", true}};
    };
    Tool sampling = tool("needs_sampling");
    sampling.required_client_capabilities = {{"sampling", json::object()}};

    djust::registry::Resource binary{"test://png", "png", "png", "a PNG", "image/png", [] { return kBytes; }, true};
    djust::registry::Prompt picture{
        "picture", "picture", "an image", {}, [](const auto&) {
          return std::vector<djust::registry::PromptMessage>{
              {"user", "", MediaContent{MediaContent::Kind::image, "image/png", kBytes, "", ""}},
              {"user", "What is it?"}};
        }};
    return Registry({media, logs, sampling}, {binary}, {}, {picture}, "");
  }();
  return registry;
}

std::vector<json> exchange(const std::vector<json>& messages) {
  CapturingSink sink;
  Server server(content_registry(), {"djust-mcp", "title", "9.9.9", "description"},
                {.page_size = 100, .worker_threads = 1, .client_roots = nullptr}, sink);
  for (const auto& m : messages) server.handle_line(m.dump());
  server.finish(std::chrono::seconds(5));
  return sink.messages();
}

json initialize(const std::string& version) {
  return {{"jsonrpc", "2.0"},
          {"id", 0},
          {"method", "initialize"},
          {"params", {{"protocolVersion", version}, {"capabilities", json::object()}}}};
}

json request(int id, const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

json stateless(int id, const std::string& method, json params, json capabilities = json::object(),
               std::optional<std::string> log_level = std::nullopt) {
  params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                     {"io.modelcontextprotocol/clientCapabilities", std::move(capabilities)}};
  if (log_level) params["_meta"]["io.modelcontextprotocol/logLevel"] = *log_level;
  return request(id, method, std::move(params));
}

const json* reply(const std::vector<json>& out, int id) {
  for (const auto& m : out)
    if (m.contains("id") && m.at("id") == id) return &m;
  return nullptr;
}

// The log messages of the tool `logs` (the server's own may come too), as "level:text".
std::vector<std::string> log_messages(const std::vector<json>& out) {
  std::vector<std::string> found;
  for (const auto& m : out)
    if (m.value("method", "") == "notifications/message" && m.at("params").at("logger") == "logs")
      found.push_back(m.at("params").at("level").get<std::string>() + ":" +
                      m.at("params").at("data").get<std::string>());
  return found;
}

}  // namespace

TEST_CASE("base64: RFC 4648 test vectors, both ways; a character outside the alphabet is refused") {
  using djust::core::decode_base64;
  using djust::core::encode_base64;
  const std::pair<std::string, std::string> vectors[] = {{"", ""},        {"f", "Zg=="},        {"fo", "Zm8="},
                                                         {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(encode_base64(plain) == encoded);
    CHECK(decode_base64(encoded) == plain);
  }
  CHECK(encode_base64(kBytes) == "iVBORw0KGgoA/w==");
  CHECK_FALSE(decode_base64("Zm9v!").has_value());
}

TEST_CASE("content: a result's image, audio and embedded resource follow its text; audio only from 2025-03-26") {
  const auto modern = exchange({initialize("2025-11-25"), request(1, "tools/call", {{"name", "media"}})});
  const json content = reply(modern, 1)->at("result").at("content");
  REQUIRE(content.size() == 4);
  CHECK(content[0].at("type") == "text");
  CHECK(content[1] == json{{"type", "image"}, {"data", "iVBORw0KGgoA/w=="}, {"mimeType", "image/png"}});
  CHECK(content[2] == json{{"type", "audio"}, {"data", "UklGRg=="}, {"mimeType", "audio/wav"}});
  CHECK(content[3] ==
        json{{"type", "resource"}, {"resource", {{"uri", "test://r"}, {"mimeType", "text/plain"}, {"text", "body"}}}});

  const auto oldest = exchange({initialize("2024-11-05"), request(1, "tools/call", {{"name", "media"}})});
  const json old_content = reply(oldest, 1)->at("result").at("content");
  REQUIRE(old_content.size() == 3);
  CHECK(old_content[1].at("type") == "image");
  CHECK(old_content[2].at("type") == "resource");
}

TEST_CASE("content: a binary resource is read as a base64 blob; a prompt message may be an image") {
  const auto out = exchange({initialize("2025-11-25"), request(1, "resources/read", {{"uri", "test://png"}}),
                             request(2, "prompts/get", {{"name", "picture"}})});
  CHECK(reply(out, 1)->at("result").at("contents") ==
        json::array({{{"uri", "test://png"}, {"mimeType", "image/png"}, {"blob", "iVBORw0KGgoA/w=="}}}));
  const json messages = reply(out, 2)->at("result").at("messages");
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].at("content") == json{{"type", "image"}, {"data", "iVBORw0KGgoA/w=="}, {"mimeType", "image/png"}});
  CHECK(messages[1].at("content") == json{{"type", "text"}, {"text", "What is it?"}});
}

TEST_CASE("content: a tool that needs a capability the client did not declare is refused with -32021") {
  const auto out = exchange({stateless(1, "tools/call", {{"name", "needs_sampling"}}),
                             stateless(2, "tools/call", {{"name", "needs_sampling"}}, {{"sampling", json::object()}}),
                             initialize("2025-11-25"), request(3, "tools/call", {{"name", "needs_sampling"}})});
  const json& refused = reply(out, 1)->at("error");
  CHECK(refused.at("code") == -32021);
  CHECK(refused.at("data") == json{{"requiredCapabilities", {{"sampling", json::object()}}}});
  CHECK(reply(out, 2)->at("result").at("structuredContent") == json{{"done", true}});
  // A session's capabilities are those it declared with initialize (none here).
  CHECK(reply(out, 3)->at("error").at("code") == -32021);
}

TEST_CASE("content: a call's log messages reach its client only at the level it asked for") {
  // Stateless: the request's own logLevel, or nothing at all.
  CHECK(log_messages(exchange({stateless(1, "tools/call", {{"name", "logs"}})})).empty());
  CHECK(log_messages(exchange({stateless(1, "tools/call", {{"name", "logs"}}, json::object(), "debug")})) ==
        std::vector<std::string>{"debug:detail", "warning:careful"});
  CHECK(log_messages(exchange({stateless(1, "tools/call", {{"name", "logs"}}, json::object(), "warning")})) ==
        std::vector<std::string>{"warning:careful"});
  const auto bad = exchange({stateless(1, "tools/call", {{"name", "logs"}}, json::object(), "loud")});
  CHECK(reply(bad, 1)->at("error").at("code") == -32602);

  // A session: what logging/setLevel asked for.
  CHECK(log_messages(exchange({initialize("2025-11-25"), request(1, "tools/call", {{"name", "logs"}})})).empty());
  CHECK(log_messages(exchange({initialize("2025-11-25"), request(1, "logging/setLevel", {{"level", "info"}}),
                               request(2, "tools/call", {{"name", "logs"}})})) ==
        std::vector<std::string>{"warning:careful"});
}
