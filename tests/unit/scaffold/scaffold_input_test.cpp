// What scaffolding accepts from its callers, and the messages for what it refuses.
#include <doctest/doctest.h>

#include "scaffold/decorators.h"
#include "scaffold/scaffold.h"
#include "test_registry.h"

namespace scaffold = djust::scaffold;

namespace {

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const scaffold::ScaffoldError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> expressions(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : scaffold::parse_decorators(text)) out.push_back(d.expression);
  return out;
}

}  // namespace

TEST_CASE("scaffold: names must be identifiers, class names CamelCase, never paths") {
  auto view_error = [](const std::string& name) {
    return error_of([&] { scaffold::scaffold_view({name, {}, std::nullopt, std::nullopt}); });
  };
  CHECK(view_error("../x").find("looks like a path") != std::string::npos);
  CHECK(view_error("a/b").find("looks like a path") != std::string::npos);
  CHECK(view_error("").find("is empty") != std::string::npos);
  CHECK(view_error("lowercase").find("CamelCase") != std::string::npos);
  CHECK(view_error("Snake_Case").find("CamelCase") != std::string::npos);
  CHECK(view_error("9Lives").find("not a Python identifier") != std::string::npos);
  CHECK(view_error("Caf\xc3\xa9").find("not a Python identifier") != std::string::npos);
  CHECK(view_error("ProductList").empty());

  auto app_error = [](const std::string& app) {
    return error_of([&] { scaffold::scaffold_view({"Shop", {}, std::nullopt, app}); });
  };
  CHECK(app_error("../x").find("app name '../x' looks like a path") != std::string::npos);
  CHECK(app_error("/etc").find("looks like a path") != std::string::npos);
  CHECK(app_error("class").find("Python keyword") != std::string::npos);
  CHECK(error_of([] {
          scaffold::scaffold_view({"Shop", {}, std::string("item"), std::nullopt});
        }).find("model name 'item' must be a CamelCase") != std::string::npos);

  CHECK(error_of([] { scaffold::scaffold_handler({"class", "", ""}); }).find("Python keyword") != std::string::npos);
  CHECK(error_of([] { scaffold::scaffold_handler({"_secret", "", ""}); }).find("private") != std::string::npos);
  CHECK(error_of([] {
          scaffold::scaffold_component({"alert", "", std::nullopt});
        }).find("CamelCase") != std::string::npos);
}

TEST_CASE("scaffold: an unknown feature lists the valid ones") {
  const auto message = error_of([] { scaffold::scaffold_view({"Shop", {"search", "serch2", "crud"}, {}, {}}); });
  CHECK(message.find("Unknown feature 'serch2'") != std::string::npos);
  CHECK(message.find("search, crud, pagination, form, presence, streaming, auth") != std::string::npos);
}

TEST_CASE("scaffold: view files, names and urls") {
  const auto view = scaffold::scaffold_view({"ProductListView", {"crud"}, std::string("OrderLine"), "shop"});
  CHECK(view.class_name == "ProductListView");
  REQUIRE(view.files.size() == 2);
  CHECK(view.files[0].path == "product_list_view.py");
  CHECK(view.files[1].path == "templates/shop/product_list.html");
  CHECK(view.urls_import == "from .product_list_view import ProductListView");
  CHECK(view.urls_line == "path(\"product-list/\", ProductListView.as_view(), name=\"product_list\"),");
  const std::string& code = view.files[0].content;
  CHECK(code.find("from .models import OrderLine\n") != std::string::npos);
  CHECK(code.find("class OrderLineForm(forms.ModelForm):") != std::string::npos);
  CHECK(code.find("def delete_order_line(self, order_line_id: int = 0, **kwargs):") != std::string::npos);
  CHECK(view.files[1].content.find("dj-view=\"shop.product_list_view.ProductListView\" dj-root") != std::string::npos);

  const auto secured = scaffold::scaffold_view({"Orders", {"auth", "crud"}, std::string("OrderLine"), "shop"});
  CHECK(secured.files[0].content.find("    login_required = True\n") != std::string::npos);
  CHECK(secured.files[0].content.find("@permission_required(\"shop.delete_orderline\")\n    @event_handler\n") !=
        std::string::npos);
  CHECK(secured.files[0].content.find("@permission_required(\"shop.change_orderline\")") != std::string::npos);

  const auto streaming = scaffold::scaffold_view({"Report", {"streaming"}, std::nullopt, std::nullopt});
  CHECK(streaming.files[0].content.find("async def build_report(self, **kwargs):") != std::string::npos);
  CHECK(streaming.files[0].content.find("await self.stream_to(\"report\", target=\"#report\")") != std::string::npos);
  CHECK(streaming.files[1].content.find("id=\"report\" dj-stream=\"report\"") != std::string::npos);

  const auto placeholder = scaffold::scaffold_view({"Notes", {"form"}, std::nullopt, std::nullopt});
  CHECK(placeholder.files[0].content.find("from .models") == std::string::npos);
  CHECK(placeholder.files[0].content.find("Placeholder storage") != std::string::npos);
  CHECK(placeholder.files[1].content.find("{% csrf_token %}") != std::string::npos);
}

TEST_CASE("scaffold: components mount from keyword arguments with defaults, never a request") {
  const auto component = scaffold::scaffold_component({"Alert", "message:str=Saved, count:int", "shop"});
  CHECK(component.files[0].path == "alert_component.py");
  CHECK(component.files[1].path == "templates/shop/components/alert.html");
  CHECK(component.files[0].content.find("def mount(self, message: str = \"Saved\", count: int = 0, **kwargs):") !=
        std::string::npos);
  CHECK(component.files[0].content.find("self, request") == std::string::npos);
  CHECK(component.files[0].content.find("from djust import LiveComponent") != std::string::npos);
}

TEST_CASE("scaffold: parameters are typed and all have defaults") {
  const auto params = scaffold::parse_parameters("a, b:int, c=2.5, d:bool=True, e:str='x, y', f:list, g=hi", "params");
  REQUIRE(params.size() == 7);
  CHECK(params[0].type == "str");
  CHECK(params[0].default_value == "\"\"");
  CHECK(params[1].default_value == "0");
  CHECK(params[2].type == "float");
  CHECK(params[3].default_value == "True");
  CHECK(params[4].default_value == "\"x, y\"");
  CHECK(params[5].type == "list | None");
  CHECK(params[5].default_value == "None");
  CHECK(params[6].default_value == "\"hi\"");

  CHECK(error_of([] { scaffold::parse_parameters("n:int=abc", "params"); }).find("must be a literal") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("t:list=[]", "params"); }).find("must be a literal") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("x:decimal", "params"); }).find("Valid values: str, int") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("a, a", "params"); }).find("twice") != std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("request", "params"); }).find("generated signature") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("a=1\nimport os", "params"); }).find("one line") != std::string::npos);
  CHECK(error_of([] { scaffold::parse_parameters("s=\"a\\\"b\"", "params"); }).find("simple quoted") !=
        std::string::npos);
}

TEST_CASE("scaffold: decorators are parsed as expressions, checked and ordered") {
  // Commas inside calls, nested brackets and strings do not split a decorator.
  CHECK(expressions("rate_limit(rate=5, burst=3)") ==
        std::vector<std::string>{"rate_limit(rate=5, burst=3)", "event_handler"});
  CHECK(expressions("client_state(keys=[\"a,b\", (\"c\", 'd)')]), event_handler") ==
        std::vector<std::string>{"event_handler", "client_state(keys=[\"a,b\", (\"c\", 'd)')])"});
  // Stacked top to bottom as djust's examples do, whatever the order given.
  CHECK(expressions("@background, debounce(wait=0.5), @event_handler, permission_required(\"a.b\"), rate_limit") ==
        std::vector<std::string>{"rate_limit()", "permission_required(\"a.b\")", "event_handler", "debounce(wait=0.5)",
                                 "background"});
  CHECK(expressions("rate_limit(rate=2), server_function") ==
        std::vector<std::string>{"server_function", "rate_limit(rate=2)"});
  CHECK(expressions("djust.decorators.action") == std::vector<std::string>{"action"});

  const auto unknown = error_of([] { scaffold::parse_decorators("rate_limt(rate=5)"); });
  CHECK(unknown.find("Unknown decorator 'rate_limt'. Did you mean 'rate_limit'?") != std::string::npos);
  CHECK(unknown.find("event_handler, debounce, throttle") != std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("reactive"); }).find("Unknown decorator 'reactive'") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("rate_limit(rate=5, burst=3"); }).find("Missing ')'") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("rate_limit(rat=5)"); }).find("no parameter 'rat'") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("permission_required"); }).find("needs arguments") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("optimistic()"); }).find("takes no arguments") != std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("debounce, throttle"); }).find("cannot be combined") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("event_handler, server_function"); }).find("TypeError") !=
        std::string::npos);
  CHECK(error_of([] { scaffold::parse_decorators("debounce, debounce(wait=1)"); }).find("twice") != std::string::npos);
}

TEST_CASE("scaffold: the tools report bad input as errors that list the valid values") {
  const auto& registry = test_registry();
  djust::registry::CallContext context;
  const auto view = registry.find_tool("scaffold_view");
  REQUIRE(view);
  auto outcome = registry.call(*view, {{"name", "Shop"}, {"features", {"search", "chat"}}}, context);
  CHECK(outcome.is_error);
  CHECK(outcome.error.find("search") != std::string::npos);
  CHECK(outcome.error.find("streaming") != std::string::npos);
  outcome = registry.call(*view, {{"name", "../Shop"}}, context);
  CHECK(outcome.is_error);
  CHECK(outcome.error.find("looks like a path") != std::string::npos);
  outcome = registry.call(*view, {{"name", "Shop"}, {"features", {"auth", "crud"}}, {"app", "shop"}}, context);
  REQUIRE_FALSE(outcome.is_error);
  CHECK(outcome.structured["files"].size() == 2);
  CHECK_FALSE(outcome.structured.contains("notes"));
  // The tool reads no files, so a model it imports is not checked: it says so.
  outcome = registry.call(*view, {{"name", "Shop"}, {"model", "NoSuchModel"}, {"app", "catalog"}}, context);
  REQUIRE_FALSE(outcome.is_error);
  CHECK(outcome.structured.at("notes").at(0) ==
        "The model NoSuchModel was not checked: make sure catalog/models.py defines or imports it (`djust-mcp "
        "scaffold view ... --model NoSuchModel --write` checks it and refuses otherwise).");

  const auto handler = registry.find_tool("add_event_handler");
  REQUIRE(handler);
  outcome = registry.call(*handler, {{"handler_name", "x"}, {"decorators", "memoize"}}, context);
  CHECK(outcome.is_error);
  CHECK(outcome.error.find("rate_limit") != std::string::npos);
}

TEST_CASE("scaffold: a decorator djust 1.1 ignores is kept, with a note naming the template attribute instead") {
  const auto handler = scaffold::scaffold_handler({.name = "search", .params = "", .decorators = "debounce(wait=0.4)"});
  CHECK(handler.decorators == std::vector<std::string>{"event_handler", "debounce(wait=0.4)"});
  REQUIRE(handler.notes.size() == 1);
  CHECK(handler.notes[0].starts_with("@debounce has no effect in djust 1.1.0"));
  CHECK(handler.notes[0].find("dj-debounce=") != std::string::npos);
  // The note sits in the code above the decorators, so it travels with the pasted method.
  CHECK(handler.code.starts_with("    # NOTE: @debounce has no effect"));
  // Each decorator the data marks inert gets its own replacement; the others get none.
  const auto notes_of = [](const std::string& decorators) {
    return scaffold::scaffold_handler({.name = "h", .params = "", .decorators = decorators}).notes;
  };
  CHECK(notes_of("throttle(interval=1)").at(0).find("dj-throttle=") != std::string::npos);
  CHECK(notes_of("optimistic").at(0).find("dj-loading") != std::string::npos);
  CHECK(notes_of("client_state(keys=[\"q\"])").at(0).find("dj-hook") != std::string::npos);
  CHECK(notes_of("rate_limit(rate=5), cache, background, permission_required(\"a.b\")").empty());

  // The tool gives the notes in its result (and the registry checks them against its outputSchema).
  const auto& registry = test_registry();
  djust::registry::CallContext context;
  const auto outcome = registry.call(*registry.find_tool("add_event_handler"),
                                     {{"handler_name", "search"}, {"decorators", "debounce(wait=0.4)"}}, context);
  REQUIRE_FALSE(outcome.is_error);
  CHECK(outcome.structured.at("notes").at(0).get<std::string>().find("dj-debounce") != std::string::npos);
  CHECK_FALSE(registry
                  .call(*registry.find_tool("add_event_handler"),
                        {{"handler_name", "save"}, {"decorators", "rate_limit"}}, context)
                  .structured.contains("notes"));
}
