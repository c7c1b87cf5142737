// Y002: an image without alt text is invisible to screen readers.
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    // Attributes written by template code ({{ attrs }}) may include alt: no guessing.
    if (element.tag != "img" || element.attribute("alt") || document.has_generated_attributes(element)) continue;
    reporter.report(element.tag_span, "<img> without an alt attribute");
  }
}

}  // namespace

const TemplateRule& image_alt_rule() {
  static const TemplateRule rule{
      {.id = "Y002",
       .name = "image-alt",
       .default_enabled = true,
       .summary = "<img> without alt",
       .explanation = "Screen readers announce an image by its alt text; without one they read the file name or "
                      "nothing. Describe what the image shows, or write alt=\"\" for a purely decorative image so "
                      "it is skipped.",
       .bad_example = R"html(<img src="{{ product.photo_url }}">
)html",
       .good_example = R"html(<img src="{{ product.photo_url }}" alt="{{ product.name }}">
)html",
       .fix_hint = "Add alt=\"what it shows\" (or alt=\"\" if it is decorative)."},
      check};
  return rule;
}

}  // namespace djust::lint::html
