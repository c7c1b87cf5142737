// Names of the project's API tools: what an endpoint is called, when it gets a hash, and that the
// name of one never depends on the others.
#include "tools/api_tools.h"

#include <doctest/doctest.h>

#include <regex>

using djust::tools::unique_tool_names;

TEST_CASE("api tool names: unique bases stay as they are") {
  CHECK(unique_tool_names({"api_product_list", "api_product_retrieve"}, {"GET /p/", "GET /p/{pk}/"}) ==
        std::vector<std::string>{"api_product_list", "api_product_retrieve"});
}

TEST_CASE("api tool names: shared or overlong bases get a stable hash of the operation") {
  const std::string long_base = "admin_" + std::string(70, 'x') + "_change";
  const auto names = unique_tool_names({"api_item_list", "api_item_list", long_base, "api_other_get"},
                                       {"GET /a/items/", "GET /b/items/", "admin:admin:x.y:change", "GET /o/"});
  const std::regex valid("^[a-zA-Z0-9_-]{1,64}$");
  for (const auto& name : names) CHECK(std::regex_match(name, valid));
  CHECK(names[0] != names[1]);
  CHECK(names[0].starts_with("api_item_list_"));
  CHECK(names[0].size() == std::string("api_item_list_").size() + 8);
  CHECK(names[2].size() == 64);
  CHECK(names[3] == "api_other_get");
  // The same operation gets the same name whatever else the project holds.
  CHECK(unique_tool_names({"api_item_list", "api_item_list"}, {"GET /b/items/", "GET /a/items/"})[0] == names[1]);
}
