// run_system_checks and run_audit run everything at once; their later pages come from the last
// whole result while the project's .py files stay unchanged, and each page fills one answer.
#include "tools/last_result.h"
#include "temp_dir.h"
#include "tools/answer_pages.h"

#include <doctest/doctest.h>

#include <fstream>

using nlohmann::json;

TEST_CASE("paged project results: later pages reuse the last run until the project's sources change") {
  TempDir project;
  project.write("manage.py", "");
  const auto views = project.write("shop/views.py", "x = 1\n");
  djust::tools::LastResult last;
  int runs = 0;
  auto get = [&](json args) { return last.get(args, project.path(), [&] { return json{{"run", ++runs}}; }); };

  CHECK(get({{"scope", "all"}}) == json{{"run", 1}});
  CHECK(get({{"scope", "all"}, {"offset", 20}}) == json{{"run", 1}});
  CHECK(get({{"scope", "all"}, {"offset", 40}}) == json{{"run", 1}});
  // Other arguments, and a first page, run anew.
  CHECK(get({{"scope", "djust"}, {"offset", 20}}) == json{{"run", 2}});
  CHECK(get({{"scope", "djust"}}) == json{{"run", 3}});
  CHECK(get({{"scope", "djust"}, {"offset", 20}}) == json{{"run", 3}});
  // An edited .py file makes the kept result stale; a template does not (the bridge keeps running too).
  project.write("shop/page.html", "<div></div>\n");
  CHECK(get({{"scope", "djust"}, {"offset", 20}}) == json{{"run", 3}});
  std::ofstream(views, std::ios::app) << "y = 2\n";
  CHECK(get({{"scope", "djust"}, {"offset", 20}}) == json{{"run", 4}});
  CHECK(get({{"scope", "djust"}, {"offset", 40}}) == json{{"run", 4}});
}

TEST_CASE("paged project results: a page holds as many items as one answer has room for") {
  json items = json::array();
  for (int i = 0; i < 400; ++i)
    items.push_back({{"id", "djust.V00" + std::to_string(i)}, {"msg", std::string(80, 'x')}});
  const json result = {{"project", "/p"}, {"count", items.size()}, {"checks", items}};
  // What the server sends: the result as text (escaped JSON) and as structuredContent.
  auto answer_size = [](const json& r) {
    const std::string compact = r.dump();
    return compact.size() + json(compact).dump().size();
  };
  auto page = [&](std::size_t offset, std::size_t count) {
    json r = result;
    r["checks"] = json(items.begin() + static_cast<std::ptrdiff_t>(offset),
                       items.begin() + static_cast<std::ptrdiff_t>(offset + count));
    return r;
  };
  const std::size_t shown = djust::tools::items_fitting_answer(result, "checks", 10);
  CHECK(answer_size(page(10, shown)) <= djust::tools::kAnswerBytes);
  CHECK(answer_size(page(10, shown + 1)) > djust::tools::kAnswerBytes);
  CHECK(djust::tools::items_fitting_answer(result, "checks", 399) == 1);
}
