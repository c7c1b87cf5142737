#include "tools/knowledge_resources.h"

#include "core/text.h"
#include "knowledge/knowledge.h"
#include "tools/knowledge_pages.h"

#include <algorithm>

namespace djust::tools {
namespace {

using registry::json;

constexpr const char* kJson = "application/json";

std::vector<std::string> starting_with(const std::vector<std::string>& values, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& v : values)
    if (core::starts_with_icase(v, prefix)) out.push_back(v);
  return out;
}

}  // namespace

std::vector<registry::Resource> knowledge_resources() {
  std::vector<registry::Resource> resources;
  resources.push_back({.uri = "djust://schema",
                       .name = "schema",
                       .title = "djust framework schema: index",
                       .description =
                           "One line per schema section with the names of its entries, its page count and URI "
                           "(as get_framework_schema returns it without arguments).",
                       .mime_type = kJson,
                       .read = [] { return schema_index().dump(2); }});
  for (const auto& name : knowledge::schema_section_names()) {
    resources.push_back(
        {.uri = schema_section_uri(name),
         .name = "schema-" + name,
         .title = schema_section_title(name),
         .description = "The '" + name +
                        "' section of the djust framework schema, as get_framework_schema returns it: its first "
                        "page when it is longer than one answer (`pages`; the others at " +
                        schema_section_uri(name, 2) + " and on).",
         .mime_type = kJson,
         .read = [name] { return schema_section_page(name, 1).dump(2); }});
  }
  resources.push_back({.uri = "djust://best-practices",
                       .name = "best-practices",
                       .title = "djust best practices: index",
                       .description = "One line per best-practice section with the titles of its practices and the URI "
                                      "that gives it in full (djust://best-practices/{section}).",
                       .mime_type = kJson,
                       .read = [] { return best_practices_index().dump(2); }});
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
      {.uri_template = "djust://schema/{section}/page/{page}",
       .name = "schema-section-page",
       .title = "One page of a schema section",
       .description = "Page N of a schema section longer than one answer, e.g. djust://schema/checks/page/2 "
                      "(the index, djust://schema, gives each section's page count).",
       .mime_type = kJson,
       .read = [](const std::map<std::string, std::string>& vars) -> std::optional<std::string> {
         const auto& names = knowledge::schema_section_names();
         const std::string& section = vars.at("section");
         const std::string& page = vars.at("page");
         if (std::find(names.begin(), names.end(), section) == names.end() || page.size() > 3 ||
             !std::all_of(page.begin(), page.end(), [](char c) { return c >= '0' && c <= '9'; }))
           return std::nullopt;
         const std::size_t number = std::stoul(page);
         if (number < 1 || number > schema_section_pages(section)) return std::nullopt;
         return schema_section_page(section, number).dump(2);
       },
       .complete =
           [](const std::string& variable, const std::string& prefix) {
             return variable == "section" ? starting_with(knowledge::schema_section_names(), prefix)
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
