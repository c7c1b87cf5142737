#include "tools/knowledge_resources.h"

#include "core/text.h"
#include "knowledge/knowledge.h"

namespace djust::tools {
namespace {

using registry::json;

constexpr const char* kJson = "application/json";

// Human titles for the schema sections; the URIs use the section names themselves.
std::string section_title(const std::string& name) {
  static const std::map<std::string, std::string> titles = {
      {"meta", "djust release and requirements"},
      {"directives", "Template directives (dj-*)"},
      {"decorators", "Decorators"},
      {"lifecycle", "Lifecycle methods"},
      {"class_attributes", "LiveView class attributes"},
      {"view_methods", "View methods (navigation, streams, push_event)"},
      {"mixins", "Base classes and mixins with import paths"},
      {"routing", "Routing"},
      {"data_attributes", "Typed data attributes for handler parameters"},
      {"conventions", "Conventions"},
      {"checks", "djust system-check ids"}};
  auto it = titles.find(name);
  return it == titles.end() ? name : it->second;
}

std::vector<std::string> starting_with(const std::vector<std::string>& values, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& v : values)
    if (core::starts_with_icase(v, prefix)) out.push_back(v);
  return out;
}

}  // namespace

std::vector<registry::Resource> knowledge_resources() {
  std::vector<registry::Resource> resources;
  for (const auto& name : knowledge::schema_section_names()) {
    resources.push_back({.uri = "djust://schema/" + name,
                         .name = "schema-" + name,
                         .title = section_title(name),
                         .description = "The '" + name +
                                        "' section of the djust framework schema (as get_framework_schema returns it).",
                         .mime_type = kJson,
                         .read = [name] { return knowledge::schema_section(name).dump(2); }});
  }
  resources.push_back(
      {.uri = "djust://best-practices",
       .name = "best-practices",
       .title = "djust best practices",
       .description = "Every best-practice section with good and bad examples and the check ids that catch mistakes.",
       .mime_type = kJson,
       .read = [] { return knowledge::best_practices().dump(2); }});
  return resources;
}

std::vector<registry::ResourceTemplate> knowledge_resource_templates() {
  return {
      {.uri_template = "djust://schema/directives/{name}",
       .name = "directive",
       .title = "One template directive",
       .description = "A single dj-* directive by name, e.g. djust://schema/directives/dj-click.",
       .mime_type = kJson,
       .read = [](const std::map<std::string, std::string>& vars) -> std::optional<std::string> {
         const json* d = knowledge::find_directive(vars.at("name"));
         if (!d) return std::nullopt;
         return d->dump(2);
       },
       .complete =
           [](const std::string& variable, const std::string& prefix) {
             return variable == "name" ? starting_with(knowledge::directive_names(), prefix)
                                       : std::vector<std::string>{};
           }},
      {.uri_template = "djust://best-practices/{section}",
       .name = "best-practice-section",
       .title = "One best-practice section",
       .description = "A single best-practice section, e.g. djust://best-practices/security.",
       .mime_type = kJson,
       .read = [](const std::map<std::string, std::string>& vars) -> std::optional<std::string> {
         for (const auto& s : knowledge::best_practices().at("sections"))
           if (s.at("id") == vars.at("section")) return s.dump(2);
         return std::nullopt;
       },
       .complete =
           [](const std::string& variable, const std::string& prefix) {
             return variable == "section" ? starting_with(knowledge::best_practice_section_ids(), prefix)
                                          : std::vector<std::string>{};
           }},
  };
}

}  // namespace djust::tools
