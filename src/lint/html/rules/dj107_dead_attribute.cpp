// DJ107: a dj-* attribute djust's client never acts on, although its directive exists: a key filter
// or modifier on the name of a directive that reads none there (dj-keydown.enter, dj-click.prevent),
// or a directive djust documents but its client ignores (dj-upload-progress).
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/html/rules/template_rule.h"

#include <algorithm>
#include <cctype>

namespace djust::lint::html {
namespace {

using nlohmann::json;

bool is_handler_name(std::string_view s) {
  return !s.empty() && std::islower(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '_'; });
}

// dj-keydown.enter="send" -> dj-keydown="send.enter", when that is all the element says about the
// directive (a second dj-keydown attribute would make the element carry two).
std::optional<Fix> move_key_to_value(const Element& element, const Attribute& a, const std::string& directive,
                                     const std::string& filter) {
  const std::string value(core::trim(a.value));
  if (!a.has_value || a.dynamic || !is_handler_name(value)) return std::nullopt;
  const auto same_directive = [&](const Attribute& other) {
    return &other != &a && core::to_lower(other.name.substr(0, other.name.find('.'))) == directive;
  };
  if (std::any_of(element.attributes.begin(), element.attributes.end(), same_directive)) return std::nullopt;
  const std::uint32_t value_end = a.value_start_byte + static_cast<std::uint32_t>(a.value.find(value) + value.size());
  return Fix{"moved the key filter of " + a.name + " into its value",
             {Edit{a.start_byte, a.start_byte + static_cast<std::uint32_t>(a.name.size()), directive},
              Edit{value_end, value_end, filter}}};
}

void check_attribute(const Element& element, const Attribute& a, const json& directive, Reporter& reporter) {
  const std::string name = directive.at("name");
  if (const auto inert = directive.find("inert"); inert != directive.end()) {
    reporter.report(a.name_span, name + " does nothing: " + inert->at("reason").get<std::string>() + "; use " +
                                     inert->at("use_instead").get<std::string>());
    return;
  }
  // Exact names (dj-loading.disable), families (dj-window-keydown.escape) and directives that read
  // modifiers on their name (dj-model.lazy, checked by DJ103) are what the client matches.
  const std::size_t dot = a.name.find('.');
  if (dot == std::string::npos || core::to_lower(a.name) == name || directive.at("pattern").get<bool>() ||
      !directive.at("modifiers").empty())
    return;
  const std::string suffix = core::to_lower(a.name.substr(dot));
  const std::string never = a.name + " is never matched by djust's client, so nothing happens";
  const std::vector<std::string> filters = knowledge::key_filters_of(name);
  if (filters.empty()) {
    reporter.report(a.name_span, never + " (" + name + " reads nothing after a dot in its name); write " + name);
    return;
  }
  if (std::find(filters.begin(), filters.end(), suffix) == filters.end()) {
    reporter.report(a.name_span, never + "; " + name + " filters only " + core::join(filters, ", ") +
                                     " (in its value), so write " + name + " and test the key argument in the handler");
    return;
  }
  const std::string value(core::trim(a.value));
  const std::string handler = a.has_value && !a.dynamic && is_handler_name(value) ? value : "handler";
  reporter.report(a.name_span, never + "; put the key in the value: " + name + "=\"" + handler + suffix + "\"",
                  move_key_to_value(element, a, name, suffix));
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      if (!a.name.starts_with("dj-")) continue;
      if (const json* directive = knowledge::find_directive(a.name)) check_attribute(element, a, *directive, reporter);
    }
  }
}

}  // namespace

const TemplateRule& dead_attribute_rule() {
  static const TemplateRule rule{
      {.id = "DJ107",
       .name = "dead-attribute",
       .severity = Severity::error,
       .category = "templates",
       .default_enabled = true,
       .summary = "dj-* attribute the djust client never acts on",
       .explanation =
           "djust's client looks attributes up by their exact names. A key filter written on the name of dj-keydown "
           "or dj-keyup (dj-keydown.enter=\"send\") makes an attribute it never looks for, so the field does nothing: "
           "on those two the key goes at the end of the value (dj-keydown=\"send.enter\"); key suffixes on the name "
           "work only on dj-window-* and dj-document-*. The same holds for a dot on any directive that reads no "
           "modifiers there (dj-click.prevent, dj-input.debounce-200), and for a documented directive the client "
           "ignores (dj-upload-progress).",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <label>Message <input name="message" dj-keydown.enter="send"></label>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <label>Message <input name="message" dj-keydown="send.enter"></label>
</div>
)html",
       .fix_hint = "Write the directive the way the client reads it (see get_template_directives).",
       .fixable = true},
      check};
  return rule;
}

}  // namespace djust::lint::html
