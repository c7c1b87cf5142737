// The embedded knowledge must agree with facts checked against djust 1.1's source and
// documentation. The expectations below are written out here by hand, not read from data/, so a
// wrong or missing entry in data/ fails here.
#include "knowledge/knowledge.h"
#include "lint/python/python_parser.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

using djust::knowledge::json;
namespace knowledge = djust::knowledge;

namespace {

const std::map<std::string, std::vector<std::string>>& reference_directives() {
  static const std::map<std::string, std::vector<std::string>> directives = {
      {"event",
       {"dj-click", "dj-submit", "dj-change", "dj-input", "dj-blur", "dj-focus", "dj-keydown", "dj-keyup", "dj-poll",
        "dj-mounted", "dj-click-away", "dj-shortcut", "dj-paste", "dj-mutation", "dj-window-*", "dj-document-*"}},
      {"binding", {"dj-model", "dj-force-value"}},
      {"dom",
       {"dj-update", "dj-target", "dj-dialog", "dj-sticky-scroll", "dj-scroll-into-view", "dj-ignore-attrs",
        "dj-cloak"}},
      {"loading",
       {"dj-loading", "dj-loading.disable", "dj-loading.class", "dj-loading.show", "dj-loading.hide", "dj-loading.for",
        "dj-disable-with", "dj-lock", "dj-form-pending"}},
      {"modifier",
       {"dj-confirm", "dj-poll-interval", "dj-debounce", "dj-throttle", "dj-no-submit", "dj-trigger-action",
        "dj-params", "dj-value-*"}},
      {"client", {"dj-copy"}},
      {"hooks", {"dj-hook"}},
      {"recovery", {"dj-auto-recover"}},
      {"navigation", {"dj-patch", "dj-navigate", "dj-patch-reload"}},
      {"streaming", {"dj-stream", "dj-stream-mode", "dj-viewport-top", "dj-viewport-bottom"}},
      {"upload", {"dj-upload", "dj-upload-drop", "dj-upload-preview", "dj-upload-progress"}},
      {"performance", {"dj-lazy", "dj-prefetch", "dj-track-static", "dj-virtual", "dj-key"}},
      {"animation", {"dj-transition", "dj-remove", "dj-transition-group", "dj-view-transitions", "dj-flip"}},
  };
  return directives;
}

std::map<std::string, std::string> module_by_name(const json& items) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) out[item.at("name")] = item.at("module");
  return out;
}

}  // namespace

TEST_CASE("directives: all 66 of the reference, each in its category, each once") {
  const json& data = knowledge::schema_section("directives");
  std::map<std::string, std::string> category_of;
  for (const auto& d : data.at("directives")) {
    const std::string name = d.at("name");
    CHECK_MESSAGE(!category_of.count(name), "duplicate directive " << name);
    category_of[name] = d.at("category");
  }
  std::size_t expected_total = 0;
  for (const auto& [category, names] : reference_directives()) {
    expected_total += names.size();
    for (const auto& name : names) {
      INFO("directive ", name);
      REQUIRE(category_of.count(name));
      CHECK(category_of.at(name) == category);
    }
  }
  CHECK(expected_total == 66);
  CHECK(category_of.size() == 66);
  CHECK(knowledge::directive_category_names().size() == 13);
}

TEST_CASE("directives: dj-params is deprecated; dj-update lists its four modes") {
  const json* params = knowledge::find_directive("dj-params");
  REQUIRE(params);
  CHECK(params->contains("deprecated"));
  const json* update = knowledge::find_directive("dj-update");
  REQUIRE(update);
  const std::set<std::string> modes(update->at("allowed_values").begin(), update->at("allowed_values").end());
  CHECK(modes == std::set<std::string>{"append", "prepend", "replace", "ignore"});
}

TEST_CASE("find_directive resolves template attributes to their directive") {
  CHECK(knowledge::find_directive("dj-model.lazy")->at("name") == "dj-model");
  CHECK(knowledge::find_directive("dj-keydown.enter")->at("name") == "dj-keydown");
  CHECK(knowledge::find_directive("dj-loading.disable")->at("name") == "dj-loading.disable");
  CHECK(knowledge::find_directive("dj-value-item-id:int")->at("name") == "dj-value-*");
  CHECK(knowledge::find_directive("dj-window-keydown.escape")->at("name") == "dj-window-*");
  CHECK(knowledge::find_directive("click")->at("name") == "dj-click");
  CHECK(knowledge::find_directive("dj-clik") == nullptr);
  CHECK(knowledge::find_directive("dj-view") == nullptr);  // a marker, not a directive
}

TEST_CASE("decorators: every decorator of the reference with its real module") {
  const auto modules = module_by_name(knowledge::schema_section("decorators").at("decorators"));
  for (const char* name :
       {"event_handler", "debounce", "throttle", "optimistic", "cache", "client_state", "rate_limit",
        "permission_required", "reactive", "state", "computed", "action", "server_function", "background"}) {
    INFO("decorator ", name);
    REQUIRE(modules.count(name));
    CHECK(modules.at(name) == "djust.decorators");
  }
  REQUIRE(modules.count("on_mount"));
  CHECK(modules.at("on_mount") == "djust.hooks");
  for (const auto& d : knowledge::schema_section("decorators").at("decorators")) {
    CHECK(d.at("import") == "from " + d.at("module").get<std::string>() + " import " + d.at("name").get<std::string>());
  }
}

TEST_CASE("decorators: real signatures of the ones users get wrong") {
  std::map<std::string, std::string> signature;
  for (const auto& d : knowledge::schema_section("decorators").at("decorators"))
    signature[d.at("name")] = d.at("signature");
  CHECK(signature.at("event_handler") ==
        "event_handler(params=None, description=\"\", coerce_types=True, expose_api=False, serialize=None)");
  CHECK(signature.at("debounce") == "debounce(wait=0.3, max_wait=None)");
  CHECK(signature.at("throttle") == "throttle(interval=0.1, leading=True, trailing=True)");
  CHECK(signature.at("rate_limit") == "rate_limit(rate=10, burst=5)");
  CHECK(signature.at("cache") == "cache(ttl=60, key_params=None)");
}

TEST_CASE("mixins and base classes live where the reference says") {
  const json& section = knowledge::schema_section("mixins");
  const auto modules = module_by_name(section.at("mixins"));
  const std::map<std::string, std::string> expected = {
      {"PresenceMixin", "djust.presence"},    {"LiveCursorMixin", "djust.presence"},
      {"FormMixin", "djust.forms"},           {"TenantMixin", "djust.tenants"},
      {"TenantScopedMixin", "djust.tenants"}, {"PWAMixin", "djust.pwa"},
      {"OfflineMixin", "djust.pwa"},          {"SyncMixin", "djust.pwa"},
      {"StreamingMixin", "djust.streaming"},  {"UploadMixin", "djust.uploads"},
      {"WizardMixin", "djust.wizard"},        {"TutorialMixin", "djust.tutorials"},
      {"LoginRequiredMixin", "djust.auth"},   {"PermissionRequiredMixin", "djust.auth"}};
  for (const auto& [name_, module] : expected) {
    const std::string& name = name_;  // INFO captures it; clang 14 cannot capture a structured binding
    INFO("mixin ", name);
    REQUIRE(modules.count(name));
    CHECK(modules.at(name) == module);
  }
  bool live_view = false;
  for (const auto& base : section.at("base_classes")) {
    if (base.at("name") == "LiveView") {
      live_view = true;
      CHECK(base.at("imports").at(0) == "from djust import LiveView");
    }
  }
  CHECK(live_view);
}

TEST_CASE("lifecycle: LiveView mount takes request, LiveComponent mount does not") {
  bool view_mount = false;
  bool component_mount = false;
  for (const auto& m : knowledge::schema_section("lifecycle").at("methods")) {
    if (m.at("name") != "mount") continue;
    const std::string signature = m.at("signature");
    for (const auto& applies : m.at("applies_to")) {
      if (applies == "LiveView") {
        view_mount = true;
        CHECK(signature == "mount(self, request, **kwargs)");
      } else if (applies == "LiveComponent") {
        component_mount = true;
        CHECK(signature == "mount(self, **kwargs)");
      }
    }
  }
  CHECK(view_mount);
  CHECK(component_mount);
}

TEST_CASE("view methods: stream_to is async") {
  bool found = false;
  for (const auto& m : knowledge::schema_section("view_methods").at("methods")) {
    if (m.at("name") == "stream_to") {
      found = true;
      CHECK(m.at("async") == true);
    }
  }
  CHECK(found);
}

TEST_CASE("class attributes: every LiveView attribute of the reference") {
  std::set<std::string> names;
  for (const auto& a : knowledge::schema_section("class_attributes").at("attributes")) names.insert(a.at("name"));
  for (const char* name :
       {"template_name", "template", "use_actors", "tick_interval", "temporary_assigns", "static_assigns",
        "login_required", "permission_required", "login_url", "on_mount", "abstract", "api_name", "api_auth_classes",
        "sticky", "sticky_id", "enable_state_snapshot", "streaming_render", "time_travel_enabled"}) {
    CHECK_MESSAGE(names.count(name), "missing class attribute " << name);
  }
}

TEST_CASE("checks: djust's ids with their prefix, including the ones the reference names") {
  std::set<std::string> codes;
  for (const auto& c : knowledge::schema_section("checks").at("checks")) {
    CHECK(c.at("id") == "djust." + c.at("code").get<std::string>());
    codes.insert(c.at("code"));
  }
  for (const char* code :
       {"V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008", "V009", "V010", "V013", "S001", "S002",
        "S003", "S004", "S005", "S009", "S012", "T001", "T002", "T005", "T010", "T012", "T013", "T014", "T015",
        "T017", "Q001", "Q002", "Q003", "C001", "C002", "C004", "Y001", "Y002", "Y003", "Y004"}) {
    CHECK_MESSAGE(codes.count(code), "missing check " << code);
  }
}

TEST_CASE("meta: djust 1.1.0") { CHECK(knowledge::djust_version() == "1.1.0"); }

namespace {

// Every code sample the knowledge contains, with where it is.
void collect_snippets(const json& node, const std::string& where, std::vector<std::pair<std::string, json>>& out) {
  if (node.is_object()) {
    if (node.contains("language") && node.contains("code")) out.emplace_back(where, node);
    for (const auto& [key, value] : node.items()) collect_snippets(value, where + "/" + key, out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) collect_snippets(node[i], where + "/" + std::to_string(i), out);
  }
}

void check_no_escaped_template_tags(const json& node, const std::string& where) {
  if (node.is_string()) {
    const std::string& s = node.get_ref<const std::string&>();
    CHECK_MESSAGE(s.find("{%%") == std::string::npos, where << " contains {%%");
    CHECK_MESSAGE(s.find("%%}") == std::string::npos, where << " contains %%}");
  } else if (node.is_structured()) {
    for (const auto& [key, value] : node.items()) check_no_escaped_template_tags(value, where + "/" + key);
  }
}

}  // namespace

TEST_CASE("best practices: the sections the issue names, every Python snippet parses") {
  const std::vector<std::string> expected = {
      "setup",    "lifecycle",        "handlers",  "directives",        "jit_serialization", "forms",
      "security", "state_management", "templates", "handler_signature", "common_pitfalls"};
  CHECK(knowledge::best_practice_section_ids() == expected);
  std::vector<std::pair<std::string, json>> snippets;
  collect_snippets(knowledge::best_practices(), "best_practices", snippets);
  CHECK(snippets.size() >= 20);
  for (const auto& [where, snippet] : snippets) {
    if (snippet.at("language") != "python") continue;
    const auto tree = djust::lint::python::parse(snippet.at("code").get<std::string>());
    const auto error = tree.first_error();
    const std::string& place = where;  // CHECK_MESSAGE captures it; clang 14 cannot capture a structured binding
    CHECK_MESSAGE(!error.has_value(), place << " does not parse at line " << (error ? error->line : 0));
  }
}

TEST_CASE("schema examples: Python examples parse; no snippet anywhere contains {%%") {
  check_no_escaped_template_tags(knowledge::best_practices(), "best_practices");
  for (const auto& name : knowledge::schema_section_names()) {
    const json& section = knowledge::schema_section(name);
    check_no_escaped_template_tags(section, name);
  }
  for (const char* name : {"decorators", "lifecycle", "class_attributes", "view_methods", "routing", "conventions"}) {
    for (const auto& [key, list] : knowledge::schema_section(name).items()) {
      if (!list.is_array()) continue;
      for (const auto& item : list) {
        if (!item.is_object() || !item.contains("example") || !item.at("example").is_string()) continue;
        const std::string code = item.at("example");
        const auto error = djust::lint::python::parse(code).first_error();
        CHECK_MESSAGE(!error.has_value(), name << "/" << item.value("name", item.value("id", std::string("?")))
                                               << " example does not parse at line " << (error ? error->line : 0));
      }
    }
  }
}
