// Y001: a button or link whose only content is an icon has no name for screen readers.
#include "lint/html/rules/template_rule.h"

#include <cctype>

namespace djust::lint::html {
namespace {

bool named_by_attribute(const Element& element) {
  return element.attribute("aria-label") || element.attribute("aria-labelledby") || element.attribute("title");
}

// Text a screen reader would announce between the tags: everything outside markup, comments and
// character references (an icon font's &#xf1f8; says nothing useful).
bool has_visible_text(std::string_view content) {
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c == '<') {
      const bool comment = content.substr(i, 4) == "<!--";
      const std::size_t end = content.find(comment ? "-->" : ">", i);
      if (end == std::string_view::npos) return false;
      i = end;
    } else if (c == '&') {
      const std::size_t end = content.find(';', i);
      if (end != std::string_view::npos && end - i < 12) i = end;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

void check(const Template& document, Reporter& reporter) {
  const auto& elements = document.elements();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Element& control = elements[i];
    const bool link = control.tag == "a" && control.attribute("href");
    if ((control.tag != "button" && !link) || named_by_attribute(control) || document.has_generated_attributes(control))
      continue;
    // Template code inside may render the label; a named image or element inside names it.
    bool named = false;
    for (const auto& c : document.constructs())
      named = named || (c.kind != TemplateConstruct::Kind::comment && c.start_byte >= control.start_tag_end_byte &&
                        c.end_byte <= control.content_end_byte);
    for (std::size_t k = i + 1; k < elements.size() && document.contains(control, elements[k]); ++k) {
      const Attribute* alt = elements[k].tag == "img" ? elements[k].attribute("alt") : nullptr;
      named = named || (alt && !alt->value.empty()) || named_by_attribute(elements[k]);
    }
    const std::string_view content =
        std::string_view(document.source())
            .substr(control.start_tag_end_byte, control.content_end_byte - control.start_tag_end_byte);
    if (!named && !has_visible_text(content))
      reporter.report(control.tag_span, "<" + control.tag + "> has no accessible name: its content is only an icon");
  }
}

}  // namespace

const TemplateRule& control_name_rule() {
  static const TemplateRule rule{
      {.id = "Y001",
       .name = "control-name",
       .default_enabled = true,
       .summary = "Icon-only button or link without an accessible name",
       .explanation = "A <button> or <a href> whose content is only an icon (an <svg>, an icon-font <i>, an entity "
                      "such as &times;) is announced as just \"button\" or \"link\". Name it with aria-label, "
                      "aria-labelledby or title, or with visually hidden text. Content rendered by template code is "
                      "assumed to be a label.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="delete_item"><i class="fa fa-trash"></i></button>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="delete_item" aria-label="Delete"><i class="fa fa-trash"></i></button>
</div>
)html",
       .fix_hint = "Add aria-label=\"what it does\" to the control."},
      check};
  return rule;
}

}  // namespace djust::lint::html
