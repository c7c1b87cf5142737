// Y003: a form field without a label is announced without a name.
#include "core/text.h"
#include "lint/html/rules/template_rule.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace djust::lint::html {
namespace {

bool needs_label(const Element& element) {
  if (element.tag == "select" || element.tag == "textarea") return true;
  if (element.tag != "input") return false;
  static const std::set<std::string, std::less<>> self_named = {"hidden", "submit", "button", "reset", "image"};
  const Attribute* type = element.attribute("type");
  if (!type) return true;
  std::string value = type->value;
  for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !type->dynamic && !self_named.count(value);
}

// A static `display: none` among the declarations of a style attribute.
bool styled_display_none(const Attribute& style) {
  if (style.dynamic) return false;  // {% if %}display:none{% endif %} shows the field sometimes
  std::string_view rest = style.value;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find(';'), rest.size());
    const std::string_view declaration = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    std::string value = core::to_lower(core::trim(declaration.substr(colon + 1)));
    if (const std::size_t bang = value.find('!'); bang != std::string::npos)
      value = std::string(core::trim(value.substr(0, bang)));  // none !important
    if (core::to_lower(core::trim(declaration.substr(0, colon))) == "display" && value == "none") return true;
  }
  return false;
}

// A field nobody sees or hears has no one to read its label to: the hidden attribute, an inline
// display:none, aria-hidden="true".
bool hidden_from_everyone(const Element& element) {
  if (element.attribute("hidden")) return true;
  if (const Attribute* style = element.attribute("style"); style && styled_display_none(*style)) return true;
  const Attribute* aria_hidden = element.attribute("aria-hidden");
  return aria_hidden && !aria_hidden->dynamic && core::to_lower(core::trim(aria_hidden->value)) == "true";
}

bool inside_label(const Template& document, const Element& element) {
  for (std::optional<std::size_t> p = element.parent; p; p = document.elements()[*p].parent)
    if (document.elements()[*p].tag == "label") return true;
  return false;
}

void check(const Template& document, Reporter& reporter) {
  std::set<std::string> label_targets;
  bool computed_target = false;  // <label for="{{ field.id_for_label }}"> may name any field
  for (const auto& element : document.elements()) {
    if (element.tag != "label") continue;
    if (const Attribute* target = element.attribute("for")) {
      label_targets.insert(target->value);
      computed_target = computed_target || target->dynamic;
    }
  }
  for (const auto& element : document.elements()) {
    if (!needs_label(element) || document.has_generated_attributes(element) || hidden_from_everyone(element)) continue;
    if (element.attribute("aria-label") || element.attribute("aria-labelledby") || element.attribute("title")) continue;
    const Attribute* id = element.attribute("id");
    if (id && (id->dynamic || computed_target || label_targets.count(id->value))) continue;
    if (inside_label(document, element)) continue;
    reporter.report(element.tag_span, "<" + element.tag + "> has no label");
  }
}

}  // namespace

const TemplateRule& control_label_rule() {
  static const TemplateRule rule{
      {.id = "Y003",
       .name = "control-label",
       .default_enabled = true,
       .summary = "Form field without a label",
       .explanation =
           "Screen readers announce a field by its label. A field is labelled by a <label for> naming "
           "its id, by a <label> around it, or by aria-label, aria-labelledby or title; a placeholder is "
           "not a label. Hidden inputs and buttons (submit, button, reset, image) name themselves, and a field "
           "hidden from everyone (the hidden attribute, an inline display:none, aria-hidden=\"true\") is "
           "never announced.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <input type="search" dj-model="query" placeholder="Search">
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <label for="q">Search</label>
  <input id="q" type="search" dj-model="query">
</div>
)html",
       .fix_hint = "Add a <label for=\"ID\"> for the field's id, or aria-label."},
      check};
  return rule;
}

}  // namespace djust::lint::html
