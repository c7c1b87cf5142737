#include "knowledge/knowledge.h"

#include "core/embedded.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

namespace djust::knowledge {
namespace {

json parse_embedded(const std::string& path) {
  const auto text = core::embedded_file(path);
  if (!text) throw std::logic_error("embedded file missing: " + path);
  return json::parse(*text);  // validated at build time, so a throw here is a build defect
}

// One embedded JSON document, parsed on first use: a call that needs one section does not pay
// for parsing the others (this keeps cold start to the initialize reply short).
class LazyDocument {
 public:
  explicit LazyDocument(std::string path) : path_(std::move(path)) {}
  const json& get() const {
    std::call_once(once_, [this] { document_ = parse_embedded(path_); });
    return document_;
  }

 private:
  std::string path_;
  mutable std::once_flag once_;
  mutable json document_;
};

struct Store {
  std::map<std::string, LazyDocument, std::less<>> sections;
  LazyDocument best_practices{"data/best_practices.json"};

  Store() {
    for (const auto& name : schema_section_names()) sections.try_emplace(name, "data/schema/" + name + ".json");
  }
};

const Store& store() {
  static const Store instance;
  return instance;
}

std::vector<std::string> names_of(const json& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.at("name"));
  return names;
}

const json* find_exact_or_family(const std::string& name) {
  const auto& directives = schema_section("directives").at("directives");
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
  return it->second.get();
}

const json& best_practices() { return store().best_practices.get(); }

// The values the data's own JSON Schema allows at `pointer`. The build validates the data against
// that schema, and the schema is a few KB where the data is a hundred: tool descriptors (built at
// every start) read their enumerations from here.
std::vector<std::string> allowed_values(const std::string& schema_path, const char* pointer) {
  return parse_embedded(schema_path).at(json::json_pointer(pointer)).get<std::vector<std::string>>();
}

const std::vector<std::string>& best_practice_section_ids() {
  static const std::vector<std::string> ids =
      allowed_values("data/jsonschema/best_practices.schema.json", "/$defs/section/properties/id/enum");
  return ids;
}

const std::string& djust_version() { return schema_section("meta").at("djust_version").get_ref<const std::string&>(); }

const std::vector<std::string>& directive_category_names() {
  static const std::vector<std::string> names =
      allowed_values("data/jsonschema/directives.schema.json", "/$defs/category/enum");
  return names;
}

const std::vector<std::string>& directive_names() {
  static const std::vector<std::string> names = names_of(schema_section("directives").at("directives"));
  return names;
}

const json* find_directive(std::string_view attribute) {
  std::string name = core::to_lower(attribute);
  if (!name.starts_with("dj-")) name = "dj-" + name;
  if (const json* d = find_exact_or_family(name)) return d;
  if (auto dot = name.find('.'); dot != std::string::npos) return find_exact_or_family(name.substr(0, dot));
  return nullptr;
}

DirectiveOption find_directive_option(std::string_view attribute) {
  std::string name = core::to_lower(attribute);
  if (!name.starts_with("dj-")) name = "dj-" + name;
  const json& section = schema_section("directives");
  // Pointers into the section, never into a copy: `value()` would hand back a temporary.
  for (const auto& d : section.at("directives")) {
    if (!d.contains("options")) continue;
    for (const auto& o : d.at("options"))
      if (o.at("name") == name) return {&d, &o};
  }
  if (section.contains("optional_script_attributes"))
    for (const auto& a : section.at("optional_script_attributes"))
      if (a.at("name") == name) return {nullptr, &a};
  return {};
}

const json* find_template_marker(std::string_view name) {
  std::string wanted = core::to_lower(name);
  if (!wanted.starts_with("dj-")) wanted = "dj-" + wanted;
  for (const auto& marker : schema_section("directives").at("template_markers"))
    if (marker.at("name") == wanted) return &marker;
  return nullptr;
}

bool is_marker_or_internal(std::string_view attribute) {
  const std::string name = core::to_lower(attribute);
  auto matches = [&](const std::string& pattern) {
    return pattern.ends_with('*') ? name.starts_with(pattern.substr(0, pattern.size() - 1)) : name == pattern;
  };
  const auto& directives = schema_section("directives");
  for (const char* list : {"template_markers", "internal_attributes"})
    for (const auto& entry : directives.at(list))
      if (matches(entry.at("name"))) return true;
  for (const auto& family : directives.at("families"))
    if (matches(family.at("pattern"))) return true;
  return false;
}

std::vector<std::string> key_filters_of(std::string_view directive_name) {
  std::vector<std::string> filters;
  for (const auto& modifier : schema_section("directives").at("key_modifiers")) {
    const auto& applies_to = modifier.at("applies_to");
    if (std::find(applies_to.begin(), applies_to.end(), directive_name) != applies_to.end())
      filters.push_back(modifier.at("name"));
  }
  return filters;
}

const std::vector<std::string>& check_category_names() {
  static const std::vector<std::string> names =
      allowed_values("data/jsonschema/checks.schema.json", "/$defs/family/properties/category/enum");
  return names;
}

std::string check_category_of(std::string_view code) {
  std::string category;
  std::size_t matched = 0;
  for (const auto& family : schema_section("checks").at("families")) {
    const auto& prefix = family.at("prefix").get_ref<const std::string&>();
    if (prefix.size() > matched && code.starts_with(prefix)) {
      category = family.at("category").get<std::string>();
      matched = prefix.size();
    }
  }
  return category;
}

const json* find_check(std::string_view code) {
  for (const auto& check : schema_section("checks").at("checks"))
    if (check.at("code") == code) return &check;
  return nullptr;
}

namespace {

// Not a schema section: a lint fact, read only when a call might be a component.
const json& component_list() {
  static const json components = parse_embedded("data/schema/components.json").at("components");
  return components;
}

}  // namespace

const json* find_component(std::string_view qualified) {
  static const std::map<std::string, const json*, std::less<>> by_path = [] {
    std::map<std::string, const json*, std::less<>> paths;
    for (const auto& c : component_list()) {
      const std::string name = c.at("name");
      paths.emplace(c.at("module").get<std::string>() + "." + name, &c);
      for (const auto& package : c.at("imported_from")) paths.emplace(package.get<std::string>() + "." + name, &c);
    }
    return paths;
  }();
  auto it = by_path.find(qualified);
  return it == by_path.end() ? nullptr : it->second;
}

std::vector<const json*> components_named(std::string_view name) {
  std::vector<const json*> out;
  for (const auto& c : component_list())
    if (c.at("name") == name) out.push_back(&c);
  return out;
}

const std::vector<std::string>& base_class_paths(std::string_view name) {
  // "from djust.live_view import LiveView" -> "djust.live_view.LiveView" (the schema allows only that form).
  static const std::map<std::string, std::vector<std::string>, std::less<>> paths = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> out;
    for (const auto& base : schema_section("mixins").at("base_classes")) {
      auto& list = out[base.at("name").get<std::string>()];
      for (const auto& line : base.at("imports")) {
        const std::string text = line.get<std::string>();
        const std::size_t import = text.find(" import ");
        list.push_back(text.substr(5, import - 5) + "." + text.substr(import + 8));
      }
    }
    return out;
  }();
  static const std::vector<std::string> none;
  auto it = paths.find(name);
  return it == paths.end() ? none : it->second;
}

namespace {

std::vector<std::string> mixin_paths_where(bool (*wanted)(const json& mixin)) {
  std::vector<std::string> out;
  for (const auto& mixin : schema_section("mixins").at("mixins"))
    if (wanted(mixin)) out.push_back(mixin.at("module").get<std::string>() + "." + mixin.at("name").get<std::string>());
  return out;
}

}  // namespace

const std::vector<std::string>& mixin_paths() {
  static const std::vector<std::string> paths = mixin_paths_where([](const json&) { return true; });
  return paths;
}

std::vector<RenamedAttribute> renamed_attributes(std::string_view list) {
  std::vector<RenamedAttribute> renames;
  for (const auto& entry : schema_section("directives").at(std::string(list)))
    for (const auto& legacy : entry.value("legacy_names", json::array()))
      renames.push_back({legacy.at("name"), entry.at("name"), legacy.at("renamed_in")});
  return renames;
}

const std::vector<std::string>& login_mixin_paths() {
  static const std::vector<std::string> paths =
      mixin_paths_where([](const json& mixin) { return mixin.value("requires_login", false); });
  return paths;
}

const std::vector<std::string>& async_view_methods() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& method : schema_section("view_methods").at("methods"))
      if (method.at("async").get<bool>()) out.push_back(method.at("name"));
    return out;
  }();
  return names;
}

namespace {

std::vector<std::string> decorators_where(const char* flag) {
  std::vector<std::string> names;
  for (const auto& d : schema_section("decorators").at("decorators"))
    if (d.value(flag, false)) names.push_back(d.at("name"));
  return names;
}

}  // namespace

const std::vector<std::string>& event_handler_decorators() {
  static const std::vector<std::string> names = decorators_where("is_event_handler");
  return names;
}

const std::vector<std::string>& browser_callable_decorators() {
  static const std::vector<std::string> names = decorators_where("callable_from_browser");
  return names;
}

namespace {

// "1.1.0rc2" -> {1, 1, 0}, pre-release 2; nullopt unless it starts with a digit.
struct Release {
  std::vector<long> numbers;
  bool prerelease = false;  // rc1, a1, .dev0 come before the release
  long prerelease_number = 0;
};

long leading_number(std::string_view text, std::size_t& i) {
  long n = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 1'000'000; ++i)
    n = n * 10 + (text[i] - '0');
  return n;
}

std::optional<Release> parse_release(std::string_view text) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return std::nullopt;
  Release r;
  std::size_t i = 0;
  while (true) {
    r.numbers.push_back(leading_number(text, i));
    if (i + 1 < text.size() && text[i] == '.' && std::isdigit(static_cast<unsigned char>(text[i + 1])))
      ++i;
    else
      break;
  }
  while (r.numbers.size() < 3) r.numbers.push_back(0);
  if (i < text.size() && text[i] != '+') {
    r.prerelease = true;
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    r.prerelease_number = leading_number(text, i);
  }
  return r;
}

}  // namespace

void ProjectDjustVersion::set(const json& reported) {
  std::lock_guard lock(mutex_);
  if (reported.is_string() && !reported.get_ref<const std::string&>().empty())
    version_ = reported.get<std::string>();
  else
    version_.reset();
  if (!version_ || (installed_ && installed_->version != *version_)) installed_.reset();
}

std::optional<std::string> ProjectDjustVersion::get() const {
  std::lock_guard lock(mutex_);
  return version_;
}

void ProjectDjustVersion::set_installed(const json& reply) {
  std::lock_guard lock(mutex_);
  if (!reply.at("djust").is_string()) {
    installed_.reset();
    return;
  }
  InstalledDjust facts{.version = reply.at("djust"),
                       .present = reply.at("present").get<std::set<std::string>>(),
                       .missing = reply.at("missing").get<std::set<std::string>>(),
                       .event_security = std::nullopt};
  if (reply.at("event_security").is_string()) facts.event_security = reply.at("event_security").get<std::string>();
  version_ = facts.version;
  installed_ = std::move(facts);
}

std::optional<InstalledDjust> ProjectDjustVersion::installed() const {
  std::lock_guard lock(mutex_);
  return installed_;
}

std::string instructions_note(const ProjectDjustVersion& project_djust) {
  const auto project = project_djust.get();
  if (!project || compare_versions(*project, djust_version()).value_or(1) == 0) return "";
  return "Version note: the linked project runs djust " + *project + ", and the knowledge tools describe djust " +
         djust_version() +
         (project_djust.installed() ? "; their decorator, mixin and base class entries are checked "
                                      "against the installed package (installed_djust)"
                                    : "") +
         ". An entry djust " + *project + " lacks or deprecates says so in its version_note.";
}

std::optional<std::string> importable_path(const json& entry) {
  if (!entry.is_object() || !entry.contains("name")) return std::nullopt;
  if (entry.contains("module"))
    return entry.at("module").get<std::string>() + "." + entry.at("name").get<std::string>();
  for (const auto& line : entry.value("imports", json::array())) {  // a base class: "from djust import LiveView"
    const std::string text = line;
    const auto import = text.find(" import ");
    if (text.starts_with("from ") && import != std::string::npos)
      return text.substr(5, import - 5) + "." + text.substr(import + 8);
  }
  return std::nullopt;
}

const std::vector<std::string>& importable_paths() {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> out;
    const auto add = [&](const json& list) {
      for (const auto& entry : list)
        if (auto path = importable_path(entry)) out.push_back(*path);
    };
    add(schema_section("decorators").at("decorators"));
    add(schema_section("mixins").at("mixins"));
    add(schema_section("mixins").at("base_classes"));
    return out;
  }();
  return paths;
}

std::optional<int> compare_versions(std::string_view a, std::string_view b) {
  const auto ra = parse_release(a), rb = parse_release(b);
  if (!ra || !rb) return std::nullopt;
  if (ra->numbers != rb->numbers) return ra->numbers < rb->numbers ? -1 : 1;
  if (ra->prerelease != rb->prerelease) return ra->prerelease ? -1 : 1;
  if (ra->prerelease_number != rb->prerelease_number) return ra->prerelease_number < rb->prerelease_number ? -1 : 1;
  return 0;
}

std::optional<std::string> version_note(const json& entry, std::string_view project_version) {
  const std::string runs = "this project runs djust " + std::string(project_version);
  if (entry.contains("since")) {
    const std::string& since = entry.at("since").get_ref<const std::string&>();
    if (compare_versions(project_version, since).value_or(0) < 0)
      return "added in " + since + "; " + runs + ", which does not have it";
  }
  if (entry.contains("deprecated") && entry.at("deprecated").contains("since")) {
    const std::string& since = entry.at("deprecated").at("since").get_ref<const std::string&>();
    if (compare_versions(project_version, since).value_or(-1) >= 0)
      return "deprecated since " + since + " (" + runs + "); use " +
             entry.at("deprecated").at("use_instead").get<std::string>() + " instead";
  }
  return std::nullopt;
}

}  // namespace djust::knowledge
