#include "tools/knowledge_pages.h"
#include "knowledge/knowledge.h"
#include "registry/registry.h"
#include "tools/answer_pages.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "test_registry.h"

using djust::registry::CallContext;
using djust::registry::Registry;
using nlohmann::json;
namespace tools = djust::tools;

namespace {

// What a client hands the model for one result: its text block and structuredContent, the same
// JSON twice. Issue 13's budget: 24 KB of JSON per answer.
constexpr std::size_t kAnswerBudget = 24 * 1024;

json call_ok(const std::string& name, const json& arguments) {
  CallContext context;
  const Registry& registry = test_registry();
  auto outcome = registry.call(*registry.find_tool(name), arguments, context);
  REQUIRE_MESSAGE(!outcome.is_error, name << ": " << outcome.error);
  return outcome.structured;
}

std::string call_error(const std::string& name, const json& arguments) {
  CallContext context;
  const Registry& registry = test_registry();
  auto outcome = registry.call(*registry.find_tool(name), arguments, context);
  REQUIRE(outcome.is_error);
  return outcome.error;
}

std::size_t answer_bytes(const json& structured) { return 2 * tools::json_bytes(structured); }

}  // namespace

TEST_CASE("answer pages: split within the budget, an oversized item alone, nothing lost") {
  json items = json::array();
  for (int i = 0; i < 50; ++i)
    items.push_back({{"name", "entry" + std::to_string(i)}, {"text", std::string(700, 'x')}});
  items[7]["text"] = std::string(20000, 'y');  // larger than a page on its own
  const auto starts = tools::page_starts(items, 1000);
  CHECK(starts.front() == 0);
  CHECK(starts.at(1) == 1);  // a first page with room for one entry
  json joined = json::array();
  for (std::size_t page = 1; page <= starts.size(); ++page) {
    const json part = tools::page_items(items, starts, page);
    CHECK(!part.empty());
    if (part.size() > 1) CHECK(tools::json_bytes(part) <= tools::kPageBytes);
    for (const auto& item : part) joined.push_back(item);
  }
  CHECK(joined == items);
  CHECK(tools::page_items(items, starts, 2).front()["name"] == "entry1");
  CHECK(tools::items_fitting(items, 50, 100) == 0);
  CHECK(tools::page_starts(json::array(), 0) == std::vector<std::size_t>{0});
}

TEST_CASE("answer pages: first sentence") {
  CHECK(tools::first_sentence("Marks a handler. Then more.") == "Marks a handler.");
  CHECK(tools::first_sentence("No full stop") == "No full stop");
  CHECK(tools::first_sentence("Uses e.g.x but ends here. Yes") == "Uses e.g.x but ends here.");
}

TEST_CASE("knowledge tools: the default answers are indexes within the budget") {
  for (const char* name : {"get_framework_schema", "get_template_directives", "get_decorators", "get_best_practices"}) {
    const json answer = call_ok(name, json::object());
    CHECK_MESSAGE(answer_bytes(answer) <= kAnswerBudget, name << ": " << answer_bytes(answer) << " bytes");
    CHECK(answer.contains("how_to_use"));
  }
  const json schema = call_ok("get_framework_schema", json::object());
  REQUIRE(schema.at("index").size() == djust::knowledge::schema_section_names().size());
  const json& checks = schema.at("index").back();
  CHECK(checks.at("section") == "checks");
  CHECK(checks.at("count") == djust::knowledge::schema_section("checks").at("checks").size());
  CHECK(checks.at("uri") == "djust://schema/checks");
  CHECK(schema.at("index").front().at("section") == "meta");
  CHECK_FALSE(schema.at("index").front().contains("names"));  // meta has no list of entries
}

TEST_CASE("get_framework_schema: every page of every section fits, and the pages hold the section") {
  for (const auto& name : djust::knowledge::schema_section_names()) {
    const json& section = djust::knowledge::schema_section(name);
    const std::size_t pages = tools::schema_section_pages(name);
    json rebuilt = json::object();
    for (std::size_t page = 1; page <= pages; ++page) {
      const json answer = call_ok("get_framework_schema", {{"section", name}, {"page", page}});
      CHECK_MESSAGE(answer_bytes(answer) <= kAnswerBudget, name << " page " << page << ": " << answer_bytes(answer));
      CHECK(answer.at("pages") == pages);
      CHECK(answer.contains("next_page") == (page < pages));
      for (const auto& member : answer.at("sections").at(name).items()) {
        // Named copies: clang 14 cannot capture structured bindings in doctest's lambdas.
        const std::string key = member.key();
        const json& value = member.value();
        if (rebuilt.contains(key) && value.is_array()) {
          for (const auto& item : value) rebuilt[key].push_back(item);
        } else {
          CHECK_MESSAGE(!rebuilt.contains(key), name << ": member " << key << " on two pages");
          rebuilt[key] = value;
        }
      }
    }
    CHECK_MESSAGE(rebuilt == section, name << ": the pages together are not the section");
  }
  CHECK(tools::schema_section_pages("checks") > 1);
  CHECK(tools::schema_section_pages("meta") == 1);
  CHECK(call_error("get_framework_schema", {{"section", "checks"}, {"page", 99}}).find("pass a page from 1 to") !=
        std::string::npos);
  CHECK(call_error("get_framework_schema", {{"page", 2}}) == "`page` pages one section: pass `section` too.");
}

TEST_CASE("get_template_directives: a category in pages, the index otherwise") {
  const json index = call_ok("get_template_directives", json::object());
  CHECK_FALSE(index.contains("directives"));
  CHECK(index.at("count") == djust::knowledge::directive_names().size());
  json names = json::array();
  std::size_t page = 1;
  for (;;) {
    const json answer = call_ok("get_template_directives", {{"category", "event"}, {"page", page}});
    CHECK(answer_bytes(answer) <= kAnswerBudget);
    CHECK(answer.contains("template_markers") == (page == 1));
    for (const auto& d : answer.at("directives")) names.push_back(d.at("name"));
    if (!answer.contains("next_page")) break;
    page = answer.at("next_page");
  }
  CHECK(page > 1);
  for (const auto& c : index.at("categories"))
    if (c.at("name") == "event") CHECK(c.at("directives") == names);
  CHECK(call_error("get_template_directives", {{"page", 2}}).find("pass `category`") != std::string::npos);
  const json one = call_ok("get_template_directives", {{"name", "dj-model.lazy"}});
  CHECK(one.at("directives").at(0).at("name") == "dj-model");
}

TEST_CASE("get_template_directives by name: only the key modifiers and markers that bear on that directive") {
  // The registry checks each answer against the tool's outputSchema, so these calls check it too.
  const json model = call_ok("get_template_directives", {{"name", "dj-model"}});
  CHECK(model.at("directives").at(0).at("name") == "dj-model");
  CHECK_FALSE(model.contains("key_modifiers"));
  CHECK_FALSE(model.contains("template_markers"));
  CHECK(tools::json_bytes(model) < 2500);  // was 5 KB, 3.6 KB of it key modifiers and markers

  const json keydown = call_ok("get_template_directives", {{"name", "dj-keydown"}});
  REQUIRE(keydown.contains("key_modifiers"));
  for (const auto& m : keydown.at("key_modifiers")) {
    const json& applies_to = m.at("applies_to");
    CHECK(std::find(applies_to.begin(), applies_to.end(), "dj-keydown") != applies_to.end());
  }
  CHECK(keydown.at("key_modifiers").front().at("name") == ".enter");
  CHECK_FALSE(keydown.contains("template_markers"));
  // .tab is for dj-window-*/dj-document-* only.
  CHECK(keydown.dump().find("\".tab\"") == std::string::npos);
  CHECK(call_ok("get_template_directives", {{"name", "dj-window-*"}}).dump().find("\".tab\"") != std::string::npos);

  // dj-lazy works on the dj-view element: that marker comes with it.
  const json lazy = call_ok("get_template_directives", {{"name", "dj-lazy"}});
  REQUIRE(lazy.contains("template_markers"));
  CHECK(lazy.at("template_markers").size() == 1);
  CHECK(lazy.at("template_markers").at(0).at("name") == "dj-view");
  // Asked for, a marker is the answer.
  CHECK(call_ok("get_template_directives", {{"name", "dj-root"}}).at("template_markers").at(0).at("name") == "dj-root");
  // A category's first page: the key modifiers of its directives only (the binding category has none).
  CHECK_FALSE(call_ok("get_template_directives", {{"category", "binding"}}).contains("key_modifiers"));
}

TEST_CASE("get_framework_schema index: a name two entries share says which class each is for") {
  const json index = call_ok("get_framework_schema", json::object());
  for (const auto& section : index.at("index")) {
    if (section.at("section") != "lifecycle") continue;
    const auto names = section.at("names").get<std::vector<std::string>>();
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
    CHECK(std::find(names.begin(), names.end(), "mount (LiveView)") != names.end());
    CHECK(std::find(names.begin(), names.end(), "mount (LiveComponent)") != names.end());
    CHECK(std::find(names.begin(), names.end(), "get_context_data (LiveComponent)") != names.end());
    CHECK(std::find(names.begin(), names.end(), "handle_params") != names.end());  // unique: as it is
  }
}

TEST_CASE("get_best_practices index: each entry's key is the `section` parameter that takes it") {
  const json index = call_ok("get_best_practices", json::object());
  for (const auto& entry : index.at("index")) {
    CHECK_FALSE(entry.contains("id"));
    const json section = call_ok("get_best_practices", {{"section", entry.at("section")}});
    CHECK(section.at("sections").at(0).at("title") == entry.at("title"));
  }
}

TEST_CASE("knowledge resources: every one and every page stays within the budget") {
  const Registry& registry = test_registry();
  std::vector<std::string> uris;
  for (const auto& r : registry.resources()) uris.push_back(r.uri);
  for (const auto& name : djust::knowledge::schema_section_names())
    for (std::size_t page = 2; page <= tools::schema_section_pages(name); ++page)
      uris.push_back(tools::schema_section_uri(name, page));
  for (const auto& id : djust::knowledge::best_practice_section_ids()) uris.push_back(tools::best_practice_uri(id));
  for (const auto& name : djust::knowledge::directive_names()) uris.push_back("djust://schema/directives/" + name);
  CHECK(std::find(uris.begin(), uris.end(), "djust://schema/checks/page/2") != uris.end());
  for (const auto& uri : uris) {
    const auto content = registry.read_resource(uri);
    REQUIRE_MESSAGE(content, uri);
    CHECK_MESSAGE(content->text.size() <= kAnswerBudget, uri << ": " << content->text.size());
  }
  // The resource and the tool serve the same page.
  CHECK(json::parse(registry.read_resource("djust://schema/checks/page/2")->text) ==
        call_ok("get_framework_schema", {{"section", "checks"}, {"page", 2}}));
  for (const char* missing :
       {"djust://schema/checks/page/0", "djust://schema/checks/page/99", "djust://schema/checks/page/x",
        "djust://schema/nothing/page/1", "djust://schema/checks/page/0002000"})
    CHECK_FALSE_MESSAGE(registry.read_resource(missing), missing);
}

TEST_CASE("knowledge tools link the detail behind an index and a section's other pages") {
  const Registry& registry = test_registry();
  const auto schema = registry.find_tool("get_framework_schema");
  const auto index_links = schema->links(call_ok("get_framework_schema", json::object()));
  REQUIRE(index_links.size() == djust::knowledge::schema_section_names().size());
  CHECK(index_links.front().uri == "djust://schema/meta");
  const std::size_t pages = tools::schema_section_pages("checks");
  const auto page_links = schema->links(call_ok("get_framework_schema", {{"section", "checks"}, {"page", 2}}));
  REQUIRE(page_links.size() == pages - 1);
  CHECK(page_links.front().uri == "djust://schema/checks");
  CHECK(page_links.back().uri == tools::schema_section_uri("checks", pages));
  const auto practices = registry.find_tool("get_best_practices")->links(call_ok("get_best_practices", json::object()));
  CHECK(practices.size() == djust::knowledge::best_practice_section_ids().size());
  CHECK_FALSE(registry.find_tool("get_decorators")->links);
}
