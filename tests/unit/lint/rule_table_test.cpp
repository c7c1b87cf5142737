// The rule table against the data: a rule with one of djust's check ids reports djust's severity
// and category from data/schema/checks.json; our own rules (DJ###) use ids djust does not have,
// with a category djust's checks use. Selection follows each rule's lifecycle.
#include "knowledge/knowledge.h"
#include "lint/engine.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

using namespace djust;
using namespace djust::lint;

namespace {

void no_check(const python::Module&, Reporter&) {}

RuleDoc our_doc(std::string_view id) {
  return RuleDoc{.id = id,
                 .name = "made-up",
                 .severity = Severity::warning,
                 .category = "liveview",
                 .summary = "A rule made up for this test",
                 .explanation = "",
                 .bad_example = "",
                 .good_example = "",
                 .fix_hint = ""};
}

}  // namespace

TEST_CASE("rule table: every rule's id, severity and category match data/schema/checks.json") {
  const auto& categories = knowledge::check_category_names();
  std::set<std::string> ids;
  for (const auto& rule : all_rules()) {
    const std::string id(rule.doc.id);
    CAPTURE(id);
    CHECK(ids.insert(id).second);
    const auto* djust = knowledge::find_check(id);
    CHECK(rule.djust_check == (djust != nullptr));
    if (djust) {
      CHECK(severity_name(rule.severity) == djust->at("severity").get<std::string>());
      CHECK(rule.category == djust->at("category").get<std::string>());
    } else {
      CHECK(id.starts_with("DJ"));  // our own ids never take one djust may give a check
      CHECK(std::find(categories.begin(), categories.end(), rule.category) != categories.end());
    }
  }
  // Spot checks against djust's own list, so a lookup that found nothing cannot pass.
  CHECK(find_rule("V004")->severity == Severity::info);
  CHECK(find_rule("V010")->severity == Severity::error);
  CHECK(find_rule("Y002")->category == "accessibility");
  CHECK_FALSE(find_rule("DJ105")->djust_check);
}

TEST_CASE("rule table: a doc that restates or lacks what the data decides is refused") {
  RuleDoc restated = our_doc("V004");
  CHECK_THROWS_AS(Rule(restated, Lifecycle::stable, &no_check), std::logic_error);
  RuleDoc no_category = our_doc("DJ900");
  no_category.category = {};
  CHECK_THROWS_AS(Rule(no_category, Lifecycle::stable, &no_check), std::logic_error);
  RuleDoc unknown_category = our_doc("DJ900");
  unknown_category.category = "styling";
  CHECK_THROWS_AS(Rule(unknown_category, Lifecycle::stable, &no_check), std::logic_error);
  const Rule ours(our_doc("DJ900"), Lifecycle::stable, &no_check);
  CHECK(ours.scope == RuleScope::python);
  CHECK(ours.category == "liveview");
}

TEST_CASE("rule table: attributes come from the table, not from the id") {
  CHECK(find_rule("DJ000")->scope == RuleScope::syntax);
  CHECK(find_rule("v004")->scope == RuleScope::python);
  CHECK(find_rule("DJ101")->scope == RuleScope::template_file);
  CHECK(find_rule("DJ105")->scope == RuleScope::project);
  CHECK(find_rule("V004")->doc.fixable);
  CHECK(find_rule("DJ9") == nullptr);
  // Listed by id, syntax errors first.
  const auto& rules = all_rules();
  CHECK(rules.front().doc.id == "DJ000");
  CHECK(
      std::is_sorted(rules.begin() + 1, rules.end(), [](const Rule& a, const Rule& b) { return a.doc.id < b.doc.id; }));
}

TEST_CASE("rule selection follows the lifecycle") {
  RuleDoc doc = our_doc("DJ900");
  const Rule stable(doc, Lifecycle::stable, &no_check);
  const Rule preview(doc, Lifecycle::preview, &no_check);
  const Rule deprecated(doc, Lifecycle::deprecated, &no_check);
  auto selection = [](std::vector<std::string> select, bool with_preview = false) {
    RuleSelection s;
    s.select = std::move(select);
    s.preview = with_preview;
    return s;
  };
  SUBCASE("default selection") {
    CHECK(selection({}).enabled(stable));
    CHECK_FALSE(selection({}).enabled(preview));
    CHECK(selection({}, true).enabled(preview));
    CHECK_FALSE(selection({}, true).enabled(deprecated));
  }
  SUBCASE("a prefix or ALL") {
    CHECK(selection({"DJ"}).enabled(stable));
    CHECK_FALSE(selection({"ALL"}).enabled(preview));
    CHECK(selection({"ALL"}, true).enabled(preview));
    CHECK_FALSE(selection({"ALL"}, true).enabled(deprecated));
  }
  SUBCASE("the exact id") {
    CHECK(selection({"DJ900"}).enabled(preview));
    CHECK(selection({"DJ900"}).enabled(deprecated));
    RuleSelection extended;
    extended.extend_select = {"DJ900"};
    CHECK(extended.enabled(deprecated));
    extended.ignore = {"DJ9"};
    CHECK_FALSE(extended.enabled(deprecated));
  }
  SUBCASE("syntax errors are always reported") {
    RuleSelection ignoring;
    ignoring.ignore = {"ALL"};
    CHECK(ignoring.enabled(syntax_error_rule()));
  }
  SUBCASE("selecting a deprecated rule warns") {
    const std::vector<Rule> rules = {stable, deprecated};
    CHECK(selection_warnings(selection({"ALL"}), rules).empty());
    const auto warnings = selection_warnings(selection({"DJ900"}), rules);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings.front().starts_with("rule DJ900 (made-up) is deprecated"));
  }
}
