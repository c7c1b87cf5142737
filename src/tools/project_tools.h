#pragma once
// The project tools: live introspection of the user's Django project through its own
// `python manage.py`, with a bridge kept warm between calls (src/project/bridge.h).

#include "registry/descriptors.h"
#include "tools/tool_options.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace djust::tools {

class ProjectSession;

// The tools of the project `session` finds.
std::vector<registry::Tool> project_tools(const std::shared_ptr<ProjectSession>& session);

// The run_system_checks category of a check id: for djust.* ids the category data/schema/checks.json
// gives its family (djust.V* liveview, djust.C3xx integrations, ...), "other" when no family covers
// it; ids of Django and other apps "django".
std::string check_category(std::string_view id);

// Every category run_system_checks accepts, in the order it documents them.
const std::vector<std::string>& check_categories();

}  // namespace djust::tools
