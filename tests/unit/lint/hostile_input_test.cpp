// Inputs that crashed or hung the linter, found by a security review: each must now give its
// ordinary findings. Sizes are chosen so that the old behaviour (std::regex recursing once per
// character; a did-you-mean against every handler for every missing call) crashes or runs for
// minutes, far past ctest's timeout, while the linear code takes about a second.
#include "lint/discovery.h"
#include "lint/engine.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace djust::lint;

namespace {

std::vector<Finding> lint_text(const std::string& path, const std::string& source, Language language,
                               std::vector<std::string> select) {
  LintOptions options;
  options.selection.select = std::move(select);
  auto result = lint_source(path, source, language, options);
  REQUIRE_FALSE(result.error.has_value());
  return result.findings;
}

// 00042
std::string five_digits(int i) {
  std::string digits = std::to_string(i);
  return std::string(5 - std::min<std::size_t>(5, digits.size()), '0') + digits;
}

}  // namespace

TEST_CASE("hostile input: 30,000-character values in a template give DJ103, T013 and S007 findings") {
  const std::string name(30'000, 'a');
  const std::string source =
      "<div dj-root>\n"
      "  <button dj-click=\"" +
      name +
      "B\">Go</button>\n"
      "  <div dj-view=\"" +
      name +
      "\"></div>\n"
      "  <p>{{ " +
      name +
      ".client_name|safe }}</p>\n"
      "  <input dj-model.debounce-" +
      std::string(30'000, '9') +
      "=\"title\">\n"
      "</div>\n";
  const auto findings = lint_text("page.html", source, Language::html, {"DJ103", "T013", "S007"});
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].rule_id == "DJ103");
  CHECK(findings[0].span.line == 2u);
  CHECK(findings[0].message == "djust only accepts lowercase event names ([a-z][a-z0-9_]*)");
  CHECK(findings[1].rule_id == "T013");
  CHECK(findings[1].span.line == 3u);
  CHECK(findings[1].message == "dj-view=\"" + name + "\" is not the dotted path of a view class");
  CHECK(findings[2].rule_id == "S007");
  CHECK(findings[2].span.line == 4u);
  CHECK(findings[2].message == "{{ " + name + ".client_name|safe }} renders the uploader's filename as HTML");
  // The same values, valid: a lowercase name, a dotted path, no |safe.
  const std::string fine = "<div dj-root>\n  <button dj-click=\"" + name + "\">Go</button>\n  <div dj-view=\"" + name +
                           ".V\"></div>\n  <p>{{ " + name + ".client_name }}</p>\n</div>\n";
  CHECK(lint_text("page.html", fine, Language::html, {"DJ103", "T013", "S007"}).empty());
}

TEST_CASE("hostile input: a 30,000-character class name in a view gives its V006 finding") {
  const std::string source =
      "from djust import LiveView\n\n\nclass WeatherView(LiveView):\n    template_name = \"weather.html\"\n\n"
      "    def mount(self, request, **kwargs):\n        self.client = " +
      std::string(30'000, 'A') + "Service()\n        self.total = " + std::string(30'000, 'A') + "Total()\n";
  const auto findings = lint_text("views.py", source, Language::python, {"V006"});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].rule_id == "V006");
  CHECK(findings[0].span.line == 8u);
}

TEST_CASE("hostile input: DJ105 with 10,000 handlers and 10,000 missing calls is linear") {
  TempDir project;
  project.write("manage.py", "");
  std::string views =
      "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass BigView(LiveView):\n"
      "    template_name = \"big.html\"\n";
  std::string page = "<div dj-root>\n";
  constexpr int kCount = 10'000;
  for (int i = 0; i < kCount; ++i) {
    views += "\n    @event_handler\n    def handler_number_" + five_digits(i) + "(self, **kwargs):\n        pass\n";
    page += "  <button dj-click=\"handler_numbr_" + five_digits(i) + "\">Go</button>\n";  // one letter off
  }
  project.write("app/views.py", views);
  project.write("app/templates/big.html", page + "</div>\n");

  LintOptions options;
  options.selection.select = {"DJ105"};
  options.project_root = project.path();
  const auto results = lint_files(discover_files({project.path().string()}, {}).files, options, 2);
  const auto page_result =
      std::find_if(results.begin(), results.end(), [](const FileResult& r) { return r.path.ends_with("big.html"); });
  REQUIRE(page_result != results.end());
  const auto& findings = page_result->findings;
  REQUIRE(findings.size() == kCount);
  CHECK(findings[0].span.line == 2u);
  CHECK(findings[0].message ==
        "no event handler 'handler_numbr_00000' on BigView; did you mean 'handler_number_00000'?");
  CHECK(findings[49].message ==
        "no event handler 'handler_numbr_00049' on BigView; did you mean 'handler_number_00049'?");
  // Past the first 50 missing names, no more suggestions: each costs a pass over every handler.
  CHECK(findings[50].message == "no event handler 'handler_numbr_00050' on BigView");
  CHECK(findings.back().message == "no event handler 'handler_numbr_09999' on BigView");
}

TEST_CASE("hostile input: DJ106 with 5,000 handlers over 1,000 page templates is linear") {
  TempDir project;
  project.write("manage.py", "");
  std::string views =
      "from djust import LiveView\nfrom djust.decorators import event_handler\n\n\nclass WideView(LiveView):\n"
      "    template_name = \"page_00000.html\"\n";
  constexpr int kHandlers = 5'000;
  constexpr int kTemplates = 1'000;
  for (int i = 0; i < kHandlers; ++i)
    views += "\n    @event_handler\n    def handler_" + five_digits(i) + "(self, **kwargs):\n        pass\n";
  project.write("app/views.py", views);
  // One page including 999 partials; each handler but the last is named in some partial.
  std::string page = "<div dj-root>\n";
  for (int t = 1; t < kTemplates; ++t) {
    page += "{% include \"page_" + five_digits(t) + ".html\" %}\n";
    std::string partial;
    for (int i = t - 1; i < kHandlers - 1; i += kTemplates - 1)
      partial += "<button dj-click=\"handler_" + five_digits(i) + "\">Go</button>\n";
    project.write("app/templates/page_" + five_digits(t) + ".html", partial);
  }
  project.write("app/templates/page_00000.html", page + "</div>\n");

  LintOptions options;
  options.selection.select = {"DJ106"};
  options.project_root = project.path();
  const auto results = lint_files(discover_files({project.path().string()}, {}).files, options, 2);
  std::vector<Finding> findings;
  for (const auto& r : results) findings.insert(findings.end(), r.findings.begin(), r.findings.end());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "event handler 'handler_04999' is not referenced by WideView's templates");
}

TEST_CASE("hostile input: T002 and T012 over an {% extends %} chain of 3,000 templates are linear") {
  TempDir project;
  project.write("manage.py", "");
  constexpr int kChain = 3'000;
  // Each template extends the previous one and names a view; none has dj-root (T002 on each), and the
  // last also carries a directive on a page that does connect (no T012).
  project.write("app/templates/t_00000.html", "<div dj-view=\"app.views.V\">{% block b %}{% endblock %}</div>\n");
  for (int i = 1; i < kChain; ++i)
    project.write("app/templates/t_" + five_digits(i) + ".html",
                  "{% extends \"t_" + five_digits(i - 1) + ".html\" %}{% block b %}<div dj-view=\"app.views.V\">" +
                      (i == kChain - 1 ? "<button dj-click=\"go\">Go</button>" : "") + "</div>{% endblock %}\n");
  LintOptions options;
  options.selection.select = {"T002", "T012"};
  options.project_root = project.path();
  const auto results = lint_files(discover_files({project.path().string()}, {}).files, options, 2);
  std::size_t t002 = 0;
  for (const auto& r : results)
    for (const auto& f : r.findings) {
      CHECK(f.rule_id == "T002");
      t002 += f.rule_id == "T002";
    }
  CHECK(t002 == kChain);
}
