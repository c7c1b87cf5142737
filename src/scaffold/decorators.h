#pragma once
// Decorators for a generated event handler: parsed as Python expressions (so
// `rate_limit(rate=5, burst=3)` stays whole), checked against djust's decorator list from the
// embedded data, and stacked in an order that works.

#include <string>
#include <string_view>
#include <vector>

namespace djust::scaffold {

struct Decorator {
  std::string name;        // "rate_limit"
  std::string expression;  // "rate_limit(rate=5, burst=3)", written after '@'
  std::string note;        // for a decorator djust records but never acts on: what to use instead
};

// The djust decorators that may sit on a handler method, in the data's order.
const std::vector<std::string>& handler_decorator_names();

// Parses a comma-separated list ("@rate_limit(rate=5, burst=3), debounce"), checks each against
// djust's decorators (name, arguments, combinations) and returns them top to bottom. A list
// without @event_handler, @action or @server_function gets @event_handler: a handler the
// browser cannot call is no handler. Throws ScaffoldError listing the valid names.
std::vector<Decorator> parse_decorators(std::string_view text);

}  // namespace djust::scaffold
