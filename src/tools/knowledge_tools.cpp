#include "tools/knowledge_tools.h"

#include "core/text.h"
#include "knowledge/knowledge.h"

#include <algorithm>

namespace djust::tools {
namespace {

using registry::json;
using registry::Tool;
using registry::ToolError;

// Every knowledge tool only reads embedded data: safe to call any number of times.
constexpr registry::ToolAnnotations kReadOnlyLocal{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = false};

json enum_of(const std::vector<std::string>& values) { return json(values); }

json array_of_objects() { return {{"type", "array"}, {"items", {{"type", "object"}}}}; }

Tool framework_schema_tool() {
  json section_properties = json::object();
  for (const auto& name : knowledge::schema_section_names()) section_properties[name] = {{"type", "object"}};
  return Tool{
      .name = "get_framework_schema",
      .title = "djust framework schema",
      .description =
          "Call this first, before writing or changing any djust code. Returns what is true of the djust release "
          "this server describes: all template directives (dj-*), decorators with their real parameters and import "
          "paths, lifecycle methods, LiveView class attributes, view methods, mixins and where they are imported "
          "from, routing, typed data attributes, conventions and djust's system-check ids. Pass `section` to get "
          "only one part (smaller answer).",
      .input_schema = {{"type", "object"},
                       {"properties",
                        {{"section",
                          {{"type", "string"},
                           {"enum", enum_of(knowledge::schema_section_names())},
                           {"description", "Only this section of the schema. Omit for every section."}}}}},
                       {"additionalProperties", false}},
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"djust_version", {{"type", "string"}}},
                          {"sections",
                           {{"type", "object"}, {"properties", section_properties}, {"additionalProperties", false}}}}},
                        {"required", {"djust_version", "sections"}},
                        {"additionalProperties", false}},
      .annotations = kReadOnlyLocal,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        json sections = json::object();
        if (args.contains("section")) {
          const std::string name = args.at("section");
          sections[name] = knowledge::schema_section(name);
        } else {
          for (const auto& name : knowledge::schema_section_names()) sections[name] = knowledge::schema_section(name);
        }
        return json{{"djust_version", knowledge::djust_version()}, {"sections", std::move(sections)}};
      }};
}

Tool template_directives_tool() {
  return Tool{
      .name = "get_template_directives",
      .title = "djust template directives",
      .description =
          "The dj-* attributes a djust template may use: for each, its category, what it does, the value syntax, "
          "modifiers, related attributes and an example. Filter by `category` and/or `name` (a directive or an "
          "attribute as written in a template, e.g. 'dj-model.lazy' or 'dj-value-item-id:int', which resolve to "
          "their directive). Also returns the required template markers (dj-view, dj-root) and the key modifiers. "
          "Use it before writing a template, and to check an attribute you are unsure of.",
      .input_schema = {{"type", "object"},
                       {"properties",
                        {{"category",
                          {{"type", "string"},
                           {"enum", enum_of(knowledge::directive_category_names())},
                           {"description", "Only directives of this category."}}},
                         {"name",
                          {{"type", "string"},
                           {"minLength", 1},
                           {"maxLength", 200},
                           {"description", "A directive or attribute name, with or without the dj- prefix."}}}}},
                       {"additionalProperties", false}},
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"djust_version", {{"type", "string"}}},
                          {"count", {{"type", "integer"}, {"minimum", 0}}},
                          {"categories", array_of_objects()},
                          {"directives", array_of_objects()},
                          {"key_modifiers", array_of_objects()},
                          {"template_markers", array_of_objects()}}},
                        {"required", {"djust_version", "count", "categories", "directives"}},
                        {"additionalProperties", false}},
      .annotations = kReadOnlyLocal,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        const json& data = knowledge::schema_section("directives");
        json directives = json::array();
        if (args.contains("name")) {
          const std::string name = args.at("name");
          const json* found = knowledge::find_directive(name);
          if (const json* marker = found ? nullptr : knowledge::find_template_marker(name)) {
            return json{{"djust_version", knowledge::djust_version()},
                        {"count", 0},
                        {"categories", json::array()},
                        {"directives", json::array()},
                        {"template_markers", json::array({*marker})}};
          }
          if (!found) {
            std::string text = "No djust directive matches '" + name + "'.";
            std::string normalized = name.starts_with("dj-") ? name : "dj-" + name;
            if (auto guess = core::closest_match(normalized, knowledge::directive_names()))
              text += " Did you mean '" + *guess + "'?";
            text += " Call get_template_directives without `name` to list all of them.";
            throw ToolError(text);
          }
          if (!args.contains("category") || found->at("category") == args.at("category")) directives.push_back(*found);
        } else {
          for (const auto& d : data.at("directives")) {
            if (!args.contains("category") || d.at("category") == args.at("category")) directives.push_back(d);
          }
        }
        // Only the categories of the directives returned, with their full counts.
        json categories = json::array();
        for (const auto& c : data.at("categories")) {
          if (std::none_of(directives.begin(), directives.end(),
                           [&](const json& d) { return d.at("category") == c.at("name"); }))
            continue;
          json entry = c;
          entry["count"] = std::count_if(data.at("directives").begin(), data.at("directives").end(),
                                         [&](const json& d) { return d.at("category") == c.at("name"); });
          categories.push_back(std::move(entry));
        }
        json result = {{"djust_version", knowledge::djust_version()},
                       {"count", directives.size()},
                       {"categories", std::move(categories)},
                       {"directives", std::move(directives)}};
        if (data.contains("key_modifiers")) result["key_modifiers"] = data.at("key_modifiers");
        if (data.contains("template_markers")) result["template_markers"] = data.at("template_markers");
        return result;
      }};
}

Tool decorators_tool() {
  return Tool{
      .name = "get_decorators",
      .title = "djust decorators",
      .description =
          "Every djust decorator with its exact import line, signature and parameters (with defaults), whether it "
          "marks an event handler, how it combines with others, and an example. Pass `name` for one decorator. "
          "Use it before decorating a handler: a wrong import or parameter is the most common djust mistake.",
      .input_schema = {{"type", "object"},
                       {"properties",
                        {{"name",
                          {{"type", "string"},
                           {"minLength", 1},
                           {"maxLength", 200},
                           {"description", "One decorator, e.g. 'event_handler' or '@debounce'."}}}}},
                       {"additionalProperties", false}},
      .output_schema = {{"type", "object"},
                        {"properties",
                         {{"djust_version", {{"type", "string"}}},
                          {"count", {{"type", "integer"}, {"minimum", 0}}},
                          {"decorators", array_of_objects()}}},
                        {"required", {"djust_version", "count", "decorators"}},
                        {"additionalProperties", false}},
      .annotations = kReadOnlyLocal,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        const json& all = knowledge::schema_section("decorators").at("decorators");
        json decorators = json::array();
        if (args.contains("name")) {
          std::string name = args.at("name");
          if (name.starts_with('@')) name.erase(0, 1);
          if (auto paren = name.find('('); paren != std::string::npos) name.erase(paren);
          if (auto dot = name.rfind('.'); dot != std::string::npos) name.erase(0, dot + 1);  // djust.decorators.x
          for (const auto& d : all)
            if (d.at("name") == name) decorators.push_back(d);
          if (decorators.empty()) {
            std::vector<std::string> names;
            for (const auto& d : all) names.push_back(d.at("name"));
            throw ToolError(core::unknown_value_message("decorator", name, names));
          }
        } else {
          decorators = all;
        }
        return json{{"djust_version", knowledge::djust_version()},
                    {"count", decorators.size()},
                    {"decorators", std::move(decorators)}};
      }};
}

Tool best_practices_tool() {
  return Tool{
      .name = "get_best_practices",
      .title = "djust best practices",
      .description =
          "How experienced djust developers write views, handlers and templates, with good and bad examples and "
          "the djust system-check ids that catch each mistake. Sections: setup, lifecycle, handlers, directives, "
          "jit_serialization, forms, security, state_management, templates, handler_signature, common_pitfalls. "
          "Read it before generating a view; pass `section` for one part.",
      .input_schema = {{"type", "object"},
                       {"properties",
                        {{"section",
                          {{"type", "string"},
                           {"enum", enum_of(knowledge::best_practice_section_ids())},
                           {"description", "Only this section. Omit for all of them."}}}}},
                       {"additionalProperties", false}},
      .output_schema = {{"type", "object"},
                        {"properties", {{"djust_version", {{"type", "string"}}}, {"sections", array_of_objects()}}},
                        {"required", {"djust_version", "sections"}},
                        {"additionalProperties", false}},
      .annotations = kReadOnlyLocal,
      .deterministic = true,
      .handler = [](const json& args, registry::CallContext&) {
        json sections = json::array();
        for (const auto& s : knowledge::best_practices().at("sections")) {
          if (!args.contains("section") || s.at("id") == args.at("section")) sections.push_back(s);
        }
        return json{{"djust_version", knowledge::djust_version()}, {"sections", std::move(sections)}};
      }};
}

}  // namespace

std::vector<registry::Tool> knowledge_tools() {
  return {framework_schema_tool(), template_directives_tool(), decorators_tool(), best_practices_tool()};
}

}  // namespace djust::tools
