#include "registry/registry.h"

#include "core/json_schema.h"
#include "core/log.h"
#include "core/text.h"

#include <algorithm>
#include <new>

namespace djust::registry {

Registry::Registry(std::vector<Tool> tools, std::vector<Resource> resources, std::vector<ResourceTemplate> templates,
                   std::vector<Prompt> prompts, std::string instructions, std::shared_ptr<DynamicTools> dynamic)
    : tools_(std::move(tools)),
      resources_(std::move(resources)),
      templates_(std::move(templates)),
      prompts_(std::move(prompts)),
      instructions_(std::move(instructions)),
      dynamic_(std::move(dynamic)) {}

std::vector<Tool> Registry::tools() const {
  std::vector<Tool> all;
  for (const Tool* tool : tool_refs().all) all.push_back(*tool);
  return all;
}

Registry::ToolRefs Registry::tool_refs() const {
  ToolRefs refs;
  if (dynamic_) refs.dynamic = dynamic_->current(kDynamicToolsWait);
  refs.all.reserve(tools_.size() + (refs.dynamic ? refs.dynamic->size() : 0));
  for (const Tool& tool : tools_) refs.all.push_back(&tool);
  if (refs.dynamic)
    for (const Tool& tool : *refs.dynamic) refs.all.push_back(&tool);
  return refs;
}

std::shared_ptr<const Tool> Registry::find_tool(std::string_view name, std::chrono::milliseconds wait) const {
  const auto named = [&](const Tool& t) { return t.name == name; };
  // The static tools live as long as the registry: a non-owning pointer.
  if (auto it = std::find_if(tools_.begin(), tools_.end(), named); it != tools_.end())
    return std::shared_ptr<const Tool>(std::shared_ptr<const Tool>(), &*it);
  if (!dynamic_) return nullptr;
  auto found = dynamic_->current(std::chrono::milliseconds(0));
  auto it = std::find_if(found->begin(), found->end(), named);
  if (it == found->end() && wait.count() > 0) {
    found = dynamic_->current(wait);
    it = std::find_if(found->begin(), found->end(), named);
  }
  return it == found->end() ? nullptr : std::shared_ptr<const Tool>(found, &*it);
}

std::string Registry::refresh_tools() const { return dynamic_ ? dynamic_->refresh() : std::string(); }

std::shared_ptr<void> Registry::watch_tools(std::function<void()> listener) const {
  return dynamic_ ? dynamic_->watch(std::move(listener)) : nullptr;
}

const Prompt* Registry::find_prompt(std::string_view name) const {
  auto it = std::find_if(prompts_.begin(), prompts_.end(), [&](const Prompt& p) { return p.name == name; });
  return it == prompts_.end() ? nullptr : &*it;
}

std::vector<std::string> Registry::tool_names() const {
  std::vector<std::string> names;
  for (const auto& t : tools()) names.push_back(t.name);
  return names;
}

std::optional<Registry::ResourceContent> Registry::read_resource(const std::string& uri) const {
  for (const auto& r : resources_) {
    if (r.uri == uri) return ResourceContent{uri, r.mime_type, r.read(), r.binary};
  }
  for (const auto& t : templates_) {
    if (auto vars = match_uri_template(t.uri_template, uri)) {
      if (auto text = t.read(*vars)) return ResourceContent{uri, t.mime_type, std::move(*text)};
    }
  }
  return std::nullopt;
}

std::optional<std::map<std::string, std::string>> match_uri_template(std::string_view tmpl, std::string_view uri) {
  std::map<std::string, std::string> vars;
  std::size_t ti = 0;
  std::size_t ui = 0;
  while (ti < tmpl.size()) {
    if (tmpl[ti] != '{') {
      if (ui >= uri.size() || uri[ui] != tmpl[ti]) return std::nullopt;
      ++ti;
      ++ui;
      continue;
    }
    const std::size_t close = tmpl.find('}', ti);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string name(tmpl.substr(ti + 1, close - ti - 1));
    ti = close + 1;
    // A variable runs to the next literal character of the template (or the end), never over '/'.
    const char stop = ti < tmpl.size() ? tmpl[ti] : '\0';
    std::size_t end = ui;
    while (end < uri.size() && uri[end] != '/' && (stop == '\0' || uri[end] != stop)) ++end;
    if (end == ui) return std::nullopt;
    vars[name] = std::string(uri.substr(ui, end - ui));
    ui = end;
  }
  if (ui != uri.size()) return std::nullopt;
  return vars;
}

std::string describe_argument_errors(const Tool& tool, const json& arguments) {
  std::vector<std::string> problems;
  for (const auto& v : core::validate_json(tool.input_schema, arguments)) {
    if (v.path.empty()) {
      problems.push_back("the arguments object " + v.message);
    } else {
      // "/category" -> argument `category`; deeper paths keep their pointer form.
      problems.push_back("argument `" + v.path.substr(1) + "` " + v.message);
    }
  }
  if (problems.empty()) return {};
  std::string text = "Invalid arguments for " + tool.name + ": " + core::join(problems, "; ") + ".";
  std::vector<std::string> accepted;
  if (auto props = tool.input_schema.find("properties"); props != tool.input_schema.end()) {
    for (const auto& [name, schema] : props->items()) {
      accepted.push_back(name + " (" + schema.value("type", std::string("any")) + ")");
    }
  }
  text += accepted.empty() ? " This tool takes no arguments." : " It accepts: " + core::join(accepted, ", ") + ".";
  text += " Correct the arguments and call it again.";
  return text;
}

namespace {

// Why `result` breaks the promise `tool`'s outputSchema makes to clients; empty when it keeps it.
std::string describe_output_errors(const Tool& tool, const json& result) {
  const std::string where = core::describe_violations(core::validate_json(tool.output_schema, result));
  if (where.empty()) return {};
  return "Internal error in " + tool.name + ": its result does not match its output schema " + where +
         ". The result was withheld; this is a bug in djust-mcp, please report it.";
}

}  // namespace

ToolOutcome Registry::call(const Tool& tool, const json& arguments, CallContext& context) const {
  // Validation is inside too: arguments built to be costly to check must not end the process.
  try {
    if (std::string problems = describe_argument_errors(tool, arguments); !problems.empty())
      return {true, {}, std::move(problems)};
    json result = tool.handler(arguments, context);
    // Every result is held to the outputSchema here, once for all tools: a client trusts it.
    if (std::string problems = describe_output_errors(tool, result); !problems.empty()) {
      core::log(core::LogLevel::error, "registry", problems);
      return {true, {}, std::move(problems)};
    }
    return {false, std::move(result), {}};
  } catch (const ToolError& e) {
    return {true, {}, e.what()};
  } catch (const std::bad_alloc&) {
    core::log(core::LogLevel::error, "registry", tool.name + " ran out of memory");
    return {true, {}, "Out of memory in " + tool.name + ": the arguments are too large or too repetitive to handle."};
  } catch (const std::exception& e) {
    // A bug of ours, not the caller's: say so plainly rather than dress it up as advice.
    core::log(core::LogLevel::error, "registry", tool.name + " failed: " + e.what());
    return {true, {}, "Internal error in " + tool.name + ": " + e.what()};
  }
}

}  // namespace djust::registry
