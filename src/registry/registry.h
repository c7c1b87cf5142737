#pragma once
// The one list of tools, resources and prompts (put together by the composition root,
// app/tool_families.h), and the single path by which any front end calls a tool (argument
// validation included).

#include "registry/descriptors.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace djust::registry {

struct ToolOutcome {
  bool is_error = false;
  json structured;    // the result, conforming to the tool's outputSchema, when !is_error
  std::string error;  // what went wrong and how to fix the call, when is_error
};

// Tools found at run time, next to the static ones: the project's own API (tools/api_tools.h),
// which changes when the project's code does.
class DynamicTools {
 public:
  virtual ~DynamicTools() = default;
  // The tools as last found, waiting up to `wait` for a search under way. When nothing keeps
  // them current (no watch()), the first call searches at once, whatever `wait` says.
  virtual std::shared_ptr<const std::vector<Tool>> current(std::chrono::milliseconds wait) = 0;
  // Searches now; returns what kept the search from succeeding, empty when it succeeded.
  virtual std::string refresh() = 0;
  // Whether a search is under way (a name not among the tools yet may still come).
  virtual bool searching() const = 0;
  // Keeps them current from now on (searching at once, then again whenever the project changes)
  // and calls `listener` after each change, until the returned handle is dropped.
  virtual std::shared_ptr<void> watch(std::function<void()> listener) = 0;
};

class Registry {
 public:
  Registry(std::vector<Tool> tools, std::vector<Resource> resources, std::vector<ResourceTemplate> templates,
           std::vector<Prompt> prompts, std::string instructions, std::shared_ptr<DynamicTools> dynamic = nullptr);

  // A short text for the model (MCP `instructions`): which tool to call first, and the workflow.
  const std::string& instructions() const { return instructions_; }

  // The static tools, then the dynamic ones (waiting a little for a search under way).
  std::vector<Tool> tools() const;
  // The same without copying them (tools/list sends a large project API's thousands of tools by
  // pages): the pointers stay valid while the list is held.
  struct ToolRefs {
    std::shared_ptr<const std::vector<Tool>> dynamic;  // keeps the dynamic tools alive
    std::vector<const Tool*> all;
  };
  ToolRefs tool_refs() const;
  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<ResourceTemplate>& resource_templates() const { return templates_; }
  const std::vector<Prompt>& prompts() const { return prompts_; }

  // The tool of that name (a dynamic one stays valid while held), or null. A name that is not
  // among the tools found so far waits up to `wait` for a search of the dynamic tools under way.
  std::shared_ptr<const Tool> find_tool(std::string_view name,
                                        std::chrono::milliseconds wait = std::chrono::milliseconds(0)) const;
  const Prompt* find_prompt(std::string_view name) const;
  std::vector<std::string> tool_names() const;

  // Whether the tool list can change while serving (tools/list_changed is then declared and sent).
  bool tools_can_change() const { return dynamic_ != nullptr; }
  // Whether the dynamic tools are being searched for right now.
  bool tools_being_searched() const { return dynamic_ && dynamic_->searching(); }
  // Searches for the dynamic tools now; what kept the search from succeeding, empty when it did.
  std::string refresh_tools() const;
  // Keeps the dynamic tools current and calls `listener` after each change, until the handle is
  // dropped; null when there are none.
  std::shared_ptr<void> watch_tools(std::function<void()> listener) const;

  // Reads a resource by URI, static or through a template; nullopt when nothing has that URI.
  struct ResourceContent {
    std::string uri;
    std::string mime_type;
    std::string text;  // the bytes of a binary resource
    bool binary = false;
  };
  std::optional<ResourceContent> read_resource(const std::string& uri) const;

  // Validates `arguments` against the tool's inputSchema, then runs its handler. Never throws
  // for anything the caller did wrong: that becomes an error outcome with a corrective message.
  ToolOutcome call(const Tool& tool, const json& arguments, CallContext& context) const;

 private:
  std::vector<Tool> tools_;
  std::vector<Resource> resources_;
  std::vector<ResourceTemplate> templates_;
  std::vector<Prompt> prompts_;
  std::string instructions_;
  std::shared_ptr<DynamicTools> dynamic_;
};

// How long tools/list waits for a search of the dynamic tools under way: a client that lists the
// tools once, right after starting the server, should still see the project's API.
inline constexpr std::chrono::milliseconds kDynamicToolsWait{15'000};

// Matches `uri` against an RFC 6570 level-1 template ("djust://x/{name}"); variables must be
// non-empty and contain no '/'.
std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view uri_template,
                                                                     std::string_view uri);

// A readable sentence from schema violations of tool arguments.
std::string describe_argument_errors(const Tool& tool, const json& arguments);

}  // namespace djust::registry
