// What issue #17 found missing from the data, now present: the options the djust 1.1.0 client
// reads, the decorators djust exports, the public mixins, where each is in djust's source and since
// which release; and what a linked project's djust version makes of an entry. The expectations are
// written from djust 1.1.0's code, not read from data/.
#include "knowledge/knowledge.h"
#include "lint/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <utility>
#include <vector>

using djust::knowledge::json;
namespace knowledge = djust::knowledge;

namespace {

const json& named(const json& items, const std::string& name) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const json& i) { return i.at("name") == name; });
  REQUIRE_MESSAGE(it != items.end(), name << " is missing");
  return *it;
}

const json& decorator(const std::string& name) {
  return named(knowledge::schema_section("decorators").at("decorators"), name);
}

const json& mixin(const std::string& name) { return named(knowledge::schema_section("mixins").at("mixins"), name); }

}  // namespace

TEST_CASE("every option the 1.1.0 client reads is found by name, under the directive it refines") {
  // (option, directive) as the client pairs them: the option is read from the directive's element.
  const std::vector<std::pair<std::string, std::string>> options = {
      {"dj-copy-class", "dj-copy"},
      {"dj-copy-feedback", "dj-copy"},
      {"dj-copy-event", "dj-copy"},
      {"dj-paste-suppress", "dj-paste"},
      {"dj-shortcut-in-input", "dj-shortcut"},
      {"dj-no-recover", "dj-auto-recover"},
      {"dj-hook-target", "dj-hook"},
      {"dj-virtual-item-height", "dj-virtual"},
      {"dj-virtual-variable-height", "dj-virtual"},
      {"dj-virtual-estimated-height", "dj-virtual"},
      {"dj-virtual-overscan", "dj-virtual"},
      {"dj-virtual-key-attr", "dj-virtual"},
      {"dj-viewport-threshold", "dj-viewport-bottom"},
      {"dj-dialog-close-event", "dj-dialog"},
      {"dj-mutation-attr", "dj-mutation"},
      {"dj-mutation-debounce", "dj-mutation"},
      {"dj-remove-duration", "dj-remove"},
      {"dj-group-enter", "dj-transition-group"},
      {"dj-group-leave", "dj-transition-group"},
      {"dj-group-appear", "dj-transition-group"},
      {"dj-flip-duration", "dj-flip"},
      {"dj-flip-easing", "dj-flip"},
  };
  for (const auto& entry : options) {
    // Named copies: clang 14 (the hardening build) cannot capture structured bindings in CHECK.
    const std::string option = entry.first;
    const std::string directive = entry.second;
    CAPTURE(option);
    const auto match = knowledge::find_directive_option(option);
    REQUIRE(match.option != nullptr);
    REQUIRE(match.directive != nullptr);
    CHECK(match.directive->at("name") == directive);
    CHECK(match.option->at("name") == option);
    // Its example shows it on an element together with its directive (dj-no-recover: on a field).
    const std::string example = match.option->at("example");
    CHECK(example.find(option) != std::string::npos);
  }
  // Case and a missing prefix are forgiven, as for directives; unknown names find nothing.
  CHECK(knowledge::find_directive_option("DJ-COPY-CLASS").option != nullptr);
  CHECK(knowledge::find_directive_option("flip-easing").directive->at("name") == "dj-flip");
  CHECK(knowledge::find_directive_option("dj-copy-colour").option == nullptr);
  CHECK(knowledge::find_directive_option("dj-click").option == nullptr);  // a directive, not an option

  // Defaults as the client code has them.
  CHECK(knowledge::find_directive_option("dj-flip-duration").option->at("value") == "milliseconds (default 300)");
  CHECK(knowledge::find_directive_option("dj-virtual-overscan").option->at("value") ==
        "number of rows (integer, default 3)");
  CHECK(knowledge::find_directive_option("dj-mutation-debounce").option->at("value") == "milliseconds (default 150)");
  CHECK(knowledge::find_directive_option("dj-copy-class").option->at("value") ==
        "a CSS class name (default dj-copied)");
}

TEST_CASE("dj-offline belongs to the optional PWA script, not to the main client") {
  const auto match = knowledge::find_directive_option("dj-offline");
  REQUIRE(match.option != nullptr);
  CHECK(match.directive == nullptr);
  CHECK(match.option->at("script") == "djust/js/pwa.js");
  CHECK(match.option->at("allowed_values") == json({"show", "hide", "disable", "enable", "queue"}));
  CHECK(match.option->at("source").get<std::string>().starts_with("python/djust/static/djust/js/pwa.js:"));
}

TEST_CASE("the template linter knows the options: no DJ101 for dj-copy-class, still one for a typo") {
  djust::lint::LintOptions options;
  options.selection.select = {"DJ101"};
  const auto result = djust::lint::lint_source(
      "page.html",
      "<div dj-view=\"app.V\"><button dj-copy=\"#k\" dj-copy-class=\"ok\" dj-copy-clas=\"x\">Copy</button>"
      "<ul dj-flip dj-flip-duration=\"200\"></ul><p dj-offline=\"show\">Offline</p></div>",
      djust::lint::Language::html, options);
  std::vector<std::string> unknown;
  for (const auto& f : result.findings)
    if (f.rule_id == "DJ101") unknown.push_back(f.message);
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].find("'dj-copy-clas'") != std::string::npos);
}

TEST_CASE("decorators: the deprecated alias event, live_view and component") {
  const json& event = decorator("event");
  CHECK(event.at("import") == "from djust.decorators import event");
  CHECK(event.at("is_event_handler") == true);
  CHECK(event.at("deprecated").at("since") == "0.3");
  CHECK(event.at("deprecated").at("use_instead") == "@event_handler");

  const json& live_view = decorator("live_view");
  CHECK(live_view.at("import") == "from djust import live_view");
  CHECK(live_view.at("signature") == "live_view(template_name=None, template=None)");
  CHECK(live_view.at("is_event_handler") == false);

  const json& component = decorator("component");
  CHECK(component.at("import") == "from djust import component");
  CHECK(component.at("signature") == "component(fn=None, *, name=None, assigns=None, slots=None)");
  CHECK(component.at("usage") == "bare_or_called");
}

TEST_CASE("@optimistic and @client_state are inert in 1.1.0, like @debounce and @throttle; @cache is not") {
  // The 1.1.0 client reads none of window.handlerMetadata, where the server puts their metadata.
  for (const char* name : {"debounce", "throttle", "optimistic", "client_state"}) {
    CAPTURE(name);
    const json& d = decorator(name);
    REQUIRE(d.contains("inert"));
    CHECK(d.at("inert").at("reason").get<std::string>().find("window.handlerMetadata") != std::string::npos);
    CHECK(d.at("description").get<std::string>().find("has no effect") != std::string::npos);
  }
  // cache_config is sent at mount and the client's cache reads it.
  CHECK_FALSE(decorator("cache").contains("inert"));
  CHECK_FALSE(decorator("rate_limit").contains("inert"));
}

TEST_CASE("mixins: the ten core ones and the djust.components ones, with their import lines") {
  const std::vector<std::pair<std::string, std::string>> imports = {
      {"DraftModeMixin", "from djust import DraftModeMixin"},
      {"ReactMixin", "from djust import ReactMixin"},
      {"FlashMixin", "from djust import FlashMixin"},
      {"PageMetadataMixin", "from djust import PageMetadataMixin"},
      {"NotificationMixin", "from djust import NotificationMixin"},
      {"LoginRequiredLiveViewMixin", "from djust.auth import LoginRequiredLiveViewMixin"},
      {"PermissionRequiredLiveViewMixin", "from djust.auth import PermissionRequiredLiveViewMixin"},
      {"ThemeMixin", "from djust.theming import ThemeMixin"},
      {"FormSetHelpersMixin", "from djust.formsets import FormSetHelpersMixin"},
      {"FingerprintMixin", "from djust.optimization import FingerprintMixin"},
      {"DataTableMixin", "from djust.components.mixins import DataTableMixin"},
      {"TabsMixin", "from djust.components.mixins import TabsMixin"},
      {"ModalMixin", "from djust.components.mixins import ModalMixin"},
      {"AccordionMixin", "from djust.components.mixins import AccordionMixin"},
      {"CarouselMixin", "from djust.components.mixins import CarouselMixin"},
      {"CollapsibleMixin", "from djust.components.mixins import CollapsibleMixin"},
      {"DropdownMixin", "from djust.components.mixins import DropdownMixin"},
      {"SheetMixin", "from djust.components.mixins import SheetMixin"},
      {"TooltipMixin", "from djust.components.mixins import TooltipMixin"},
      {"ComponentMixin", "from djust.components.mixins import ComponentMixin"},
      {"ServerEventToastMixin", "from djust.components.components import ServerEventToastMixin"},
  };
  for (const auto& entry : imports) {
    const std::string name = entry.first;
    const std::string line = entry.second;
    CAPTURE(name);
    const json& m = mixin(name);
    CHECK(m.at("import") == line);
    // The example imports the mixin the way the entry says.
    CHECK(m.at("example").get<std::string>().find(line.substr(0, line.find(" import "))) != std::string::npos);
  }
  // Handlers the mixins decorate with @event_handler.
  CHECK(mixin("ThemeMixin").at("event_handlers") ==
        json({"set_theme_mode", "set_theme_preset", "toggle_theme_mode", "cycle_theme_preset"}));
  CHECK(mixin("FormSetHelpersMixin").at("event_handlers") == json({"add_row", "remove_row"}));
  CHECK(mixin("ModalMixin").at("event_handlers") == json({"open_modal", "close_modal", "toggle_modal"}));
  // Already bases of LiveView: nothing to add.
  for (const char* name : {"FlashMixin", "PageMetadataMixin", "NotificationMixin"})
    CHECK(mixin(name).at("base_order").get<std::string>().starts_with("Nothing to add: LiveView already has"));
  // The per-component mixins say what replaces them.
  CHECK(mixin("TabsMixin").at("deprecated").at("use_instead") == "djust.components.descriptors.Tabs");
  // dispatch()-only auth is not enforced over the WebSocket: the entry says so.
  CHECK(mixin("LoginRequiredLiveViewMixin").at("description").get<std::string>().find("S012") != std::string::npos);
}

TEST_CASE("every directive, option, decorator and mixin says where djust 1.1.0 has it, and since when") {
  const std::regex source(R"(^python/djust/[A-Za-z0-9_./-]+\.(js|py):[1-9][0-9]*( \(.+\))?$)");
  const std::regex version(R"(^[0-9]+\.[0-9]+(\.[0-9]+)?(rc[0-9]+|a[0-9]+|b[0-9]+)?$)");
  std::size_t checked = 0;
  auto check_entry = [&](const json& e) {
    CAPTURE(e.at("name").get<std::string>());
    CHECK(std::regex_match(e.at("source").get<std::string>(), source));
    if (e.contains("since")) CHECK(std::regex_match(e.at("since").get<std::string>(), version));
    ++checked;
  };
  for (const auto& d : knowledge::schema_section("directives").at("directives")) {
    check_entry(d);
    for (const auto& o : d.value("options", json::array())) check_entry(o);
  }
  for (const auto& d : knowledge::schema_section("decorators").at("decorators")) check_entry(d);
  for (const auto& m : knowledge::schema_section("mixins").at("mixins")) check_entry(m);
  CHECK(checked == 66 + 22 + 18 + 35);
  // Spot checks against the source: the file that reads or defines each.
  CHECK(named(knowledge::schema_section("directives").at("directives"), "dj-click").at("source") ==
        "python/djust/static/djust/src/09-event-binding.js:567");
  // dj-model is bound in 20-model-binding.js (querySelectorAll('[dj-model], ...')); 09-event-binding.js:1417
  // only skips it while warning about other attributes' modifiers (djust-inventory --check-facts).
  CHECK(named(knowledge::schema_section("directives").at("directives"), "dj-model").at("source") ==
        "python/djust/static/djust/src/20-model-binding.js:134");
  CHECK(decorator("on_mount").at("source") == "python/djust/hooks.py:35");
  CHECK(mixin("DraftModeMixin").at("source") == "python/djust/drafts.py:10");
  CHECK(decorator("server_function").at("since") == "0.7.0rc1");  // 0.5-0.8 were tagged only as rc
  CHECK(knowledge::find_directive_option("dj-hook-target").option->at("since") == "1.1.0rc8");
}

TEST_CASE("versions compare as releases, release candidates first") {
  CHECK(knowledge::compare_versions("1.0.3", "1.1.0") == -1);
  CHECK(knowledge::compare_versions("1.1.0", "1.1.0") == 0);
  CHECK(knowledge::compare_versions("1.1", "1.1.0") == 0);
  CHECK(knowledge::compare_versions("1.1.0rc2", "1.1.0") == -1);
  CHECK(knowledge::compare_versions("1.1.0rc2", "1.1.0rc10") == -1);
  CHECK(knowledge::compare_versions("1.1.0", "1.0.10") == 1);
  CHECK(knowledge::compare_versions("1.10.0", "1.9.9") == 1);
  CHECK(knowledge::compare_versions("installed (version unknown)", "1.1.0") == std::nullopt);
  CHECK(knowledge::compare_versions("", "1.1.0") == std::nullopt);
}

TEST_CASE("an entry newer than the project's djust, or deprecated there, says so") {
  const json& hook_target = *knowledge::find_directive_option("dj-hook-target").option;
  CHECK(knowledge::version_note(hook_target, "1.0.3") ==
        "added in 1.1.0rc8; this project runs djust 1.0.3, which does not have it");
  CHECK(knowledge::version_note(hook_target, "1.1.0") == std::nullopt);
  CHECK(knowledge::version_note(hook_target, "1.1.0rc8") == std::nullopt);
  CHECK(knowledge::version_note(hook_target, "1.1.0rc2").has_value());
  CHECK(knowledge::version_note(hook_target, "installed (version unknown)") == std::nullopt);
  CHECK(knowledge::version_note(decorator("event"), "1.0.3") ==
        "deprecated since 0.3 (this project runs djust 1.0.3); use @event_handler instead");
  CHECK(knowledge::version_note(decorator("event_handler"), "1.0.3") == std::nullopt);

  knowledge::ProjectDjustVersion project;
  CHECK(project.get() == std::nullopt);
  project.set("1.0.3");
  CHECK(project.get() == "1.0.3");
  project.set(json());  // the bridge reports null: djust not importable
  CHECK(project.get() == std::nullopt);
}

TEST_CASE("every check id says where djust 1.1.0 emits it, and every severity it is emitted at") {
  const std::regex source(R"(^python/djust/[A-Za-z0-9_./-]+\.py:[1-9][0-9]*$)");
  const json& checks = knowledge::schema_section("checks").at("checks");
  for (const auto& c : checks) {
    CAPTURE(c.at("id").get<std::string>());
    CHECK(std::regex_match(c.at("source").get<std::string>(), source));
  }
  const auto check = [&](const std::string& id) -> const json& {
    const auto it = std::find_if(checks.begin(), checks.end(), [&](const json& c) { return c.at("id") == id; });
    REQUIRE_MESSAGE(it != checks.end(), id << " is missing");
    return *it;
  };
  // configuration.py emits C003 as a warning (daphne after staticfiles) and as info (no daphne), C011
  // as info in development and as a warning with DEBUG off.
  for (const char* id : {"djust.C003", "djust.C011"}) {
    CAPTURE(id);
    CHECK(check(id).at("severity") == "warning");
    CHECK(check(id).at("also_severities") == json::array({"info"}));
  }
  CHECK_FALSE(check("djust.V001").contains("also_severities"));
  CHECK(check("djust.V001").at("source") == "python/djust/checks/components.py:198");
  CHECK(check("djust.X001").at("source") == "python/djust/audit_ast.py:67");  // djust_audit's severity table
}

TEST_CASE("a decorator's source is its implementation, not a typing @overload stub") {
  // decorators.py:66 and :70 are event_handler's @overload stubs; the def with the body is at :79.
  CHECK(decorator("event_handler").at("source") == "python/djust/decorators.py:79");
}

TEST_CASE("every decorator, mixin and base class has the dotted path the bridge checks in the installed djust") {
  const auto& paths = knowledge::importable_paths();
  CHECK(paths.size() == 18 + 35 + 2);
  for (const auto& path : paths) {
    CAPTURE(path);
    CHECK(std::regex_match(path, std::regex(R"(^djust(\.[A-Za-z_][A-Za-z0-9_]*)+$)")));
  }
  CHECK(knowledge::importable_path(decorator("cache")) == "djust.decorators.cache");
  CHECK(knowledge::importable_path(mixin("PresenceMixin")) == "djust.presence.PresenceMixin");
  CHECK(std::find(paths.begin(), paths.end(), "djust.LiveView") != paths.end());  // "from djust import LiveView"
  CHECK_FALSE(knowledge::importable_path(json{{"name", "dj-click"}}).has_value());
}

TEST_CASE("the instructions note names the project's djust when it is not the data's release") {
  knowledge::ProjectDjustVersion project;
  CHECK(knowledge::instructions_note(project).empty());  // no project
  project.set("1.1.0");
  CHECK(knowledge::instructions_note(project).empty());  // the release the data describes
  project.set("1.0.3");
  CHECK(knowledge::instructions_note(project) ==
        "Version note: the linked project runs djust 1.0.3, and the knowledge tools describe djust 1.1.0. An entry "
        "djust 1.0.3 lacks or deprecates says so in its version_note.");
  project.set_installed(
      {{"djust", "1.0.3"}, {"present", json::array()}, {"missing", json::array()}, {"event_security", nullptr}});
  CHECK(knowledge::instructions_note(project).find("checked against the installed package") != std::string::npos);
  project.set("1.2.0");  // another djust since: what was checked was for 1.0.3
  CHECK_FALSE(project.installed().has_value());
}
