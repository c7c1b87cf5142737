#include "tools/project_tools.h"

#include <doctest/doctest.h>

#include "app/tool_families.h"
#include "core/json_schema.h"
#include "knowledge/knowledge.h"
#include "project/fixture_project.h"
#include "registry/registry.h"
#include "temp_dir.h"

#include <sys/stat.h>

#include <algorithm>

namespace fs = std::filesystem;
using djust::registry::CallContext;
using djust::registry::Registry;
using djust::registry::ToolOutcome;
using djust::tools::check_category;
using djust::tools::ToolOptions;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

ToolOptions options_for(const fs::path& project) {
  ToolOptions options;
  options.project_dir = project;
  options.python = fixture_python();
  return options;
}

// One registry (and so one warm bridge) for the tests that only read the fixture project.
const Registry& fixture_registry() {
  static const Registry registry = djust::app::build_registry(options_for(fixture_project_dir()));
  return registry;
}

ToolOutcome call(const Registry& registry, const std::string& name, const json& arguments = json::object()) {
  const auto tool = registry.find_tool(name);
  REQUIRE_MESSAGE(tool, name);
  CallContext context;
  auto outcome = registry.call(*tool, arguments, context);
  if (!outcome.is_error) {
    for (const auto& v : djust::core::validate_json(tool->output_schema, outcome.structured))
      FAIL_CHECK(name << " output " << v.path << ": " << v.message);
  }
  return outcome;
}

json ok(const std::string& name, const json& arguments = json::object()) {
  auto outcome = call(fixture_registry(), name, arguments);
  REQUIRE_MESSAGE(!outcome.is_error, outcome.error);
  return outcome.structured;
}

std::string error(const std::string& name, const json& arguments) {
  auto outcome = call(fixture_registry(), name, arguments);
  REQUIRE(outcome.is_error);
  return outcome.error;
}

const json& by_name(const json& items, const std::string& name, const char* key = "name") {
  for (const auto& item : items)
    if (item.at(key) == name) return item;
  FAIL("no item named " << name << " in " << items.dump());
  static const json none;
  return none;
}

std::vector<std::string> names(const json& items, const char* key = "name") {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.at(key));
  return out;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

TEST_CASE("project tools: each is declared once, with strict inputs and truthful annotations") {
  const std::vector<std::string> tools = {"list_views",        "list_components", "list_routes",  "get_view_schema",
                                          "run_system_checks", "run_audit",       "seed_fixtures"};
  const Registry registry = djust::app::build_registry({});
  for (const auto& name : tools) {
    INFO(name);
    const auto tool = registry.find_tool(name);
    REQUIRE(tool);
    CHECK(tool->input_schema.at("additionalProperties") == false);
    CHECK(tool->output_schema.at("additionalProperties") == false);
    CHECK_FALSE(tool->deterministic);
    CHECK_FALSE(tool->annotations.open_world);
    const bool writes = name == "seed_fixtures";
    CHECK(tool->annotations.read_only == !writes);
    CHECK(tool->annotations.destructive == writes);
    CHECK(tool->annotations.idempotent == !writes);
  }
}

TEST_CASE("project tools: check ids map to the categories data/schema/checks.json gives their families") {
  // djust 1.1 has no C1xx or C2xx checks; X, P and L are djust_audit's families.
  const std::vector<std::pair<std::string, std::string>> cases = {{"djust.V001", "liveview"},
                                                                  {"djust.V013", "liveview"},
                                                                  {"djust.S005", "security"},
                                                                  {"djust.T002", "templates"},
                                                                  {"djust.Q001", "quality"},
                                                                  {"djust.C001", "config"},
                                                                  {"djust.C012", "config"},
                                                                  {"djust.C105", "other"},
                                                                  {"djust.C301", "integrations"},
                                                                  {"djust.C401", "integrations"},
                                                                  {"djust.C502", "integrations"},
                                                                  {"djust.D001", "integrations"},
                                                                  {"djust.A001", "hardening"},
                                                                  {"djust.A075", "hardening"},
                                                                  {"djust.Y004", "accessibility"},
                                                                  {"djust.X001", "audit"},
                                                                  {"djust.P003", "audit"},
                                                                  {"djust.L091", "audit"},
                                                                  {"djust.C2", "other"},
                                                                  {"djust.", "other"},
                                                                  {"security.W004", "django"},
                                                                  {"admin.E108", "django"},
                                                                  {"", "django"}};
  for (const auto& [id_, category] : cases) {
    const std::string& id = id_;  // INFO captures it; clang 14 cannot capture a structured binding
    INFO(id);
    CHECK(check_category(id) == category);
    CHECK(has(djust::tools::check_categories(), category));
  }
  // Every check the data lists falls in its own category.
  for (const auto& check : djust::knowledge::schema_section("checks").at("checks")) {
    const std::string id = check.at("id");
    INFO(id);
    CHECK(check_category(id) == check.at("category"));
  }
}

TEST_CASE("project tools: without a project every project tool explains how to point at one") {
  TempDir tmp;
  ToolOptions options;
  options.project_dir = tmp.path();
  const Registry registry = djust::app::build_registry(options);
  const auto outcome = call(registry, "list_views");
  REQUIRE(outcome.is_error);
  CHECK(outcome.error.find("holds no manage.py") != std::string::npos);
  CHECK(outcome.error.find("djust-mcp doctor") != std::string::npos);
  CHECK_FALSE(call(registry, "get_decorators", {{"name", "debounce"}}).is_error);
}

TEST_CASE("project tools: list_views finds views by subclassing, in every app and module") {
  REQUIRE_FIXTURE_PYTHON();
  const json result = ok("list_views");
  CHECK(result.at("project") == fixture_project_dir().string());
  CHECK(result.at("import_errors").empty());
  const auto views = names(result.at("views"));
  for (const char* expected :
       {"CounterView", "DashboardView", "ReportView", "ItemDetailView", "OrderFormView", "NoTemplateView",
        "StaticPageView", "BaseShopView", "UnroutedView", "PostListView", "DraftsView", "ContactFormView"})
    CHECK_MESSAGE(has(views, expected), expected);
  CHECK(result.at("count") == views.size());
  for (const auto& v : result.at("views")) CHECK_FALSE(v.at("module").get<std::string>().starts_with("djust."));

  const json& counter = by_name(result.at("views"), "CounterView");
  CHECK(counter.at("class") == "shop.views.CounterView");
  CHECK(counter.at("file") == (fixture_project_dir() / "shop/views.py").string());
  CHECK(counter.at("routes") == json::array({""}));
  CHECK(counter.at("protected") == true);
  CHECK(by_name(counter.at("handlers"), "increment") == json{{"name", "increment"}, {"origin", "class"}});
  // Inherited from djust: LiveView's ModelBindingMixin answers every dj-model field.
  CHECK(by_name(counter.at("handlers"), "update_model") == json{{"name", "update_model"}, {"origin", "djust"}});
  CHECK(counter.at("handlers").size() == 15);
  CHECK(by_name(result.at("views"), "ItemDetailView").at("routes") == json::array({"items/<int:pk>/"}));
  CHECK(by_name(result.at("views"), "BaseShopView").at("abstract") == true);
  CHECK(by_name(result.at("views"), "NoTemplateView").at("protected") == false);
  // Only importing the apps' live modules finds these (no URL names them).
  CHECK(by_name(result.at("views"), "UnroutedView").at("routes").empty());
  CHECK(by_name(result.at("views"), "DraftsView").at("module") == "djust_blog.live.drafts");
}

TEST_CASE("project tools: list_components finds both LiveComponent imports and their mount kwargs") {
  REQUIRE_FIXTURE_PYTHON();
  const json result = ok("list_components");
  const auto components = names(result.at("components"));
  CHECK(components == std::vector<std::string>{"PostCard", "AlertComponent", "BadgeComponent"});
  const json& alert = by_name(result.at("components"), "AlertComponent");
  CHECK(names(alert.at("handlers")) == std::vector<std::string>{"dismiss"});
  CHECK(alert.at("handlers").at(0).at("origin") == "class");
  CHECK(alert.at("inline_template") == true);
  CHECK(alert.at("mount_params") == json::parse(R"([{"name":"message","type":"str","required":false,"default":"''"},
                        {"name":"level","type":"str","required":false,"default":"'info'"}])"));
}

TEST_CASE("project tools: list_routes lists every kind of route") {
  REQUIRE_FIXTURE_PYTHON();
  const json result = ok("list_routes");
  const json& routes = result.at("routes");
  auto route = [&](const std::string& pattern) -> const json& { return by_name(routes, pattern, "pattern"); };
  CHECK(route("").at("kind") == "liveview");
  CHECK(route("").at("view") == "shop.views.CounterView");
  CHECK(route("").at("name") == "counter");
  CHECK(route("items/<int:pk>/").at("kwargs") == json::array({"pk"}));
  CHECK(route("app/dashboard/").at("kind") == "liveview");  // through live_session
  CHECK(route("about/").at("kind") == "class_view");
  CHECK(route("health/").at("kind") == "function_view");
  CHECK(route("health/").at("view") == "shop.views.health");
  CHECK(route("legacy/(?P<slug>[-\\w]+)/").at("kwargs") == json::array({"slug"}));
  CHECK(route("api/items/").at("kind") == "drf_viewset");
  CHECK(route("api/items/").at("view") == "shop.api.ItemViewSet");
  CHECK(route("api/items/").at("actions") == json{{"get", "list"}});
  CHECK(route("api/ping/").at("kind") == "drf_apiview");
  CHECK(route("admin/").at("kind") == "admin");
  CHECK(route("blog/").at("name") == "blog:posts");
  CHECK(route("blog/").at("view") == "djust_blog.live.posts.PostListView");
  for (const char* kind : {"liveview", "class_view", "function_view", "drf_viewset", "drf_apiview", "admin"})
    CHECK_MESSAGE(result.at("kinds").value(kind, 0) > 0, kind);

  const json live = ok("list_routes", {{"kind", "liveview"}});
  CHECK(live.at("count") == result.at("kinds").at("liveview"));
  for (const auto& r : live.at("routes")) CHECK(r.at("kind") == "liveview");
  CHECK(error("list_routes", {{"kind", "websocket"}}).find("must be one of") != std::string::npos);
}

TEST_CASE("project tools: get_view_schema reads every handler shape from djust's markers") {
  REQUIRE_FIXTURE_PYTHON();
  const json view = ok("get_view_schema", {{"view_name", "CounterView"}}).at("view");
  CHECK(view.at("kind") == "LiveView");
  CHECK(view.at("module") == "shop.views");
  CHECK(view.at("line") == 22);
  const json& handlers = view.at("handlers");
  const auto handler_names = names(handlers);
  for (const char* name : {"increment", "decrement", "reset", "double", "search", "track_scroll", "load_more",
                           "delete_item", "suggest", "toggle_star", "save_note", "publish", "lookup", "set_step"})
    CHECK_MESSAGE(has(handler_names, name), name);
  CHECK_FALSE(has(handler_names, "update_total"));  // no marker: not a handler (that is djust.V004)
  CHECK_FALSE(has(handler_names, "_recount"));

  const json& increment = by_name(handlers, "increment");
  CHECK(increment.at("kind") == "event_handler");
  CHECK(increment.at("description") == "Add `amount` to the counter.");
  CHECK(increment.at("params") == json::parse(R"([{"name":"amount","type":"int","required":false,"default":"1"}])"));
  CHECK(increment.at("accepts_kwargs") == true);
  CHECK(by_name(handlers, "reset").at("description") == "Reset the counter to zero.");  // aliased import
  CHECK(by_name(handlers, "double").at("kind") == "event_handler");                     // dotted decorator
  CHECK(by_name(handlers, "load_more").at("is_async") == true);
  CHECK(by_name(handlers, "save_note").at("kind") == "action");
  CHECK(by_name(handlers, "lookup").at("kind") == "server_function");
  CHECK(by_name(handlers, "set_step").at("accepts_kwargs") == false);

  const json& search = by_name(handlers, "search");
  CHECK(by_name(search.at("decorators"), "debounce").at("settings") == json{{"wait", 0.5}, {"max_wait", 2.0}});
  CHECK(by_name(search.at("decorators"), "event_handler").at("settings").at("coerce_types") == false);
  const json& remove = by_name(handlers, "delete_item");
  CHECK(remove.at("params") == json::parse(R"([{"name":"item_id","type":"int","required":true,"default":null}])"));
  CHECK(by_name(remove.at("decorators"), "permission_required").at("settings") == "shop.delete_item");
  CHECK(by_name(remove.at("decorators"), "rate_limit").at("settings") == json{{"rate", 5}, {"burst", 3}});
  CHECK(remove.at("line") == 68);
  CHECK(by_name(by_name(handlers, "suggest").at("decorators"), "cache").at("settings") ==
        json{{"ttl", 30}, {"key_params", {"q"}}});

  const auto state = names(view.at("exposed_state"));
  for (const char* name : {"count", "step", "label", "note", "total", "query", "page"})
    CHECK_MESSAGE(has(state, name), name);
  CHECK_FALSE(has(state, "_secret"));
  CHECK(by_name(view.at("exposed_state"), "step").at("line") == 33);  // annotated assignment
  CHECK(by_name(view.at("exposed_state"), "total").at("method") == "update_total");

  CHECK(view.at("auth").at("login_required") == true);
  CHECK(view.at("auth").at("protected") == true);
  CHECK(view.at("config").at("tick_interval") == 2000);
  CHECK(view.at("config").at("on_mount") == json::array({"shop.views.remember_visit"}));
  CHECK(view.at("mount").at("request_param") == "request");
  CHECK(view.at("mount").at("params") ==
        json::parse(R"([{"name":"start","type":"int","required":false,"default":"0"}])"));
  CHECK(view.at("template").at("file") == (fixture_project_dir() / "templates/shop/counter.html").string());
  CHECK(view.at("routes").size() == 1);
}

TEST_CASE("project tools: get_view_schema reports auth, mixins and state of every form") {
  REQUIRE_FIXTURE_PYTHON();
  const json dashboard = ok("get_view_schema", {{"view_name", "shop.views.DashboardView"}}).at("view");
  CHECK(names(dashboard.at("mixins")) == std::vector<std::string>{"LoginRequiredMixin", "PresenceMixin"});
  CHECK(dashboard.at("auth").at("mixins") == json::array({"djust.auth.LoginRequiredMixin"}));
  CHECK(dashboard.at("auth").at("protected") == true);
  CHECK(dashboard.at("template").at("inline") == true);

  const json report = ok("get_view_schema", {{"view_name", "views.ReportView"}}).at("view");
  CHECK(report.at("auth").at("permission_required") == json::array({"shop.view_report", "shop.export_report"}));
  const json item = ok("get_view_schema", {{"view_name", "ItemDetailView"}}).at("view");
  CHECK(item.at("auth").at("permission_required") == json::array({"shop.view_item"}));
  CHECK(item.at("auth").at("check_permissions_overridden") == true);
  CHECK(item.at("mount").at("params").at(0).at("name") == "pk");

  const json form = ok("get_view_schema", {{"view_name", "OrderFormView"}}).at("view");
  // FormMixin's decorated handlers, not its undecorated reset_form, which djust refuses to call.
  CHECK(names(form.at("handlers")) == std::vector<std::string>{"submit_form", "update_model", "validate_field"});
  for (const auto& handler : form.at("handlers")) CHECK(handler.at("origin") == "djust");
  CHECK(by_name(form.at("handlers"), "validate_field").at("defined_in") == "djust.forms.FormMixin");
  CHECK(names(form.at("exposed_state")) == std::vector<std::string>{"attempt", "errors", "form_data"});
  CHECK(form.at("auth").at("protected") == false);

  const json alert = ok("get_view_schema", {{"view_name", "AlertComponent"}}).at("view");
  CHECK(alert.at("kind") == "LiveComponent");
  CHECK(alert.at("auth").is_null());
  CHECK(alert.at("mount").at("request_param").is_null());

  const auto unknown = error("get_view_schema", {{"view_name", "CountrView"}});
  CHECK(unknown.find("No LiveView or LiveComponent named 'CountrView'") != std::string::npos);
  CHECK(unknown.find("Did you mean 'CounterView'") != std::string::npos);
  CHECK(error("get_view_schema", json::object()).find("view_name") != std::string::npos);
}

TEST_CASE("project tools: run_system_checks runs djust's checks with categories, silencing and locations") {
  REQUIRE_FIXTURE_PYTHON();
  const json result = ok("run_system_checks");
  // djust 1.1's own server takes category="" for every category: the same answer.
  CHECK(ok("run_system_checks", {{"category", ""}}) == result);
  CHECK(result.at("scope") == "djust");
  CHECK(result.at("djust_checks_registered") == true);
  const auto ids = names(result.at("checks"), "id");
  for (const char* id : {"djust.V001", "djust.V004", "djust.V007", "djust.S005", "djust.C003"})
    CHECK_MESSAGE(has(ids, id), id);
  CHECK_FALSE(has(ids, "djust.V002"));  // SILENCED_SYSTEM_CHECKS
  // V002 (no mount()) on OrderFormView and the three views of forms_djust_example and navbar_example.
  CHECK(result.at("silenced") == 4);
  CHECK_FALSE(has(ids, "djust.A010"));                        // a deployment check
  CHECK(result.at("checks").at(0).at("level") == "warning");  // most severe first

  const json& v007 = by_name(result.at("checks"), "djust.V007", "id");
  CHECK(v007.at("category") == "liveview");
  CHECK(v007.at("file") == (fixture_project_dir() / "shop/views.py").string());
  CHECK(v007.at("line") == 98);
  CHECK(by_name(result.at("checks"), "djust.C003", "id").at("category") == "config");

  const json security = ok("run_system_checks", {{"category", "security"}});
  CHECK(security.at("count") == security.at("checks").size());
  for (const auto& c : security.at("checks")) CHECK(c.at("id") == "djust.S005");
  CHECK(security.at("categories") == result.at("categories"));

  const json deploy = ok("run_system_checks", {{"deploy", true}, {"category", "hardening"}});
  CHECK(names(deploy.at("checks"), "id") == std::vector<std::string>{"djust.A010"});
  CHECK(ok("run_system_checks", {{"scope", "all"}}).at("count") >= result.at("count"));

  const auto unknown = error("run_system_checks", {{"category", "style"}});
  CHECK(unknown.find("config, liveview, security, templates, quality, hardening, integrations, accessibility") !=
        std::string::npos);
}

TEST_CASE("project tools: run_audit has djust_audit's shape and keeps djust_ apps") {
  REQUIRE_FIXTURE_PYTHON();
  const json audit = ok("run_audit");
  CHECK(ok("run_audit", {{"app_label", ""}}) == audit);  // djust 1.1's default: every app
  std::vector<std::string> classes = names(audit.at("audits"), "class");
  CHECK(has(classes, "shop.views.CounterView"));
  CHECK(has(classes, "djust_blog.live.drafts.DraftsView"));
  CHECK(has(classes, "djust_blog.components.cards.PostCard"));
  const json& summary = audit.at("summary");
  CHECK(summary.at("views").get<int>() + summary.at("components").get<int>() == static_cast<int>(classes.size()));

  const json& counter = by_name(audit.at("audits"), "shop.views.CounterView", "class");
  const json& remove = by_name(counter.at("handlers"), "delete_item");
  CHECK(remove.at("params") == "item_id: int, **kwargs");
  CHECK(remove.at("decorators") ==
        json::array({"@permission_required(shop.delete_item)", "@rate_limit(rate=5, burst=3)"}));
  CHECK(remove.at("rate_limit") == json{{"rate", 5}, {"burst", 3}});
  CHECK(counter.at("exposed_state").at("count") == json{{"source", "mount"}, {"defined_in", "CounterView"}});
  CHECK(counter.at("config") == json{{"tick_interval", 2000}, {"temporary_assigns", {"log"}}});
  CHECK(by_name(audit.at("audits"), "shop.views.ReportView", "class").at("auth") ==
        json{{"permission_required", {"shop.view_report", "shop.export_report"}}});
  CHECK(by_name(audit.at("audits"), "shop.views.DashboardView", "class").at("mixins") ==
        json::array({"LoginRequiredMixin", "PresenceMixin"}));

  // The same keys as djust's own command (the test package ships a small djust_audit).
  djust::core::SubprocessOptions command;
  command.argv = {fixture_python(), "manage.py", "djust_audit", "--json"};
  command.cwd = fixture_project_dir();
  const auto run = djust::core::run_subprocess(command, 60s);
  REQUIRE(run.status.code == 0);
  const json reference = json::parse(run.output.substr(run.output.find('{')));
  auto keys = [](const json& object) {
    std::vector<std::string> out;
    for (const auto& [key, unused] : object.items()) out.push_back(key);
    return out;
  };
  CHECK(keys(audit) == keys(reference));
  CHECK(keys(summary) == keys(reference.at("summary")));
  CHECK(keys(counter) == keys(by_name(reference.at("audits"), "shop.views.CounterView", "class")));

  const json blog = ok("run_audit", {{"app_label", "djust_blog"}});
  CHECK(names(blog.at("audits"), "class") ==
        std::vector<std::string>{"djust_blog.live.drafts.DraftsView", "djust_blog.live.posts.PostListView",
                                 "djust_blog.navbar_example.BlogStatusBase", "djust_blog.navbar_example.StatusView",
                                 "djust_blog.components.cards.PostCard"});
  // PostListView, and the dismissed flag of navbar_example's base and of the view inheriting it.
  CHECK(blog.at("summary").at("unprotected_with_state") == 3);
  const auto unknown = error("run_audit", {{"app_label", "shopp"}});
  CHECK(unknown.find("Did you mean 'shop'?") != std::string::npos);
}

TEST_CASE("knowledge tools: decorators and mixins are checked against the djust the project imports") {
  REQUIRE_FIXTURE_PYTHON();
  ok("list_views");  // loads the project; its bridge lists what its djust has
  const json decorators = ok("get_decorators");
  const auto entry = [&](const json& list, const std::string& name) -> const json& {
    return by_name(list, name, "name");
  };
  CHECK(decorators.at("project_djust_version") == "1.1.0");
  CHECK(decorators.at("installed_djust").get<std::string>().find("installed djust 1.1.0") != std::string::npos);
  // The test package (tests/fixtures/djust_compat) has event_handler in djust.decorators, but no
  // @component (djust.components.function_component in djust) and no live_view function.
  CHECK(entry(decorators.at("decorators"), "event_handler").at("installed_djust") ==
        "verified against the installed djust 1.1.0");
  CHECK(entry(decorators.at("decorators"), "component").at("installed_djust") ==
        "missing from the installed djust 1.1.0: no djust.component");
  CHECK(entry(decorators.at("decorators"), "component").at("version_note") ==
        "the installed djust 1.1.0 has no djust.component");
  // djust.live_view is a module there: a submodule is not the function asked about.
  CHECK(entry(decorators.at("decorators"), "live_view").at("installed_djust") ==
        "missing from the installed djust 1.1.0: no djust.live_view");
  // event_security as the installed djust resolves it (the fixture sets none: djust's default).
  CHECK(decorators.at("installed_djust").get<std::string>().find("its event_security is \"strict\"") !=
        std::string::npos);
  const json mixins = ok("get_framework_schema", {{"section", "mixins"}});
  const json& section = mixins.at("sections").at("mixins");
  CHECK(entry(section.at("mixins"), "PresenceMixin").at("installed_djust") ==
        "verified against the installed djust 1.1.0");
  CHECK(entry(section.at("base_classes"), "LiveView").at("installed_djust") ==
        "verified against the installed djust 1.1.0");
  // Directives are not checked: no installed_djust on them, and the answer says they come from the data.
  const json directive = ok("get_template_directives", {{"name", "dj-click"}});
  CHECK_FALSE(directive.at("directives").at(0).contains("installed_djust"));
  CHECK(directive.at("installed_djust").get<std::string>().ends_with("Everything else is from the djust 1.1.0 data."));
}

TEST_CASE("project tools: a project that fails to load is an error; the other tools keep working") {
  REQUIRE_FIXTURE_PYTHON();
  ScopedEnv broken("DJANGO_SETTINGS_MODULE", "fixture_project.settings_broken");
  const Registry registry = djust::app::build_registry(options_for(fixture_project_dir()));
  for (const char* name : {"list_views", "run_system_checks"}) {
    const auto outcome = call(registry, name);
    REQUIRE(outcome.is_error);
    CHECK(outcome.error.find("ModuleNotFoundError: No module named 'a_package_that_is_not_installed'") !=
          std::string::npos);
  }
  CHECK_FALSE(call(registry, "get_framework_schema", {{"section", "mixins"}}).is_error);
}

TEST_CASE("project tools: seed_fixtures loads files inside the project and refuses everything else") {
  REQUIRE_FIXTURE_PYTHON();
  TempDir tmp;
  fs::copy(fixtures_dir(), tmp.path() / "fixtures", fs::copy_options::recursive);
  const fs::path project = tmp.path() / "fixtures/project";
  ScopedEnv database("DJUST_FIXTURE_DB", (tmp.path() / "db.sqlite3").string());
  djust::core::SubprocessOptions migrate;
  migrate.argv = {fixture_python(), "manage.py", "migrate", "--noinput"};
  migrate.cwd = project;
  REQUIRE(djust::core::run_subprocess(migrate, 120s).status.code == 0);

  const Registry registry = djust::app::build_registry(options_for(project));
  auto outcome = call(registry, "seed_fixtures", {{"fixture_paths", {"shop/fixtures/items.json"}}});
  REQUIRE_MESSAGE(!outcome.is_error, outcome.error);
  CHECK(outcome.structured.at("loaded_objects") == 3);
  CHECK(outcome.structured.at("fixture_count") == 1);
  CHECK(outcome.structured.at("fixtures") == json::array({(project / "shop/fixtures/items.json").string()}));
  CHECK(outcome.structured.at("output") == "Installed 3 object(s) from 1 fixture(s)");

  fs::create_symlink(tmp.path() / "outside.json", project / "escape.json");
  tmp.write("outside.json", "[]");
  tmp.write("fixtures/project-other/x.json", "[]");
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"../djust_compat/djust/__init__.py", "is outside"},
      {"/etc/passwd", "is outside"},
      {"escape.json", "resolves to " + (tmp.path() / "outside.json").string()},
      {(tmp.path() / "fixtures/project-other/x.json").string(), "is outside"},
      {"shop/fixtures/missing.json", "cannot be resolved"},
      {"shop/fixtures", "is not a file"}};
  for (const auto& [path_, reason] : refused) {
    const std::string& path = path_;  // INFO captures it; clang 14 cannot capture a structured binding
    INFO(path);
    outcome = call(registry, "seed_fixtures", {{"fixture_paths", {"shop/fixtures/items.json", path}}});
    REQUIRE(outcome.is_error);
    CHECK(outcome.error.find(reason) != std::string::npos);
    CHECK(outcome.error.find("Nothing was loaded") != std::string::npos);
  }

  tmp.write("fixtures/project/shop/fixtures/broken.json", "[{\"model\": \"shop.nothing\", \"pk\": 1}]");
  outcome = call(registry, "seed_fixtures", {{"fixture_paths", {"shop/fixtures/broken.json"}}});
  REQUIRE(outcome.is_error);
  CHECK(outcome.error.find("shop.nothing") != std::string::npos);
  // loaddata read a private copy; the message names the file that was given.
  CHECK(outcome.error.find("Problem installing fixture '" + (project / "shop/fixtures/broken.json").string() + "'") !=
        std::string::npos);
  // A FIFO is refused at once, not waited on.
  REQUIRE(::mkfifo((project / "shop/fixtures/pipe.json").c_str(), 0600) == 0);
  outcome = call(registry, "seed_fixtures", {{"fixture_paths", {"shop/fixtures/pipe.json"}}});
  CHECK(outcome.error == "Refused fixture 'shop/fixtures/pipe.json': it is not a file. Nothing was loaded.");
  CHECK(call(registry, "seed_fixtures", {{"fixture_paths", json::array()}}).error.find("at least 1") !=
        std::string::npos);
}

TEST_CASE("project tools: a project without djust still lists its routes and runs its checks") {
  REQUIRE_FIXTURE_PYTHON();
  TempDir tmp;
  tmp.write("manage.py",
            "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'plain_settings')\n"
            "from django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n");
  tmp.write("plain_settings.py",
            "SECRET_KEY = 'x'\nINSTALLED_APPS = ['django.contrib.contenttypes']\nROOT_URLCONF = 'plain_urls'\n");
  tmp.write("plain_urls.py",
            "from django.http import HttpResponse\nfrom django.urls import path\n\n\ndef home(request):\n"
            "    return HttpResponse('hi')\n\n\nurlpatterns = [path('', home, name='home')]\n");
  const Registry registry = djust::app::build_registry(options_for(tmp.path()));
  const auto views = call(registry, "list_views");
  REQUIRE(views.is_error);
  CHECK(views.error.find("djust cannot be imported by this project's Python (ModuleNotFoundError") !=
        std::string::npos);
  CHECK(views.error.find("djust-mcp doctor") != std::string::npos);

  const auto routes = call(registry, "list_routes");
  REQUIRE_MESSAGE(!routes.is_error, routes.error);
  CHECK(routes.structured.at("routes") ==
        json::parse(R"([{"pattern":"","name":"home","kind":"function_view","view":"plain_urls.home","kwargs":[]}])"));
  const auto checks = call(registry, "run_system_checks");
  REQUIRE_MESSAGE(!checks.is_error, checks.error);
  CHECK(checks.structured.at("djust_checks_registered") == false);
}

TEST_CASE("project tools: symlinked package loops are walked once, in bounded time") {
  REQUIRE_FIXTURE_PYTHON();
  TempDir tmp;
  fs::copy(fixtures_dir(), tmp.path() / "fixtures", fs::copy_options::recursive);
  const fs::path project = tmp.path() / "fixtures/project";
  // Each link makes every level hold the package again: 3^40 modules before the kernel's
  // symlink limit stops the path, unless discovery leaves symlinked folders alone.
  for (const char* loop : {"a", "b", "c"}) fs::create_directory_symlink(".", project / "djust_blog/live" / loop);
  ToolOptions options = options_for(project);
  options.bridge_timeout = 30s;
  const Registry registry = djust::app::build_registry(options);
  const auto views = call(registry, "list_views");
  REQUIRE_MESSAGE(!views.is_error, views.error);
  // The same classes as in the project without loops, none under a looped name.
  CHECK(names(views.structured.at("views"), "class") == names(ok("list_views").at("views"), "class"));
  CHECK(views.structured.at("import_errors") == ok("list_views").at("import_errors"));
}
