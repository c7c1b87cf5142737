// DJ103: a directive value djust cannot use: no handler name, a name djust refuses, a value outside
// the directive's set, a bad number, an unknown dj-model modifier or dj-value type.
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/html/handler_calls.h"
#include "lint/html/rules/template_rule.h"

#include <algorithm>
#include <cctype>

namespace djust::lint::html {
namespace {

using nlohmann::json;

// djust refuses event names that are not lowercase identifiers (security/event_guard.py). It once also
// refused framework method names; 0.2.1 dropped that list for the @event_handler allowlist, which
// DJ105 checks.
bool is_lowercase_name(std::string_view name) {
  return !name.empty() && name.front() >= 'a' && name.front() <= 'z' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

std::optional<std::string> refused_event_name(const std::string& name) {
  if (!is_lowercase_name(name)) return "djust only accepts lowercase event names ([a-z][a-z0-9_]*)";
  return std::nullopt;
}

std::vector<std::string> value_types() {
  std::vector<std::string> types;
  for (const auto& t : knowledge::schema_section("data_attributes").at("types")) {
    types.push_back(t.at("suffix").get<std::string>().substr(1));
    for (const auto& alias : t.value("aliases", json::array())) types.push_back(alias.get<std::string>().substr(1));
  }
  return types;
}

bool is_milliseconds(std::string_view value) {
  return !value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos;
}

// .lazy, .debounce or .debounce-N
bool is_model_modifier(std::string_view modifier) {
  if (modifier == "lazy" || modifier == "debounce") return true;
  constexpr std::string_view prefix = "debounce-";
  return modifier.starts_with(prefix) && is_milliseconds(modifier.substr(prefix.size()));
}

void check_handlers(const Template& document, const Attribute& a, const json& directive, Reporter& reporter) {
  const HandlerCalls calls = read_handler_calls(a, directive);
  if (calls.problem) reporter.report(a.has_value ? a.value_span : a.name_span, *calls.problem);
  for (const auto& call : calls.calls)
    if (auto refused = refused_event_name(call.name))
      reporter.report(document.span_of(call.start_byte, call.end_byte), *refused);
}

void check_value(const Element& element, const Attribute& a, const json& directive, const Template& document,
                 Reporter& reporter) {
  const std::string base = a.name.substr(0, a.name.find('.'));
  const std::string kind = directive.value("value_kind", "");
  // djust skips an ignored subtree by its position in the tree (the server splices the old
  // children back in, the client's morph leaves it alone), so only the other modes need an id.
  const bool ignored = !a.dynamic && a.value == "ignore";  // both compare the value exactly
  if (base == "dj-update" && !ignored && !element.attribute("id") && !document.has_generated_attributes(element))
    reporter.report(a.name_span, "dj-update needs an id on the same element: djust matches its children by it");
  if (a.dynamic) return;
  const std::string value(core::trim(a.value));
  if (kind == "enum" && !value.empty()) {
    std::vector<std::string> allowed = directive.at("allowed_values").get<std::vector<std::string>>();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      reporter.report(a.value_span, a.name + "=\"" + value + "\" is not one of " + core::join(allowed, ", "));
  } else if (kind == "milliseconds" && a.has_value) {
    // dj-debounce also takes the word blur (send when the field loses focus).
    if (!is_milliseconds(value) && !(base == "dj-debounce" && value == "blur"))
      reporter.report(a.value_span, a.name + "=\"" + value + "\" is not a number of milliseconds" +
                                        (base == "dj-debounce" ? " or blur" : ""));
  } else if (kind == "json" && !value.empty()) {
    const json parsed = json::parse(value, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
      reporter.report(a.value_span, a.name + " must be a JSON object literal");
  }
}

void check_modifiers(const Attribute& a, Reporter& reporter) {
  if (!a.name.starts_with("dj-model.")) return;
  for (std::size_t dot = a.name.find('.'); dot != std::string::npos;) {
    const std::size_t next = a.name.find('.', dot + 1);
    const std::string modifier = a.name.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
    if (!is_model_modifier(modifier))
      reporter.report(a.name_span,
                      "unknown dj-model modifier '." + modifier + "' (known: .lazy, .debounce, .debounce-N)");
    dot = next;
  }
}

void check_value_type(const Attribute& a, Reporter& reporter) {
  if (!a.name.starts_with("dj-value-")) return;
  const std::size_t colon = a.name.find(':');
  if (colon == std::string::npos) return;
  static const std::vector<std::string> types = value_types();
  const std::string type = a.name.substr(colon + 1);
  if (std::find(types.begin(), types.end(), type) != types.end()) return;
  std::string message = "unknown type ':" + type + "' (known: :" + core::join(types, ", :") + ")";
  if (auto guess = core::closest_match(type, types)) message += "; did you mean ':" + *guess + "'?";
  reporter.report(a.name_span, message);
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    for (const auto& a : element.attributes) {
      if (!a.name.starts_with("dj-")) continue;
      const json* directive = knowledge::find_directive(a.name);
      if (!directive) continue;  // DJ101 reports it
      if (directive->value("calls_handler", false))
        check_handlers(document, a, *directive, reporter);
      else
        check_value(element, a, *directive, document, reporter);
      check_modifiers(a, reporter);
      check_value_type(a, reporter);
    }
  }
}

}  // namespace

const TemplateRule& directive_value_rule() {
  static const TemplateRule rule{
      {.id = "DJ103",
       .name = "directive-value",
       .severity = Severity::error,
       .category = "templates",
       .default_enabled = true,
       .summary = "Directive value djust cannot use",
       .explanation =
           "Each directive reads its value in one way, and anything else is ignored or refused at run time: an "
           "event directive needs a handler name (dj-click and a few others also take literal arguments, "
           "delete(3); dj-keydown and dj-keyup take a key filter after a dot, send.enter, with enter, escape or "
           "space; dj-submit and the rest send the whole value as the name), and djust refuses "
           "event names that are not lowercase identifiers. dj-update takes append, prepend, replace or ignore and, "
           "except for ignore (skipped by position), needs an id on the element; dj-debounce takes milliseconds or "
           "blur; dj-model's modifiers are .lazy and .debounce-N; "
           "dj-value-x:type takes the types of data-* arguments (int, float, bool, json, list and their "
           "aliases); dj-params takes a JSON object. Values written with template code are not judged.",
       .bad_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <ul dj-update="appendd">...</ul>
  <label>Title <input dj-model.lazzy="title"></label>
  <button dj-submit="save()">Save</button>
</div>
)html",
       .good_example = R"html(<div dj-view="shop.views.CartView" dj-root>
  <ul id="messages" dj-update="append">...</ul>
  <label>Title <input dj-model.lazy="title"></label>
</div>
)html",
       .fix_hint = "Write the value the directive expects (djust-mcp call get_template_directives name=DIRECTIVE)."},
      check};
  return rule;
}

}  // namespace djust::lint::html
