#include "tools/knowledge_pages.h"

#include "knowledge/knowledge.h"
#include "tools/answer_pages.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace djust::tools {
namespace {

using registry::json;

// How a section splits: the member holding its list of entries (the largest array of objects;
// empty when it has none) and where each page of that list starts.
struct SectionLayout {
  std::string list_key;
  std::vector<std::size_t> starts = {0};
};

std::string list_key_of(const json& section) {
  std::string key;
  std::size_t largest = 0;
  for (const auto& [member, value] : section.items()) {
    if (!value.is_array() || value.empty() || !value.front().is_object()) continue;
    if (const std::size_t size = json_bytes(value); size > largest) {
      largest = size;
      key = member;
    }
  }
  return key;
}

const SectionLayout& layout_of(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, SectionLayout> layouts;
  std::lock_guard lock(mutex);
  if (auto it = layouts.find(name); it != layouts.end()) return it->second;
  const json& section = knowledge::schema_section(name);
  SectionLayout layout{.list_key = list_key_of(section)};
  if (!layout.list_key.empty()) {
    json rest = section;
    rest.erase(layout.list_key);
    const std::size_t rest_bytes = json_bytes(rest);
    layout.starts = page_starts(section.at(layout.list_key), rest_bytes < kPageBytes ? kPageBytes - rest_bytes : 0);
  }
  return layouts.emplace(name, std::move(layout)).first->second;
}

// What an entry is called: its name, id or typed-attribute suffix.
std::string entry_name(const json& entry) {
  for (const char* key : {"name", "id", "suffix"})
    if (entry.contains(key) && entry.at(key).is_string()) return entry.at(key);
  return {};
}

// An entry's name in the index: a name several entries share (mount of LiveView and of
// LiveComponent) says which classes this one applies to.
std::string index_name(const json& entries, const json& entry) {
  std::string name = entry_name(entry);
  if (name.empty() || !entry.contains("applies_to")) return name;
  const auto same = std::count_if(entries.begin(), entries.end(), [&](const json& e) { return entry_name(e) == name; });
  if (same < 2) return name;
  std::string classes;
  for (const auto& c : entry.at("applies_to")) classes += (classes.empty() ? "" : ", ") + c.get<std::string>();
  return name + " (" + classes + ")";
}

}  // namespace

std::string schema_section_title(const std::string& name) {
  static const std::map<std::string, std::string> titles = {
      {"meta", "djust release, requirements, install steps and import lines"},
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

std::string schema_section_uri(const std::string& name, std::size_t page) {
  return "djust://schema/" + name + (page > 1 ? "/page/" + std::to_string(page) : "");
}

std::string best_practice_uri(const std::string& section_id) { return "djust://best-practices/" + section_id; }

std::size_t schema_section_pages(const std::string& name) { return layout_of(name).starts.size(); }

json schema_index() {
  json index = json::array();
  for (const auto& name : knowledge::schema_section_names()) {
    const SectionLayout& layout = layout_of(name);
    json entry = {{"section", name}, {"title", schema_section_title(name)}};
    if (!layout.list_key.empty()) {
      const json& entries = knowledge::schema_section(name).at(layout.list_key);
      json names = json::array();
      for (const auto& e : entries)
        if (auto n = index_name(entries, e); !n.empty()) names.push_back(std::move(n));
      entry["count"] = entries.size();
      entry["names"] = std::move(names);
    }
    entry["pages"] = layout.starts.size();
    entry["uri"] = schema_section_uri(name);
    index.push_back(std::move(entry));
  }
  return {{"djust_version", knowledge::djust_version()},
          {"index", std::move(index)},
          {"how_to_use",
           "This is an index. Call get_framework_schema with `section` (and `page` when a section has more than "
           "one) for the full entries, or read its uri. get_template_directives and get_decorators with `name` "
           "give one directive or decorator."}};
}

json schema_section_page(const std::string& name, std::size_t page) {
  const SectionLayout& layout = layout_of(name);
  const std::size_t pages = layout.starts.size();
  if (page < 1 || page > pages) {
    throw registry::ToolError("Section '" + name + "' has " + std::to_string(pages) + " page" +
                              (pages == 1 ? "" : "s") + "; pass a page from 1 to " + std::to_string(pages) + ".");
  }
  const json& section = knowledge::schema_section(name);
  json content;
  if (layout.list_key.empty()) {
    content = section;
  } else if (page == 1) {
    content = section;
    content[layout.list_key] = page_items(section.at(layout.list_key), layout.starts, 1);
  } else {
    content = {{layout.list_key, page_items(section.at(layout.list_key), layout.starts, page)}};
  }
  json result = {{"djust_version", knowledge::djust_version()},
                 {"section", name},
                 {"page", page},
                 {"pages", pages},
                 {"sections", {{name, std::move(content)}}}};
  if (page < pages) result["next_page"] = page + 1;
  return result;
}

json best_practices_index() {
  json index = json::array();
  for (const auto& s : knowledge::best_practices().at("sections")) {
    json practices = json::array();
    for (const auto& p : s.at("practices")) practices.push_back(p.at("title"));
    // Keyed `section`, the get_best_practices parameter that takes it.
    index.push_back({{"section", s.at("id")},
                     {"title", s.at("title")},
                     {"summary", s.at("summary")},
                     {"practices", std::move(practices)},
                     {"uri", best_practice_uri(s.at("id"))}});
  }
  return {{"djust_version", knowledge::djust_version()},
          {"index", std::move(index)},
          {"how_to_use",
           "This is an index. Call get_best_practices with `section` for its practices with good and bad examples "
           "and the check ids that catch each mistake, or read its uri."}};
}

std::vector<registry::ResourceLink> other_page_links(const std::string& name, std::size_t page) {
  std::vector<registry::ResourceLink> links;
  const std::size_t pages = schema_section_pages(name);
  for (std::size_t p = 1; p <= pages; ++p) {
    if (p == page) continue;
    links.push_back(
        {.uri = schema_section_uri(name, p),
         .name = "schema-" + name + "-page-" + std::to_string(p),
         .title = schema_section_title(name) + ", page " + std::to_string(p) + " of " + std::to_string(pages),
         .mime_type = "application/json"});
  }
  return links;
}

}  // namespace djust::tools
