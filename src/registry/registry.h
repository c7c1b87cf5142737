#pragma once
// The one list of tools, resources and prompts (put together by the composition root,
// app/tool_families.h), and the single path by which any front end calls a tool (argument
// validation included).

#include "registry/descriptors.h"

#include <string>
#include <vector>

namespace djust::registry {

struct ToolOutcome {
  bool is_error = false;
  json structured;    // the result, conforming to the tool's outputSchema, when !is_error
  std::string error;  // what went wrong and how to fix the call, when is_error
};

class Registry {
 public:
  Registry(std::vector<Tool> tools, std::vector<Resource> resources, std::vector<ResourceTemplate> templates,
           std::vector<Prompt> prompts, std::string instructions);

  // A short text for the model (MCP `instructions`): which tool to call first, and the workflow.
  const std::string& instructions() const { return instructions_; }

  const std::vector<Tool>& tools() const { return tools_; }
  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<ResourceTemplate>& resource_templates() const { return templates_; }
  const std::vector<Prompt>& prompts() const { return prompts_; }

  const Tool* find_tool(std::string_view name) const;
  const Prompt* find_prompt(std::string_view name) const;
  std::vector<std::string> tool_names() const;

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
};

// Matches `uri` against an RFC 6570 level-1 template ("djust://x/{name}"); variables must be
// non-empty and contain no '/'.
std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view uri_template,
                                                                     std::string_view uri);

// A readable sentence from schema violations of tool arguments.
std::string describe_argument_errors(const Tool& tool, const json& arguments);

}  // namespace djust::registry
