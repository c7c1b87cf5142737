#pragma once
// The handlers an attribute asks the server to call: dj-click="delete(3)" calls delete,
// dj-shortcut="ctrl+k:open_search:prevent, escape:close" calls open_search and close. Shared by
// the value-syntax rule and the view<->template links.

#include "lint/html/template.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace djust::lint::html {

struct HandlerCall {
  std::string name;
  std::uint32_t start_byte = 0;  // of the name in the template
  std::uint32_t end_byte = 0;
  // Inside a component's root (data-component-id) or an embedded view (data-djust-embedded): the
  // browser sends the event there, not to the page's view.
  bool in_component = false;
};

struct HandlerCalls {
  std::vector<HandlerCall> calls;
  // The value is template code or a JS Commands list: which handler runs is not written here.
  bool computed = false;
  // Why the value cannot name a handler, e.g. "empty value"; the calls read so far are kept.
  std::optional<std::string> problem;
};

// The directive (from knowledge) of an attribute that calls handlers, or nullptr.
const nlohmann::json* handler_directive(const Attribute& attribute);

HandlerCalls read_handler_calls(const Attribute& attribute, const nlohmann::json& directive);

// Every handler call in the template, in document order; `computed` is set when any value is.
HandlerCalls all_handler_calls(const Template& document);

}  // namespace djust::lint::html
