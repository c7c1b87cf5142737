// S007: an upload's client_name is the attacker's filename; |safe renders it as HTML.
#include "lint/html/rules/template_rule.h"

#include <algorithm>
#include <cctype>

namespace djust::lint::html {
namespace {

// `client_name|safe` or `entry.client_name | safe`: a dotted variable ending in client_name, then
// the safe filter alone.
bool is_client_name_safe(std::string_view content) {
  const std::size_t bar = content.find('|');
  if (bar == std::string_view::npos) return false;
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::string_view filter = content.substr(bar + 1);
  while (!filter.empty() && is_space(filter.front())) filter.remove_prefix(1);
  if (filter != "safe") return false;
  std::string_view variable = content.substr(0, bar);
  while (!variable.empty() && is_space(variable.back())) variable.remove_suffix(1);
  const bool dotted_word = std::all_of(variable.begin(), variable.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
  return dotted_word && (variable == "client_name" || variable.ends_with(".client_name"));
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& c : document.constructs()) {
    if (c.kind == TemplateConstruct::Kind::variable && is_client_name_safe(c.content))
      reporter.report(c.span, "{{ " + c.content + " }} renders the uploader's filename as HTML");
  }
}

}  // namespace

const TemplateRule& client_name_safe_rule() {
  static const TemplateRule rule{
      {.id = "S007",
       .name = "client-name-safe",
       .default_enabled = true,
       .summary = "Upload client_name rendered with |safe",
       .explanation = "An upload entry's client_name is the filename the browser sent, unsanitised. Django escapes "
                      "it when rendered; |safe turns that off, so a file named <script>...</script>.png becomes "
                      "stored cross-site scripting.",
       .bad_example = R"html(<ul>
  {% for entry in uploads %}
    <li>{{ entry.client_name|safe }}</li>
  {% endfor %}
</ul>
)html",
       .good_example = R"html(<ul>
  {% for entry in uploads %}
    <li>{{ entry.client_name }}</li>
  {% endfor %}
</ul>
)html",
       .fix_hint = "Drop |safe; Django's escaping is what keeps the filename text."},
      check};
  return rule;
}

}  // namespace djust::lint::html
