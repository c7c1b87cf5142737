// A test-only MCP server for the conformance suite: djust-mcp's own MCP server and Streamable
// HTTP transport (the same code `djust-mcp serve --http` runs) over the registry of tools,
// resources and prompts the suite's server scenarios call by name (test_image_content,
// test://static-binary, test_prompt_with_arguments, ...). The product binary never registers
// these; this binary is built for ctest only and never installed.
// Usage: conformance-fixture-server [HOST:]PORT [AT_ONCE]   (loopback, no authentication; AT_ONCE
// raises both the requests and the sessions allowed at once, as serve's --max-requests and
// --max-sessions do, for bench/http_bench.sh)

#include "core/text.h"
#include "mcp/http_transport.h"
#include "registry/registry.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

using djust::core::LogLevel;
using djust::registry::CallContext;
using djust::registry::MediaContent;
using djust::registry::Tool;
using djust::registry::ToolError;
using nlohmann::json;

// A 1x1 red PNG.
const std::string& red_pixel_png() {
  static const std::string png = *djust::core::decode_base64(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
  return png;
}

// A WAV file of `samples` silent 8 kHz 8-bit mono samples.
std::string silent_wav(std::uint32_t samples) {
  std::string wav;
  auto u32 = [&wav](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) wav += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  auto u16 = [&wav](std::uint16_t v) {
    wav += static_cast<char>(v & 0xFF);
    wav += static_cast<char>(v >> 8);
  };
  wav += "RIFF";
  u32(36 + samples);
  wav += "WAVEfmt ";
  u32(16);
  u16(1);     // PCM
  u16(1);     // mono
  u32(8000);  // sample rate
  u32(8000);  // bytes per second
  u16(1);     // block align
  u16(8);     // bits per sample
  wav += "data";
  u32(samples);
  wav.append(samples, static_cast<char>(0x80));  // 8-bit PCM silence
  return wav;
}

MediaContent image() { return {MediaContent::Kind::image, "image/png", red_pixel_png(), "", ""}; }

MediaContent text_resource(std::string uri, std::string mime_type, std::string text) {
  return {MediaContent::Kind::resource, std::move(mime_type), "", std::move(uri), std::move(text)};
}

// Waits `ms` unless the call is cancelled first.
void pause(const CallContext& context, int ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!context.stop.stop_requested() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

const json kMessageSchema = {{"type", "object"},
                             {"properties", {{"message", {{"type", "string"}}}}},
                             {"required", {"message"}},
                             {"additionalProperties", false}};
const json kNoArguments = {{"type", "object"}, {"properties", json::object()}, {"additionalProperties", false}};

// A tool with no arguments whose result is {"message": text}, shown with `media`.
Tool message_tool(std::string name, std::string message, std::vector<MediaContent> media = {}) {
  Tool tool;
  tool.name = std::move(name);
  tool.title = tool.name;
  tool.description = "Conformance fixture: " + message;
  tool.input_schema = kNoArguments;
  tool.output_schema = kMessageSchema;
  tool.annotations = {true, false, true, false};
  tool.handler = [message](const json&, CallContext&) { return json{{"message", message}}; };
  if (!media.empty()) tool.media = [media](const json&) { return media; };
  return tool;
}

// Logs three info messages ~50 ms apart, for the client that asked for them.
Tool logging_tool(std::string name) {
  Tool tool = message_tool(std::move(name), "Tool execution completed");
  tool.handler = [](const json&, CallContext& context) {
    context.log(LogLevel::info, "Tool execution started");
    pause(context, 50);
    context.log(LogLevel::info, "Tool processing data");
    pause(context, 50);
    context.log(LogLevel::info, "Tool execution completed");
    return json{{"message", "Tool execution completed"}};
  };
  return tool;
}

std::vector<Tool> fixture_tools() {
  std::vector<Tool> tools;
  tools.push_back(message_tool("test_simple_text", "This is a simple text response for testing."));
  tools.push_back(message_tool("test_image_content", "A 1x1 red PNG.", {image()}));
  tools.push_back(message_tool("test_audio_content", "A short silent WAV.",
                               {{MediaContent::Kind::audio, "audio/wav", silent_wav(800), "", ""}}));
  tools.push_back(
      message_tool("test_embedded_resource", "An embedded resource.",
                   {text_resource("test://embedded-resource", "text/plain", "This is an embedded resource content.")}));
  tools.push_back(message_tool(
      "test_multiple_content_types", "Multiple content types test:",
      {image(), text_resource("test://mixed-content-resource", "application/json", R"({"test":"data","value":123})")}));
  tools.push_back(logging_tool("test_tool_with_logging"));
  tools.push_back(logging_tool("test_logging_tool"));

  Tool error = message_tool("test_error_handling", "Always fails.");
  error.handler = [](const json&, CallContext&) -> json {
    throw ToolError("This tool intentionally returns an error for testing");
  };
  tools.push_back(std::move(error));

  Tool progress = message_tool("test_tool_with_progress", "Progress reported 0, 50 and 100 of 100.");
  progress.handler = [](const json&, CallContext& context) {
    context.progress(0, 100, "started");
    pause(context, 50);
    context.progress(50, 100, "halfway");
    pause(context, 50);
    context.progress(100, 100, "done");
    return json{{"message", "Progress reported 0, 50 and 100 of 100."}};
  };
  tools.push_back(std::move(progress));

  Tool sampling_only = message_tool("test_missing_capability", "Needs the client's sampling capability.");
  sampling_only.required_client_capabilities = {{"sampling", json::object()}};
  tools.push_back(std::move(sampling_only));

  Tool schema = message_tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features");
  schema.input_schema = {
      {"$schema", "https://json-schema.org/draft/2020-12/schema"},
      {"type", "object"},
      {"$defs",
       {{"address",
         {{"$anchor", "addressDef"},
          {"type", "object"},
          {"properties", {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}}}}}},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"address", {{"$ref", "#/$defs/address"}}},
        {"contactMethod", {{"type", "string"}, {"enum", {"phone", "email"}}}},
        {"phone", {{"type", "string"}}},
        {"email", {{"type", "string"}}}}},
      {"allOf", {{{"anyOf", {{{"required", {"phone"}}}, {{"required", {"email"}}}}}}}},
      {"if", {{"properties", {{"contactMethod", {{"const", "phone"}}}}}, {"required", {"contactMethod"}}}},
      {"then", {{"required", {"phone"}}}},
      {"else", {{"required", {"email"}}}},
      {"additionalProperties", false}};
  tools.push_back(std::move(schema));
  return tools;
}

std::vector<djust::registry::Resource> fixture_resources() {
  auto resource = [](std::string uri, std::string mime_type, std::string body, bool binary) {
    djust::registry::Resource r;
    r.uri = uri;
    r.name = uri.substr(uri.rfind('/') + 1);
    r.title = r.name;
    r.description = "Conformance fixture resource";
    r.mime_type = std::move(mime_type);
    r.read = [body] { return body; };
    r.binary = binary;
    return r;
  };
  return {resource("test://static-text", "text/plain", "This is the content of the static text resource.", false),
          resource("test://static-binary", "image/png", red_pixel_png(), true),
          resource("test://watched-resource", "text/plain", "A resource to watch.", false)};
}

std::vector<djust::registry::ResourceTemplate> fixture_templates() {
  djust::registry::ResourceTemplate t;
  t.uri_template = "test://template/{id}/data";
  t.name = "template-data";
  t.title = "Data by id";
  t.description = "Conformance fixture template";
  t.mime_type = "application/json";
  t.read = [](const std::map<std::string, std::string>& variables) -> std::optional<std::string> {
    const std::string& id = variables.at("id");
    return json{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}}.dump();
  };
  t.complete = [](const std::string&, const std::string& prefix) {
    std::vector<std::string> ids;
    for (const char* id : {"123", "456"})
      if (std::string(id).starts_with(prefix)) ids.emplace_back(id);
    return ids;
  };
  return {std::move(t)};
}

std::vector<djust::registry::Prompt> fixture_prompts() {
  using djust::registry::Prompt;
  using djust::registry::PromptMessage;
  std::vector<Prompt> prompts;
  auto prompt = [](std::string name) {
    Prompt p;
    p.name = std::move(name);
    p.title = p.name;
    p.description = "Conformance fixture prompt";
    return p;
  };
  Prompt simple = prompt("test_simple_prompt");
  simple.render = [](const auto&) {
    return std::vector<PromptMessage>{{"user", "This is a simple prompt for testing."}};
  };
  prompts.push_back(std::move(simple));

  Prompt with_arguments = prompt("test_prompt_with_arguments");
  auto cities = [](const std::string& prefix) {
    std::vector<std::string> values;
    for (const char* value : {"paris", "park", "party", "test", "testing"})
      if (std::string(value).starts_with(prefix)) values.emplace_back(value);
    return values;
  };
  with_arguments.arguments = {{"arg1", "First test argument", true, cities},
                              {"arg2", "Second test argument", true, {}}};
  with_arguments.render = [](const std::map<std::string, std::string>& arguments) {
    return std::vector<PromptMessage>{
        {"user", "Prompt with arguments: arg1='" + arguments.at("arg1") + "', arg2='" + arguments.at("arg2") + "'"}};
  };
  prompts.push_back(std::move(with_arguments));

  Prompt embedded = prompt("test_prompt_with_embedded_resource");
  embedded.arguments = {{"resourceUri", "URI of the resource to embed", true, {}}};
  embedded.render = [](const std::map<std::string, std::string>& arguments) {
    return std::vector<PromptMessage>{
        {"user", "",
         text_resource(arguments.at("resourceUri"), "text/plain", "Embedded resource content for testing.")},
        {"user", "Please process the embedded resource above."}};
  };
  prompts.push_back(std::move(embedded));

  Prompt with_image = prompt("test_prompt_with_image");
  with_image.render = [](const auto&) {
    return std::vector<PromptMessage>{{"user", "", image()}, {"user", "Please analyze the image above."}};
  };
  prompts.push_back(std::move(with_image));
  return prompts;
}

}  // namespace

int main(int argc, char** argv) {
  const auto address = argc == 2 || argc == 3 ? djust::mcp::parse_listen_address(argv[1]) : std::nullopt;
  const long at_once = argc == 3 ? std::strtol(argv[2], nullptr, 10) : 0;
  if (!address || (argc == 3 && at_once <= 0)) {
    std::fprintf(stderr, "usage: conformance-fixture-server [HOST:]PORT [AT_ONCE]\n");
    return 2;
  }
  const djust::registry::Registry registry(fixture_tools(), fixture_resources(), fixture_templates(), fixture_prompts(),
                                           "A conformance test fixture; not djust-mcp's tools.");
  djust::mcp::HttpOptions http;
  http.host = address->first;
  http.port = address->second;
  http.no_auth = true;
  if (at_once > 0) http.max_concurrent_requests = http.max_sessions = static_cast<std::size_t>(at_once);
  return djust::mcp::run_http_server(registry,
                                     {"djust-mcp-conformance-fixture", "djust-mcp conformance fixture", "0",
                                      "The conformance suite's fixtures served by djust-mcp's MCP code"},
                                     djust::mcp::ServerOptions{}, http);
}
