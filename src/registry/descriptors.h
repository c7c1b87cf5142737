#pragma once
// What a tool, resource or prompt is. Each is described exactly once, by the family that
// implements it (src/tools/), and every front end (MCP server, CLI `tools`/`call`/`scaffold`, REPL,
// completions, man page) reads these descriptors through the Registry and calls a tool only
// through Registry::call.
// `validate`, `rules`, `rule ID` and `doctor` are commands of the CLI, not tools, and do not go
// through the registry: validate lints files and folders (discovery, config files, --fix writing
// them, SARIF/JUnit output, an exit status by findings) and doctor explains why the project
// cannot load before any tool runs. cli/ calls lint/ and project/ for them directly, through
// the same engine (lint/engine.h) the validate tools use.

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace djust::registry {

using nlohmann::json;

// Thrown by a handler for anything the caller can fix: the message is shown to the model (or the
// person at the CLI) verbatim, so it says what was wrong and what to do instead.
class ToolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a running handler may use besides its arguments.
struct CallContext {
  std::stop_token stop;  // requested when the client cancels the call or the server shuts down
  // Progress for long calls; a no-op when the caller asked for none.
  std::function<void(double progress, std::optional<double> total, const std::string& message)> progress =
      [](double, std::optional<double>, const std::string&) {};
  // A log message about this call for the client that made it; dropped unless that client asked
  // for messages of `level` (logging/setLevel, or the request's logLevel in the stateless revision).
  std::function<void(core::LogLevel level, const std::string& message)> log = [](core::LogLevel, const std::string&) {};
};

struct ToolAnnotations {
  bool read_only = false;
  bool destructive = true;
  bool idempotent = false;
  bool open_world = true;
};

// A resource a tool result points to (MCP `resource_link` content): a long body's other pages, or
// the detail behind an index entry.
struct ResourceLink {
  std::string uri;
  std::string name;
  std::string title;
  std::string mime_type;
};

// Content other than text (MCP `image`, `audio` and embedded `resource` blocks), for a tool result
// or a prompt message. Bytes are raw here; the protocol side encodes them.
struct MediaContent {
  enum class Kind { image, audio, resource };
  Kind kind = Kind::image;
  std::string mime_type;
  std::string bytes;  // the image or audio, or a binary embedded resource
  std::string uri;    // resource only
  std::string text;   // resource only: the body of a text resource (then `bytes` is empty)
};

struct Tool {
  std::string name;         // ^[a-zA-Z0-9_-]{1,64}$
  std::string title;        // for people
  std::string description;  // for a model: when to call it, what it returns
  json input_schema;        // JSON Schema object (subset of data/FORMAT.md)
  json output_schema;       // every successful result conforms to it
  ToolAnnotations annotations;
  // True when the result depends on nothing but the arguments (embedded data, no project, no
  // clock), so a front end may reuse an earlier serialized result for the same arguments.
  bool deterministic = false;
  std::function<json(const json& arguments, CallContext& context)> handler;
  // The resources a successful result points to, sent after its text block; empty function for none.
  std::function<std::vector<ResourceLink>(const json& result)> links = {};
  // Images, audio or embedded resources a successful result carries, sent after its text block;
  // empty function for none.
  std::function<std::vector<MediaContent>(const json& result)> media = {};
  // Client capabilities a call needs (e.g. {"sampling": {}}): a client that did not declare each
  // of them is refused (MissingRequiredClientCapabilityError) before the handler runs.
  json required_client_capabilities = json::object();
};

struct Resource {
  std::string uri;
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  std::function<std::string()> read;
  bool binary = false;  // read() returns bytes, sent base64 as a `blob`
};

struct ResourceTemplate {
  std::string uri_template;  // RFC 6570 level 1, e.g. djust://schema/directives/{name}
  std::string name;
  std::string title;
  std::string description;
  std::string mime_type;
  // Content for a concrete URI this template covers; nullopt when it names nothing.
  std::function<std::optional<std::string>(const std::map<std::string, std::string>& variables)> read;
  // Values for one template variable that start with `prefix`.
  std::function<std::vector<std::string>(const std::string& variable, const std::string& prefix)> complete;
};

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  // Values that start with `prefix`; empty function when the argument is free text.
  std::function<std::vector<std::string>(const std::string& prefix)> complete;
};

struct PromptMessage {
  std::string role;  // "user" or "assistant"
  std::string text;
  std::optional<MediaContent> media = std::nullopt;  // sent instead of `text` when set
};

struct Prompt {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  // Throws ToolError for arguments it cannot use.
  std::function<std::vector<PromptMessage>(const std::map<std::string, std::string>& arguments)> render;
};

}  // namespace djust::registry
