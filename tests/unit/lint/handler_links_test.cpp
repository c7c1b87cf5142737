// What DJ105 and DJ106 decide, asked directly as find_handlers_for_template asks it: the same
// answers, with the same exemptions, so the tool and the linter never disagree about a template.
#include "lint/links/handler_links.h"
#include "lint/engine.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace djust::lint;
using namespace djust::lint::links;

namespace {

std::vector<std::string> names(const CallsAnswered& answered) {
  std::vector<std::string> out;
  for (const auto& m : answered.missing) out.push_back(m.call->name + (m.plain_method ? " (plain)" : ""));
  return out;
}

std::vector<std::string> names(const std::vector<const NamedSpan*>& handlers) {
  std::vector<std::string> out;
  for (const auto* h : handlers) out.push_back(h->name);
  return out;
}

const ClassFacts& class_named(const ProjectIndex& index, std::string_view name) {
  for (const auto& f : index.files())
    for (const auto& c : f.classes)
      if (c.name == name) return c;
  throw std::runtime_error("no class " + std::string(name));
}

constexpr const char* kViews = R"py(from djust import LiveView
from djust.decorators import event_handler


class BaseBoard(LiveView):
    @event_handler()
    def refresh(self, **kwargs):
        pass


class Board(BaseBoard):
    template_name = "board/board.html"

    def mount(self, request, **kwargs):
        self.cards = []

    def archive(self):
        self.cards = []

    @event_handler()
    def add_card(self, **kwargs):
        self.cards.append(1)

    @event_handler()
    def clear(self, **kwargs):
        self.cards = []


class Feed(LiveView):
    template_name = "board/feed.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def more(self, **kwargs):
        pass
)py";

}  // namespace

TEST_CASE("handler links: missing calls and unreferenced handlers, with the rules' exemptions") {
  TempDir project;
  project.write("manage.py", "");
  project.write("board/views.py", kViews);
  const auto board = project.write("board/templates/board/board.html",
                                   "<div dj-view=\"board.views.Board\" dj-root>\n"
                                   "  <button dj-click=\"add_card\">Add</button>\n"
                                   "  <button dj-click=\"archive\">Archive</button>\n"
                                   "  <button dj-click=\"refesh\">Refresh</button>\n"
                                   "  <div data-component-id=\"c1\"><button dj-click=\"rate\">Rate</button></div>\n"
                                   "</div>\n");
  project.write("board/templates/board/feed.html",
                "<div dj-view=\"board.views.Feed\" dj-root>\n"
                "  <button dj-click=\"{{ action }}\">Go</button>\n"
                "</div>\n");
  const auto index = index_project(project.path(), 1, {});
  REQUIRE(index);
  const auto* facts = index->file(board);
  REQUIRE(facts);
  REQUIRE(facts->template_facts);

  // A plain method is named as such; a call inside a component's markup is the component's.
  const auto answered = missing_calls(*facts->template_facts, index->classes_rendering(board), *index);
  REQUIRE(answered);
  CHECK(names(*answered) == std::vector<std::string>{"archive (plain)", "refesh"});
  CHECK(answered->callable.count("refresh"));  // inherited

  // `clear` is never mentioned; the base's `refresh` is not judged (a subclass's templates may
  // call it), nor is Feed, whose template computes handler names.
  const auto unreferenced = unreferenced_handlers(class_named(*index, "Board"), *index);
  REQUIRE(unreferenced);
  CHECK(names(*unreferenced) == std::vector<std::string>{"clear"});
  CHECK_FALSE(unreferenced_handlers(class_named(*index, "BaseBoard"), *index));
  CHECK_FALSE(unreferenced_handlers(class_named(*index, "Feed"), *index));

  // The rules report exactly these.
  LintOptions options;
  options.selection.select = {"DJ105", "DJ106"};
  options.project_root = project.path();
  const auto results = lint_files({{board, "board.html"}, {project.path() / "board/views.py", "views.py"}}, options, 1);
  std::vector<std::string> reported;
  for (const auto& r : results)
    for (const auto& f : r.findings) reported.push_back(f.rule_id + " " + f.message);
  CHECK(reported == std::vector<std::string>{
                        "DJ105 'archive' is a method of Board but not an @event_handler, so djust refuses to call it",
                        "DJ105 no event handler 'refesh' on Board; did you mean 'refresh'?",
                        "DJ106 event handler 'clear' is not referenced by Board's templates"});
}
