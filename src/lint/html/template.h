#pragma once
// A Django/djust template as rules see it. Template syntax ({% %}, {{ }}, {# #}) may appear
// anywhere, even between attributes, so it is masked out (same length, newlines kept) before
// tree-sitter-html parses the markup: every position in the model is a position in the original
// file, and attribute values are read back from the original text.

#include "lint/finding.h"

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace djust::lint::html {

// One {% tag %}, {{ variable }} or {# comment #}.
struct TemplateConstruct {
  enum class Kind { tag, variable, comment };
  Kind kind;
  std::string name;     // for tags, the first word ("csrf_token", "if", "include")
  std::string content;  // between the delimiters, trimmed
  std::uint32_t start_byte;
  std::uint32_t end_byte;
  Span span;
};

struct Attribute {
  std::string name;   // as written (case kept: dj-* names are case-sensitive to djust)
  std::string value;  // original text between the quotes, template code included
  bool has_value = false;
  bool dynamic = false;  // the value contains template code
  Span name_span;
  Span value_span;  // the value without quotes (equals name_span when there is no value)
  std::uint32_t value_start_byte = 0;
  std::uint32_t start_byte = 0;
  std::uint32_t end_byte = 0;
};

struct Element {
  std::string tag;  // lowercase
  std::vector<Attribute> attributes;
  std::optional<std::size_t> parent;  // index into Template::elements()
  std::uint32_t start_byte = 0;
  std::uint32_t end_byte = 0;
  std::uint32_t start_tag_end_byte = 0;
  std::uint32_t content_end_byte = 0;  // where the end tag starts (end_byte when there is none)
  Span span;                           // the whole element
  Span tag_span;                       // the start tag's name
  std::string text;                    // raw text of <script>/<style> elements

  const Attribute* attribute(std::string_view name) const;
};

class Template {
 public:
  explicit Template(std::string source);
  Template(Template&&) = default;

  const std::string& source() const { return source_; }
  const std::vector<Element>& elements() const { return elements_; }
  const std::vector<TemplateConstruct>& constructs() const { return constructs_; }
  // How deep elements nest; for a file with too many open elements to parse safely, that bound
  // instead (nothing else is filled in then).
  std::uint32_t depth() const { return depth_; }

  Span span_of(std::uint32_t start_byte, std::uint32_t end_byte) const;
  // Does element `inner` lie inside element `outer` (or is it)?
  bool contains(const Element& outer, const Element& inner) const;
  // A {% tag %} of this name inside the element.
  bool has_tag_inside(const Element& element, std::string_view tag_name) const;
  // Template code in the start tag outside attribute values that may write attributes the model
  // cannot see (`<img {{ attrs }}>`, a custom tag); {% if %} and friends do not count.
  bool has_generated_attributes(const Element& element) const;

 private:
  std::string source_;
  std::vector<std::uint32_t> line_starts_;
  std::vector<Element> elements_;
  std::vector<TemplateConstruct> constructs_;
  std::uint32_t depth_ = 0;
};

// The masked text tree-sitter-html parses, and the constructs found; exposed for tests.
std::pair<std::string, std::vector<TemplateConstruct>> mask_template_syntax(std::string_view source);

}  // namespace djust::lint::html
