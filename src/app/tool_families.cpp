#include "app/tool_families.h"

#include "tools/api_tools.h"
#include "tools/knowledge_prompts.h"
#include "tools/knowledge_resources.h"
#include "tools/knowledge_tools.h"
#include "tools/observability_tools.h"
#include "tools/project_session.h"
#include "tools/project_tools.h"
#include "tools/scaffold_tools.h"
#include "tools/template_tools.h"
#include "tools/validate_tools.h"

namespace djust::app {

registry::Registry build_registry(const tools::ToolOptions& options) {
  std::vector<registry::Tool> tools;
  auto add = [&tools](std::vector<registry::Tool> family) {
    for (auto& tool : family) tools.push_back(std::move(tool));
  };
  add(tools::knowledge_tools(options));
  add(tools::validate_tools(options));
  add(tools::template_tools(options));
  add(tools::scaffold_tools());
  add(tools::observability_tools(options));
  // One project and one warm bridge for the project tools and the project's own API.
  const auto session = tools::make_project_session(options);
  add(tools::project_tools(session));

  std::vector<registry::Resource> resources = tools::knowledge_resources();
  std::vector<registry::ResourceTemplate> templates = tools::knowledge_resource_templates();
  std::vector<registry::Prompt> prompts = tools::knowledge_prompts(tools, options);
  std::string instructions = tools::server_instructions(tools);
  return registry::Registry(std::move(tools), std::move(resources), std::move(templates), std::move(prompts),
                            std::move(instructions), tools::api_tools(session, options));
}

}  // namespace djust::app
