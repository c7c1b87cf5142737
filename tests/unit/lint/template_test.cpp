#include "lint/html/template.h"

#include <doctest/doctest.h>

using namespace djust::lint::html;

TEST_CASE("template masking keeps every byte position and newline") {
  const std::string source = "<a href=\"{% url 'x' %}\" {% if a %}\nclass=\"b\"{% endif %}>{{ t }}</a>{# c #}";
  const auto [masked, constructs] = mask_template_syntax(source);
  REQUIRE(masked.size() == source.size());
  const std::string blank_if(10, ' ');     // {% if a %}
  const std::string blank_endif(11, ' ');  // {% endif %}
  CHECK(masked == "<a href=\"" + std::string(13, 'x') + "\" " + blank_if + "\nclass=\"b\"" + blank_endif + ">" +
                      std::string(7, ' ') + "</a>" + std::string(7, ' '));
  REQUIRE(constructs.size() == 5);
  CHECK(constructs[0].name == "url");
  CHECK(constructs[1].content == "if a");
  CHECK(constructs[3].kind == TemplateConstruct::Kind::variable);
  CHECK(constructs[4].kind == TemplateConstruct::Kind::comment);
}

TEST_CASE("template masking hides {% comment %} blocks whole, and leaves unclosed delimiters alone") {
  const auto [masked, constructs] = mask_template_syntax("a{% comment %}<b dj-x>{% endcomment %}c {{ open");
  const std::string block = "{% comment %}<b dj-x>{% endcomment %}";
  CHECK(masked == "a" + std::string(block.size(), ' ') + "c {{ open");
  CHECK(constructs.size() == 1);
}

TEST_CASE("template model: elements, attributes from the original text, parents, dynamic values") {
  const Template t(
      "<div dj-view=\"a.V\" dj-root>\n  <button dj-click=\"{{ h }}\" {% if x %}disabled{% endif "
      "%}>Go</button>\n</div>");
  REQUIRE(t.elements().size() == 2);
  const Element& div = t.elements()[0];
  const Element& button = t.elements()[1];
  CHECK(div.tag == "div");
  CHECK(div.attribute("dj-view")->value == "a.V");
  CHECK_FALSE(div.attribute("dj-root")->has_value);
  CHECK(button.parent == 0u);
  const Attribute* click = button.attribute("dj-click");
  REQUIRE(click);
  CHECK(click->value == "{{ h }}");
  CHECK(click->dynamic);
  CHECK(click->value_span.line == 2);
  CHECK(click->value_span.column == 21);
  CHECK(button.attribute("disabled"));
  CHECK(t.contains(div, button));
  CHECK_FALSE(t.has_generated_attributes(button));
}
