// S007: an upload's client_name is the attacker's filename; |safe renders it as HTML.
#include "lint/html/rules/template_rule.h"

#include <regex>

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  static const std::regex client_name_safe(R"(^[\w.]*\bclient_name\s*\|\s*safe$)");
  for (const auto& c : document.constructs()) {
    if (c.kind == TemplateConstruct::Kind::variable && std::regex_match(c.content, client_name_safe))
      reporter.report(c.span, "{{ " + c.content + " }} renders the uploader's filename as HTML");
  }
}

}  // namespace

const TemplateRule& client_name_safe_rule() {
  static const TemplateRule rule{
      {.id = "S007",
       .name = "client-name-safe",
       .severity = Severity::warning,
       .default_enabled = true,
       .summary = "Upload client_name rendered with |safe",
       .explanation = "An upload entry's client_name is the filename the browser sent, unsanitised. Django escapes "
                      "it when rendered; |safe turns that off, so a file named <script>...</script>.png becomes "
                      "stored cross-site scripting.",
       .bad_example = "<li>{{ entry.client_name|safe }}</li>\n",
       .good_example = "<li>{{ entry.client_name }}</li>\n",
       .fix_hint = "Drop |safe; Django's escaping is what keeps the filename text."},
      check};
  return rule;
}

}  // namespace djust::lint::html
