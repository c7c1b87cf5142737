#include "knowledge/knowledge.h"

#include "core/embedded.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

namespace djust::knowledge {
namespace {

json parse_embedded(const std::string& path) {
  const auto text = core::embedded_file(path);
  if (!text) throw std::logic_error("embedded file missing: " + path);
  return json::parse(*text);  // validated at build time, so a throw here is a build defect
}

struct Store {
  std::map<std::string, json, std::less<>> sections;
  json best_practices;
  std::vector<std::string> category_names;
  std::vector<std::string> directive_names;

  Store() {
    for (const auto& name : schema_section_names()) sections[name] = parse_embedded("data/schema/" + name + ".json");
    best_practices = parse_embedded("data/best_practices.json");
    for (const auto& c : sections.at("directives").at("categories")) category_names.push_back(c.at("name"));
    for (const auto& d : sections.at("directives").at("directives")) directive_names.push_back(d.at("name"));
  }
};

const Store& store() {
  static const Store instance;  // thread-safe lazy init: cold start pays nothing until first use
  return instance;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const json* find_exact_or_family(const std::string& name) {
  const auto& directives = store().sections.at("directives").at("directives");
  for (const auto& d : directives) {
    if (d.at("name") == name) return &d;
  }
  for (const auto& d : directives) {
    const std::string& pattern = d.at("name").get_ref<const std::string&>();
    if (pattern.ends_with('*')) {
      const std::string prefix = pattern.substr(0, pattern.size() - 1);
      if (name.size() > prefix.size() && name.starts_with(prefix)) return &d;
    }
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& schema_section_names() {
  static const std::vector<std::string> names = {
      "meta",    "directives",      "decorators",  "lifecycle", "class_attributes", "view_methods", "mixins",
      "routing", "data_attributes", "conventions", "checks"};
  return names;
}

const json& schema_section(std::string_view name) {
  const auto& sections = store().sections;
  auto it = sections.find(name);
  if (it == sections.end()) throw std::out_of_range("unknown schema section: " + std::string(name));
  return it->second;
}

const json& best_practices() { return store().best_practices; }

std::vector<std::string> best_practice_section_ids() {
  std::vector<std::string> ids;
  for (const auto& s : best_practices().at("sections")) ids.push_back(s.at("id"));
  return ids;
}

const std::string& djust_version() { return schema_section("meta").at("djust_version").get_ref<const std::string&>(); }

const std::vector<std::string>& directive_category_names() { return store().category_names; }

const std::vector<std::string>& directive_names() { return store().directive_names; }

const json* find_directive(std::string_view attribute) {
  std::string name = lowercase(attribute);
  if (!name.starts_with("dj-")) name = "dj-" + name;
  if (const json* d = find_exact_or_family(name)) return d;
  if (auto dot = name.find('.'); dot != std::string::npos) return find_exact_or_family(name.substr(0, dot));
  return nullptr;
}

}  // namespace djust::knowledge
