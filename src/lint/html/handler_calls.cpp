#include "lint/html/handler_calls.h"

#include "core/text.h"
#include "knowledge/knowledge.h"

#include <algorithm>
#include <cctype>

namespace djust::lint::html {
namespace {

// Offsets of `part` trimmed of blanks, within the value.
std::pair<std::size_t, std::size_t> trimmed(std::string_view value, std::size_t from, std::size_t to) {
  while (from < to && std::isspace(static_cast<unsigned char>(value[from]))) ++from;
  while (to > from && std::isspace(static_cast<unsigned char>(value[to - 1]))) --to;
  return {from, to};
}

class Reader {
 public:
  Reader(const Attribute& attribute, HandlerCalls& out) : attribute_(attribute), out_(out) {}

  void add(std::size_t from, std::size_t to) {
    out_.calls.push_back({attribute_.value.substr(from, to - from),
                          attribute_.value_start_byte + static_cast<std::uint32_t>(from),
                          attribute_.value_start_byte + static_cast<std::uint32_t>(to)});
  }
  void fail(std::string problem) {
    if (!out_.problem) out_.problem = std::move(problem);
  }

  // dj-click="select", dj-click="delete(3)": a name, then optionally literal arguments.
  void name_with_arguments(std::size_t from, std::size_t to, bool arguments_allowed) {
    const std::string_view value = attribute_.value;
    const std::size_t paren = value.find('(', from);
    if (paren == std::string_view::npos || paren >= to) {
      if (core::is_ascii_identifier(value.substr(from, to - from)))
        add(from, to);
      else
        fail("'" + std::string(value.substr(from, to - from)) + "' is not a handler name");
      return;
    }
    const auto [name_from, name_to] = trimmed(value, from, paren);
    if (!arguments_allowed) {
      fail(std::string(attribute_.name.substr(0, attribute_.name.find('.'))) +
           " takes only a handler name; its whole value is sent as the event name (pass arguments with dj-value-*)");
      return;
    }
    if (!core::is_ascii_identifier(value.substr(name_from, name_to - name_from))) {
      fail("'" + std::string(value.substr(name_from, name_to - name_from)) + "' is not a handler name");
      return;
    }
    if (value[to - 1] != ')') {
      fail("the arguments of '" + std::string(value.substr(name_from, name_to - name_from)) +
           "(...)' do not end with ')'");
      return;
    }
    add(name_from, name_to);
  }

  // dj-keydown="send.enter": a name, then optionally a key filter after a dot. The client splits
  // the value at the first dot and filters only on the keys it knows; any other word filters nothing.
  void name_with_key_filter(std::size_t from, std::size_t to, const std::vector<std::string>& filters) {
    const std::string_view value = attribute_.value;
    const std::size_t dot = value.find('.', from);
    if (dot == std::string_view::npos || dot >= to) {
      name_with_arguments(from, to, false);
      return;
    }
    const auto [name_from, name_to] = trimmed(value, from, dot);
    if (value.substr(name_from, name_to - name_from).find('(') != std::string_view::npos) {
      fail(std::string(attribute_.name) +
           " takes a handler name and optionally a key filter, no arguments (pass them with "
           "dj-value-*)");
      return;
    }
    name_with_arguments(name_from, name_to, false);
    const std::string filter(value.substr(dot, to - dot));
    if (std::find(filters.begin(), filters.end(), filter) == filters.end())
      fail("'" + filter + "' is not a key filter djust knows (" + core::join(filters, ", ") +
           "), so the handler runs for every key");
  }

  // dj-shortcut="ctrl+k:open_search:prevent, escape:close_dialog"
  void shortcut_bindings() {
    const std::string_view value = attribute_.value;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string_view::npos) comma = value.size();
      const auto [from, to] = trimmed(value, start, comma);
      start = comma + 1;
      if (from == to) continue;
      const std::string_view binding = value.substr(from, to - from);
      const std::size_t first = binding.find(':');
      if (first == std::string_view::npos || first == 0) {
        fail("shortcut '" + std::string(binding) + "' is not key:handler");
        continue;
      }
      const std::size_t second = binding.find(':', first + 1);
      const std::size_t handler_to = second == std::string_view::npos ? binding.size() : second;
      if (second != std::string_view::npos && binding.substr(second + 1) != "prevent") {
        fail("shortcut '" + std::string(binding) + "' may only end with ':prevent'");
        continue;
      }
      const auto [name_from, name_to] = trimmed(value, from + first + 1, from + handler_to);
      if (!core::is_ascii_identifier(value.substr(name_from, name_to - name_from))) {
        fail("shortcut '" + std::string(binding) + "' does not name a handler");
        continue;
      }
      add(name_from, name_to);
    }
  }

 private:
  const Attribute& attribute_;
  HandlerCalls& out_;
};

}  // namespace

const nlohmann::json* handler_directive(const Attribute& attribute) {
  if (!attribute.name.starts_with("dj-")) return nullptr;
  const nlohmann::json* directive = knowledge::find_directive(attribute.name);
  return directive && directive->value("calls_handler", false) ? directive : nullptr;
}

HandlerCalls read_handler_calls(const Attribute& attribute, const nlohmann::json& directive) {
  HandlerCalls out;
  Reader reader(attribute, out);
  const std::string kind = directive.value("value_kind", "");
  if (attribute.dynamic) {
    // delete({{ item.id }}): template code only in the arguments still names the handler.
    const std::size_t code = std::min(attribute.value.find("{{"), attribute.value.find("{%"));
    const std::size_t paren = attribute.value.find('(');
    if (kind == "handler_call" && paren < code) {
      const auto [from, to] = trimmed(attribute.value, 0, paren);
      if (core::is_ascii_identifier(std::string_view(attribute.value).substr(from, to - from))) reader.add(from, to);
    } else {
      out.computed = true;
    }
    return out;
  }
  const auto [from, to] = trimmed(attribute.value, 0, attribute.value.size());
  if (from == to) {
    reader.fail(attribute.name + " has no value: name the handler to call");
    return out;
  }
  if (attribute.value[from] == '[') {  // a JS Commands list runs in the browser
    out.computed = true;
    return out;
  }
  if (kind == "expression")
    reader.shortcut_bindings();
  else if (kind == "handler_key")
    reader.name_with_key_filter(from, to, knowledge::key_filters_of(directive.at("name").get<std::string>()));
  else
    reader.name_with_arguments(from, to, kind == "handler_call");
  return out;
}

namespace {

bool routes_elsewhere(const Template& document, const Element& element) {
  for (const Element* e = &element;; e = &document.elements()[*e->parent]) {
    if (e->attribute("data-component-id") || e->attribute("dj-component") || e->attribute("data-djust-embedded"))
      return true;
    if (!e->parent) return false;
  }
}

}  // namespace

HandlerCalls all_handler_calls(const Template& document) {
  HandlerCalls all;
  for (const auto& element : document.elements()) {
    for (const auto& attribute : element.attributes) {
      const nlohmann::json* directive = handler_directive(attribute);
      if (!directive) continue;
      HandlerCalls one = read_handler_calls(attribute, *directive);
      if (routes_elsewhere(document, element))
        for (auto& call : one.calls) call.in_component = true;
      all.computed = all.computed || one.computed;
      all.calls.insert(all.calls.end(), one.calls.begin(), one.calls.end());
    }
  }
  return all;
}

}  // namespace djust::lint::html
