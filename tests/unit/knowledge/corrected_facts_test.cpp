// Facts corrected against djust 1.1.0's source (issue #17). Each case states what the data must say
// now and that the old, wrong statement is gone; the expectations are written from djust's code,
// not read from data/.
#include "knowledge/knowledge.h"
#include "lint/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>

using djust::knowledge::json;
namespace knowledge = djust::knowledge;
namespace lint = djust::lint;

namespace {

const json& item_named(const json& items, const std::string& name, const char* key = "name") {
  const auto it = std::find_if(items.begin(), items.end(), [&](const json& i) { return i.at(key) == name; });
  REQUIRE_MESSAGE(it != items.end(), name << " is missing");
  return *it;
}

// Every item of every array in a section (lifecycle and view_methods group theirs by kind).
const json& entry_of(const char* section, const std::string& name, const char* key = "name") {
  for (const auto& [group, list] : knowledge::schema_section(section).items()) {
    if (!list.is_array()) continue;
    for (const auto& item : list)
      if (item.is_object() && item.value(key, std::string()) == name) return item;
  }
  FAIL(section << " has no " << name);
  throw std::logic_error("unreachable");
}

const json& practice(const std::string& id) {
  for (const auto& section : knowledge::best_practices().at("sections"))
    for (const auto& p : section.at("practices"))
      if (p.at("id") == id) return p;
  FAIL("no best practice " << id);
  throw std::logic_error("unreachable");
}

// A string node's text, or any other node's JSON (where quotes inside strings appear escaped).
bool contains(const json& node, const std::string& text) {
  return (node.is_string() ? node.get<std::string>() : node.dump()).find(text) != std::string::npos;
}

// Every string in the node (recursively), for "no example anywhere writes X" checks.
void each_string(const json& node, const std::function<void(const std::string&)>& visit) {
  if (node.is_string()) visit(node.get<std::string>());
  if (node.is_structured())
    for (const auto& [key, value] : node.items()) each_string(value, visit);
}

std::string findings_of(const std::string& html, const std::vector<std::string>& rules) {
  lint::LintOptions options;
  options.selection.select = rules;
  std::string out;
  for (const auto& f : lint::lint_source("t.html", html, lint::Language::html, options).findings)
    out += f.rule_id + " " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("dj-keydown / dj-keyup: the key filter is in the value; no example writes it on the name") {
  // 09-event-binding.js: the client reads getAttribute('dj-' + type) and splits the value at '.'.
  for (const char* name : {"dj-keydown", "dj-keyup"}) {
    INFO(name);
    const json& d = *knowledge::find_directive(name);
    CHECK(d.at("value_kind") == "handler_key");
    CHECK(d.at("modifiers").empty());  // modifiers are suffixes of the attribute name
    CHECK(d.at("example").get<std::string>().find(std::string(name) + "=\"") != std::string::npos);
    CHECK(contains(d.at("value"),
                   std::string(name) + (name == std::string("dj-keydown") ? "=\"send.enter\"" : "=\"close.escape\"")));
  }
  CHECK(knowledge::key_filters_of("dj-keydown") == std::vector<std::string>{".enter", ".escape", ".space"});
  CHECK(knowledge::key_filters_of("dj-keyup") == std::vector<std::string>{".enter", ".escape", ".space"});
  CHECK(knowledge::key_filters_of("dj-window-*").size() > 3);  // name suffixes there take any key
  CHECK(knowledge::find_directive("dj-force-value")
            ->at("example")
            .get<std::string>()
            .find("dj-keydown=\"send_message.enter\"") != std::string::npos);
  for (const auto& m : knowledge::schema_section("directives").at("key_modifiers")) {
    const std::string key = m.at("name").get<std::string>().substr(1);
    if (!contains(m.at("applies_to"), "dj-keydown")) continue;
    CHECK(contains(m.at("description"), "dj-keydown=\"save." + key + "\""));
  }
  // Every template snippet we serve (directive examples, best-practice html) is free of dead
  // attributes and of bad key filters: DJ107 and DJ103 find nothing in them.
  std::vector<std::string> snippets;
  for (const auto& d : knowledge::schema_section("directives").at("directives"))
    if (!d.contains("inert")) snippets.push_back(d.at("example"));
  for (const auto& m : knowledge::schema_section("directives").at("template_markers"))
    snippets.push_back(m.at("example"));
  for (const auto& section : knowledge::best_practices().at("sections"))
    for (const auto& p : section.at("practices"))
      if (p.contains("good") && p.at("good").at("language") == "html") snippets.push_back(p.at("good").at("code"));
  CHECK(snippets.size() > 66);
  for (const auto& html : snippets) {
    INFO(html);
    CHECK(findings_of(html, {"DJ107", "DJ103"}) == "");
  }
  CHECK(contains(practice("confirm-and-key-modifiers").at("good"), "dj-keydown=\\\"run_command.enter\\\""));
}

TEST_CASE("dj-keydown.enter on the name is reported by DJ107 only, with the fix") {
  const std::string html = "<input aria-label=\"Message\" dj-keydown.enter=\"send\">";
  CHECK(findings_of(html, {"DJ101", "DJ103", "DJ107"}) ==
        "DJ107 dj-keydown.enter is never matched by djust's client, so nothing happens; put the key in the value: "
        "dj-keydown=\"send.enter\"\n");
  lint::LintOptions options;
  options.selection.select = {"DJ107"};
  options.fix = true;
  CHECK(lint::lint_source("t.html", html, lint::Language::html, options).source ==
        "<input aria-label=\"Message\" dj-keydown=\"send.enter\">");
  CHECK(findings_of("<div dj-window-keydown.escape=\"close\" dj-document-keyup.enter=\"go\"></div>",
                    {"DJ101", "DJ103", "DJ107"}) == "");
}

TEST_CASE("FormMixin: reset_form is not an event handler; a template calling it is refused") {
  // djust/forms.py: validate_field and submit_form carry @event_handler, reset_form does not.
  const json& form = item_named(knowledge::schema_section("mixins").at("mixins"), "FormMixin");
  CHECK(form.at("event_handlers") == json::array({"validate_field", "submit_form"}));
  CHECK(form.at("undecorated_methods") == json::array({"reset_form"}));
  CHECK(!contains(practice("reset-after-successful-submit"), "reset_form is itself an event handler"));
  CHECK(contains(practice("reset-after-successful-submit").at("good"), "def clear_form(self, **kwargs):"));
}

TEST_CASE("dj-upload-progress: marked inert, not offered next to the upload directives") {
  const json& progress = *knowledge::find_directive("dj-upload-progress");
  REQUIRE(progress.contains("inert"));
  CHECK(contains(progress.at("inert"), "djust:upload:progress"));
  for (const char* name : {"dj-upload", "dj-upload-drop"})
    CHECK(!contains(knowledge::find_directive(name)->at("related"), "dj-upload-progress"));
  CHECK(!contains(item_named(knowledge::schema_section("mixins").at("mixins"), "UploadMixin"), "dj-upload-progress"));
  CHECK(findings_of("<div dj-upload-progress=\"files\"></div>", {"DJ101", "DJ107"}) ==
        "DJ107 dj-upload-progress does nothing: the djust 1.1 client never reads it; use a dj-hook that listens "
        "for the djust:upload:progress window event\n");
}

TEST_CASE("dj-navigate: every LiveView route is in the client's route map; live_session is optional") {
  // djust/routing.py build_route_map_from_urlconf, emitted by {% djust_client_config %}.
  const json& navigate = *knowledge::find_directive("dj-navigate");
  CHECK(!contains(navigate, "must be declared there"));
  CHECK(contains(navigate.at("description"), "no live_session() is needed"));
  const json& routing = knowledge::schema_section("routing");
  CHECK(contains(item_named(routing.at("functions"), "live_session").at("description"), "optional"));
  CHECK(!contains(practice("route-liveviews-with-urlpatterns").at("good"), "live_session"));
}

TEST_CASE("@debounce / @throttle: recorded only, the 1.1 client never reads them") {
  // Injected as window.handlerMetadata (mixins/template.py); no reader in static/djust/src.
  for (const char* name : {"debounce", "throttle"}) {
    INFO(name);
    const json& d = item_named(knowledge::schema_section("decorators").at("decorators"), name);
    CHECK(contains(d.at("description"), "has no effect"));
    CHECK(contains(d.at("description"), std::string("dj-") + name + "=\""));
  }
  CHECK(contains(practice("debounce-and-throttle-in-the-template").at("good"), "dj-debounce=\\\"400\\\""));
  each_string(knowledge::best_practices(), [](const std::string& s) {
    if (s.starts_with("from ")) CHECK_MESSAGE(s.find("@debounce(wait=0.3)") == std::string::npos, s);
  });
}

TEST_CASE("get_object runs before every event; stream() takes limit") {
  const json& get_object = entry_of("lifecycle", "get_object");
  CHECK(!contains(get_object, "Once per mount"));
  CHECK(contains(get_object.at("called_when"), "before every event"));
  CHECK(contains(entry_of("lifecycle", "has_object_permission").at("description"), "permission_denied"));
  const json& stream = entry_of("view_methods", "stream");
  CHECK(stream.at("signature") == "stream(name, items, dom_id=None, at=-1, reset=False, limit=None)");
  CHECK(contains(stream.at("description"), "limit=N"));
}

TEST_CASE("missing **kwargs: djust rejects the event with a validation error, not a TypeError") {
  // djust/validation.py validate_handler_params: "received unexpected parameters".
  CHECK(contains(item_named(knowledge::schema_section("checks").at("checks"), "djust.V007", "id"),
                 "received unexpected parameters"));
  CHECK(contains(practice("always-accept-kwargs"), "received unexpected parameters"));
  CHECK(!contains(practice("always-accept-kwargs"), "TypeError"));
  CHECK(contains(entry_of("conventions", "handlers-accept-kwargs", "id"), "received unexpected parameters"));
}

TEST_CASE("dj-view and dj-root are found by name as template markers") {
  CHECK(knowledge::find_template_marker("dj-view") != nullptr);
  CHECK(knowledge::find_template_marker("root")->at("name") == "dj-root");
  CHECK(knowledge::find_template_marker("dj-click") == nullptr);
}

TEST_CASE("dj-view is not required on <div dj-root>: LiveView.get fills it in, as T002's text says") {
  // djust/mixins/request.py: html.replace("<div dj-root>", '<div dj-root dj-view="module.Class">').
  const json& view = *knowledge::find_template_marker("dj-view");
  CHECK(view.at("required") == false);
  CHECK(!contains(view, "Without it no live connection is made"));
  CHECK(contains(view, "exactly the text <div dj-root>"));
  CHECK(contains(view, "<main dj-root>"));                // when it is needed: any other root element...
  CHECK(contains(view, "not rendered by LiveView.get"));  // ... or another renderer
  CHECK(contains(*knowledge::find_template_marker("dj-root"), "<div dj-root> alone is the documented form"));
  // T002's explanation, which the linter prints, says the same.
  const auto rule = djust::lint::find_rule("T002");
  REQUIRE(rule);
  CHECK(rule->doc.explanation.find("documented form") != std::string::npos);
}
