#include "tools/knowledge_tools.h"

#include "core/text.h"
#include "knowledge/knowledge.h"
#include "tools/answer_pages.h"
#include "tools/knowledge_pages.h"
#include "tools/schema_pieces.h"

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

json array_of_objects() { return array_of(type("object")); }

json page_input(const std::string& what) {
  return {{"type", "integer"},
          {"minimum", 1},
          {"default", 1},
          {"description", "Page of " + what + ": a list longer than one answer comes in pages (see `pages`)."}};
}

// A page of a long answer: which, of how many, and the next one's number.
json paged(json output) {
  return with_optional(std::move(output), {{"page", {{"type", "integer"}, {"minimum", 1}}},
                                           {"pages", {{"type", "integer"}, {"minimum", 1}}},
                                           {"next_page", {{"type", "integer"}, {"minimum", 2}}}});
}

std::size_t page_argument(const json& args) { return args.value("page", std::size_t{1}); }

using Installed = std::optional<knowledge::InstalledDjust>;

// Where the entry of a decorators, mixins or base_classes list is importable from; an index entry
// (name and summary) is looked up in the data by name.
std::optional<std::string> path_of(const std::string& list, const json& entry) {
  if (auto path = knowledge::importable_path(entry)) return path;
  if (list != "decorators" && list != "mixins" && list != "base_classes") return std::nullopt;
  const json& data = knowledge::schema_section(list == "decorators" ? "decorators" : "mixins").at(list);
  for (const auto& full : data)
    if (full.at("name") == entry.value("name", json())) return knowledge::importable_path(full);
  return std::nullopt;
}

// What the linked project's djust makes of one entry of `list`: a version_note when it is newer or
// deprecated there; for a decorator, mixin or base class, whether the installed package has it.
void note_entry(json& entry, const std::string& list, const std::string& project, const Installed& installed) {
  std::optional<std::string> note = knowledge::version_note(entry, project);
  const auto path = path_of(list, entry);
  if (installed && path) {
    if (installed->present.count(*path)) {
      entry["installed_djust"] = "verified against the installed djust " + installed->version;
    } else if (installed->missing.count(*path)) {
      entry["installed_djust"] = "missing from the installed djust " + installed->version + ": no " + *path;
      if (!note) note = "the installed djust " + installed->version + " has no " + *path;
    }
  }
  if (note) entry["version_note"] = *note;
}

// Every entry of these lists, at any depth, may carry since/deprecated versions.
void note_entries(json& node, const std::string& project, const Installed& installed) {
  if (!node.is_object()) return;
  for (auto& [key, value] : node.items()) {
    if (value.is_array() &&
        (key == "directives" || key == "decorators" || key == "mixins" || key == "options" || key == "base_classes")) {
      for (auto& entry : value) {
        if (!entry.is_object()) continue;
        note_entry(entry, key, project, installed);
        note_entries(entry, project, installed);
      }
    } else if (value.is_object()) {
      note_entries(value, project, installed);
    }
  }
}

// With a linked project (its bridge reported the djust it imports): which djust that is, whether
// the data describes another release, on each entry newer than the project's djust (or deprecated
// there) a version_note, and on each decorator, mixin and base class whether the installed djust
// has it (installed_djust).
json with_version_notes(json result, const knowledge::ProjectDjustVersion& project_djust) {
  const auto project = project_djust.get();
  if (!project) return result;
  const Installed installed = project_djust.installed();
  result["project_djust_version"] = *project;
  const std::string data = knowledge::djust_version();
  if (installed) {
    result["installed_djust"] =
        "Decorator, mixin and base class names are checked against the installed djust " + installed->version +
        " (each entry's installed_djust says which it has)" +
        (installed->event_security ? "; its event_security is \"" + *installed->event_security + "\"" : "") +
        ". Everything else is from the djust " + data + " data.";
  }
  if (knowledge::compare_versions(*project, data).value_or(1) != 0) {
    result["version_note"] = "This project runs djust " + *project + "; these facts are from the djust " + data +
                             " data" +
                             (installed ? " (see installed_djust for what was checked against the installed package)"
                                        : " and were not checked against the installed package") +
                             ". An entry added after " + *project + " says so in its version_note.";
  }
  note_entries(result, *project, installed);
  if (result.contains("option")) note_entry(result["option"], "options", *project, installed);
  return result;
}

// A knowledge answer that may also say, for a linked project, which djust it imports.
json versioned(json output) {
  return with_optional(
      std::move(output),
      {{"project_djust_version",
        described(string_type(), "The djust version the linked project imports, when there is one.")},
       {"version_note",
        described(string_type(), "Present when the project's djust differs from the release these facts describe.")},
       {"installed_djust",
        described(string_type(), "With a linked project: which facts were checked against its installed djust.")}});
}

std::vector<registry::ResourceLink> section_links(const json& index) {
  std::vector<registry::ResourceLink> links;
  for (const auto& entry : index)
    links.push_back({.uri = entry.at("uri"),
                     .name = "schema-" + entry.at("section").get<std::string>(),
                     .title = entry.at("title"),
                     .mime_type = "application/json"});
  return links;
}

Tool framework_schema_tool(std::shared_ptr<const knowledge::ProjectDjustVersion> project_djust) {
  json section_properties = json::object();
  for (const auto& name : knowledge::schema_section_names()) section_properties[name] = type("object");
  return Tool{
      .name = "get_framework_schema",
      .title = "djust framework schema",
      .description =
          "Call this first, before writing or changing any djust code. Without arguments: an index of what is true "
          "of the djust release this server describes, one line per section (meta, template directives, decorators, "
          "lifecycle methods, class attributes, view methods, mixins and their import paths, routing, typed data "
          "attributes, conventions, system-check ids) with the names of its entries. Then pass `section` for its "
          "full entries; a long section comes in pages (`pages`, `next_page`): pass `page` for the next.",
      .input_schema =
          input_object({{"section",
                         {{"type", "string"},
                          {"enum", enum_of(knowledge::schema_section_names())},
                          {"description", "The section to return in full. Omit for the index of all sections."}}},
                        {"page", page_input("the section")}}),
      .output_schema = paged(versioned(
          with_optional(strict_object({{"djust_version", string_type()}}),
                        {{"index", array_of_objects()},
                         {"how_to_use", string_type()},
                         {"section", {{"type", "string"}, {"enum", enum_of(knowledge::schema_section_names())}}},
                         {"sections", with_optional(strict_object({}), section_properties)}}))),
      .annotations = kReadOnlyLocal,
      .deterministic = false,  // notes follow the linked project's djust version
      .handler =
          [project_djust](const json& args, registry::CallContext&) {
            if (!args.contains("section")) {
              if (args.contains("page")) throw ToolError("`page` pages one section: pass `section` too.");
              return with_version_notes(schema_index(), *project_djust);
            }
            return with_version_notes(schema_section_page(args.at("section"), page_argument(args)), *project_djust);
          },
      .links =
          [](const json& result) {
            return result.contains("index") ? section_links(result.at("index"))
                                            : other_page_links(result.at("section"), result.at("page"));
          }};
}

// The key modifiers (.enter, .escape...) that apply to one of `directives`: none for most.
json key_modifiers_of(const json& data, const json& directives) {
  json modifiers = json::array();
  for (const auto& m : data.value("key_modifiers", json::array())) {
    const json& applies_to = m.at("applies_to");
    if (std::any_of(directives.begin(), directives.end(), [&](const json& d) {
          return std::find(applies_to.begin(), applies_to.end(), d.at("name")) != applies_to.end();
        }))
      modifiers.push_back(m);
  }
  return modifiers;
}

// The template markers (dj-view, dj-root) one of `directives` names among its related attributes.
json markers_related_to(const json& data, const json& directives) {
  json markers = json::array();
  for (const auto& m : data.value("template_markers", json::array()))
    for (const auto& d : directives) {
      const json related = d.value("related", json::array());
      if (std::find(related.begin(), related.end(), m.at("name")) == related.end()) continue;
      markers.push_back(m);
      break;
    }
  return markers;
}

// Adds `list` under `key` when it has entries: an empty list would only lengthen the answer.
void add_nonempty(json& result, const char* key, json list) {
  if (!list.empty()) result[key] = std::move(list);
}

// The directives of one category, in pages, with the category's line and (page 1) the markers
// every template needs and the key modifiers of the category's directives.
json directives_of_category(const json& data, const std::string& category, std::size_t page) {
  json directives = json::array();
  for (const auto& d : data.at("directives"))
    if (d.at("category") == category) directives.push_back(d);
  json result = {{"djust_version", knowledge::djust_version()}, {"categories", json::array()}};
  for (const auto& c : data.at("categories")) {
    if (c.at("name") != category) continue;
    json entry = c;
    entry["count"] = directives.size();
    result["categories"].push_back(std::move(entry));
  }
  add_nonempty(result, "key_modifiers", key_modifiers_of(data, directives));
  if (data.contains("template_markers")) result["template_markers"] = data.at("template_markers");
  const std::size_t rest = json_bytes(result);
  const auto starts = page_starts(directives, rest < kPageBytes ? kPageBytes - rest : 0);
  if (page > starts.size()) {
    throw ToolError("Category '" + category + "' has " + std::to_string(starts.size()) +
                    " page(s); pass a page from 1 to " + std::to_string(starts.size()) + ".");
  }
  if (page > 1) {
    result.erase("key_modifiers");
    result.erase("template_markers");
  }
  result["directives"] = page_items(directives, starts, page);
  result["count"] = result["directives"].size();
  result["page"] = page;
  result["pages"] = starts.size();
  if (page < starts.size()) result["next_page"] = page + 1;
  return result;
}

// Every category with the names of its directives, and the markers every template needs.
json directive_index(const json& data) {
  json categories = json::array();
  for (const auto& c : data.at("categories")) {
    json names = json::array();
    for (const auto& d : data.at("directives"))
      if (d.at("category") == c.at("name")) names.push_back(d.at("name"));
    json entry = c;
    entry["count"] = names.size();
    entry["directives"] = std::move(names);
    categories.push_back(std::move(entry));
  }
  // The attributes that only refine a directive, by directive: found by `name` like directives.
  json options = json::object();
  for (const auto& d : data.at("directives")) {
    if (!d.contains("options")) continue;
    json names = json::array();
    for (const auto& o : d.at("options")) names.push_back(o.at("name"));
    options[d.at("name").get<std::string>()] = std::move(names);
  }
  json script_attributes = json::array();
  if (data.contains("optional_script_attributes"))
    for (const auto& a : data.at("optional_script_attributes"))
      script_attributes.push_back({{"name", a.at("name")}, {"script", a.at("script")}, {"summary", a.at("summary")}});
  json result = {{"djust_version", knowledge::djust_version()},
                 {"count", data.at("directives").size()},
                 {"categories", std::move(categories)},
                 {"options", std::move(options)},
                 {"optional_script_attributes", std::move(script_attributes)},
                 {"how_to_use",
                  "This is an index. Pass `name` (e.g. 'dj-model.lazy', or an option such as 'dj-copy-class') for one "
                  "directive in full with its options, or `category` for all of a category's directives with value "
                  "syntax, modifiers and examples."}};
  for (const char* key : {"key_modifiers", "template_markers"})
    if (data.contains(key)) result[key] = data.at(key);
  return result;
}

// One option: the option itself and, for an option of a directive, that directive in full.
json option_answer(const json& data, const knowledge::DirectiveOption& match) {
  json option = *match.option;
  json directives = json::array();
  json categories = json::array();
  if (match.directive) {
    option["option_of"] = match.directive->at("name");
    directives.push_back(*match.directive);
    for (const auto& c : data.at("categories"))
      if (c.at("name") == match.directive->at("category")) categories.push_back(c);
  }
  return {{"djust_version", knowledge::djust_version()},
          {"count", directives.size()},
          {"categories", std::move(categories)},
          {"directives", std::move(directives)},
          {"option", std::move(option)}};
}

// get_template_directives: the index, one category, or one directive, option or marker by name.
json directives_answer(const json& args) {
  const json& data = knowledge::schema_section("directives");
  if (args.contains("page") && (!args.contains("category") || args.contains("name")))
    throw ToolError("`page` pages the directives of one `category`: pass `category` (and no `name`).");
  if (!args.contains("name")) {
    return args.contains("category") ? directives_of_category(data, args.at("category"), page_argument(args))
                                     : directive_index(data);
  }
  const std::string name = args.at("name");
  if (const auto match = knowledge::find_directive_option(name); match.option) return option_answer(data, match);
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
    text += " Call get_template_directives without `name` for the index of all of them.";
    throw ToolError(text);
  }
  json directives = json::array();
  if (!args.contains("category") || found->at("category") == args.at("category")) directives.push_back(*found);
  json categories = json::array();
  for (const auto& c : data.at("categories")) {
    if (directives.empty() || c.at("name") != found->at("category")) continue;
    json entry = c;
    entry["count"] = std::count_if(data.at("directives").begin(), data.at("directives").end(),
                                   [&](const json& d) { return d.at("category") == c.at("name"); });
    categories.push_back(std::move(entry));
  }
  // Only what bears on this directive: its key modifiers, and a marker it works with (dj-lazy's dj-view).
  json result = {{"djust_version", knowledge::djust_version()}, {"count", directives.size()}};
  add_nonempty(result, "key_modifiers", key_modifiers_of(data, directives));
  add_nonempty(result, "template_markers", markers_related_to(data, directives));
  result["categories"] = std::move(categories);
  result["directives"] = std::move(directives);
  return result;
}

Tool template_directives_tool(std::shared_ptr<const knowledge::ProjectDjustVersion> project_djust) {
  return Tool{
      .name = "get_template_directives",
      .title = "djust template directives",
      .description =
          "The dj-* attributes a djust template may use. Without arguments: an index of the categories with the "
          "names of their directives, the template markers (dj-view, dj-root) and key modifiers. Pass "
          "`name` (a directive or attribute as written in a template, e.g. 'dj-model.lazy' or "
          "'dj-value-item-id:int', which resolve to their directive, or a marker such as 'dj-view') for that one in "
          "full: what it does, value syntax, modifiers, related attributes, an example, and only the key modifiers "
          "and markers that bear on it. Pass `category` for all directives of a category (in "
          "pages when long). Use it before writing a template, and to check an attribute you are unsure of.",
      .input_schema =
          input_object({{"category",
                         {{"type", "string"},
                          {"enum", enum_of(knowledge::directive_category_names())},
                          {"description", "All directives of this category, in full."}}},
                        {"name",
                         {{"type", "string"},
                          {"minLength", 1},
                          {"maxLength", 200},
                          {"description", "A directive or attribute name, with or without the dj- prefix."}}},
                        {"page", page_input("the category's directives")}}),
      .output_schema = paged(versioned(with_optional(
          strict_object(
              {{"djust_version", string_type()}, {"count", count_type()}, {"categories", array_of_objects()}}),
          {{"directives", array_of_objects()},
           {"key_modifiers", array_of_objects()},
           {"template_markers", array_of_objects()},
           {"how_to_use", string_type()},
           {"options", described(type("object"), "Index only: each directive's options (attributes that refine it).")},
           {"optional_script_attributes", array_of_objects()},
           {"option", described(type("object"),
                                "The option `name` named, with `option_of` (its directive, also given in full in "
                                "`directives`), or an attribute of an optional script (`script`).")}}))),
      .annotations = kReadOnlyLocal,
      .deterministic = false,  // notes follow the linked project's djust version
      .handler = [project_djust](const json& args, registry::CallContext&) {
        return with_version_notes(directives_answer(args), *project_djust);
      }};
}

// get_decorators: the index, or one decorator in full.
json decorators_answer(const json& args) {
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
    return json{{"djust_version", knowledge::djust_version()},
                {"count", decorators.size()},
                {"decorators", std::move(decorators)}};
  }
  for (const auto& d : all) {
    decorators.push_back({{"name", d.at("name")},
                          {"import", d.at("import")},
                          {"signature", d.at("signature")},
                          {"summary", first_sentence(d.at("description").get<std::string>())},
                          {"since", d.at("since")}});
  }
  return json{{"djust_version", knowledge::djust_version()},
              {"count", decorators.size()},
              {"decorators", std::move(decorators)},
              {"how_to_use",
               "This is an index. Pass `name` for one decorator in full: parameters with defaults, whether it "
               "marks an event handler, how it combines with others, an example."}};
}

Tool decorators_tool(std::shared_ptr<const knowledge::ProjectDjustVersion> project_djust) {
  return Tool{
      .name = "get_decorators",
      .title = "djust decorators",
      .description =
          "djust's decorators. Without arguments: an index, one line each with its exact import line, signature "
          "and what it does. Pass `name` for one decorator in full: parameters with defaults, whether it marks an "
          "event handler, how it combines with others, and an example. "
          "Use it before decorating a handler: a wrong import or parameter is the most common djust mistake.",
      .input_schema = input_object({{"name",
                                     {{"type", "string"},
                                      {"minLength", 1},
                                      {"maxLength", 200},
                                      {"description", "One decorator, e.g. 'event_handler' or '@debounce'."}}}}),
      .output_schema = versioned(strict_object({{"djust_version", string_type()},
                                                {"count", count_type()},
                                                {"decorators", array_of_objects()},
                                                {"how_to_use", string_type()}},
                                               {"how_to_use"})),
      .annotations = kReadOnlyLocal,
      .deterministic = false,  // notes follow the linked project's djust version
      .handler = [project_djust](const json& args, registry::CallContext&) {
        return with_version_notes(decorators_answer(args), *project_djust);
      }};
}

Tool best_practices_tool() {
  return Tool{
      .name = "get_best_practices",
      .title = "djust best practices",
      .description =
          "How experienced djust developers write views, handlers and templates, with good and bad examples and "
          "the djust system-check ids that catch each mistake. Without arguments: an index, one line per section "
          "(setup, lifecycle, handlers, directives, jit_serialization, forms, security, state_management, "
          "templates, handler_signature, common_pitfalls) with the titles of its practices. Pass `section` for its "
          "practices in full. Read the sections that matter before generating a view.",
      .input_schema = input_object({{"section",
                                     {{"type", "string"},
                                      {"enum", enum_of(knowledge::best_practice_section_ids())},
                                      {"description", "The section to return in full. Omit for the index."}}}}),
      .output_schema = strict_object({{"djust_version", string_type()},
                                      {"index", array_of_objects()},
                                      {"how_to_use", string_type()},
                                      {"sections", array_of_objects()}},
                                     {"index", "how_to_use", "sections"}),
      .annotations = kReadOnlyLocal,
      .deterministic = true,
      .handler =
          [](const json& args, registry::CallContext&) {
            if (!args.contains("section")) return best_practices_index();
            json sections = json::array();
            for (const auto& s : knowledge::best_practices().at("sections"))
              if (s.at("id") == args.at("section")) sections.push_back(s);
            return json{{"djust_version", knowledge::djust_version()}, {"sections", std::move(sections)}};
          },
      .links =
          [](const json& result) {
            std::vector<registry::ResourceLink> links;
            for (const auto& entry : result.value("index", json::array()))
              links.push_back({.uri = entry.at("uri"),
                               .name = "best-practices-" + entry.at("section").get<std::string>(),
                               .title = entry.at("title"),
                               .mime_type = "application/json"});
            return links;
          }};
}

}  // namespace

std::vector<registry::Tool> knowledge_tools(const ToolOptions& options) {
  // Without a holder (options built by hand) the answers are the data's alone.
  const auto project_djust = options.project_djust_version ? options.project_djust_version
                                                           : std::make_shared<knowledge::ProjectDjustVersion>();
  return {framework_schema_tool(project_djust), template_directives_tool(project_djust), decorators_tool(project_djust),
          best_practices_tool()};
}

}  // namespace djust::tools
