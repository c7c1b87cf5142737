#include "scaffold/decorators.h"

#include "core/embedded.h"
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "scaffold/python_syntax.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace djust::scaffold {
namespace {

// What the data says about one decorator that matters for writing it.
struct DecoratorSpec {
  std::string name;
  std::string usage;  // "bare", "called" or "bare_or_called"
  std::vector<std::string> parameters;
  std::vector<std::string> required;  // parameters without a default
  std::string inert_note;             // set when djust 1.1's client ignores it (the data's `inert`)
};

const std::vector<DecoratorSpec>& handler_decorators() {
  static const std::vector<DecoratorSpec> specs = [] {
    const auto text = core::embedded_file("data/schema/decorators.json");
    if (!text) throw std::logic_error("data/schema/decorators.json is not embedded");
    const auto data = nlohmann::json::parse(*text);
    std::vector<DecoratorSpec> out;
    for (const auto& d : data.at("decorators")) {
      // Class attributes, properties and module-level hooks are not for handler methods; a
      // deprecated alias (@event) is never generated.
      if (d.at("applies_to") != "method" || d.contains("deprecated")) continue;
      DecoratorSpec spec{d.at("name"), d.at("usage"), {}, {}, {}};
      if (d.contains("inert"))
        spec.inert_note =
            "@" + spec.name + " has no effect in djust " + knowledge::djust_version() +
            ": nothing in its client reads it. Instead: " + d.at("inert").at("use_instead").get<std::string>() + ".";
      for (const auto& p : d.value("params", nlohmann::json::array())) {
        spec.parameters.push_back(p.at("name"));
        if (!p.contains("default") || p.at("default").is_null()) spec.required.push_back(p.at("name"));
      }
      out.push_back(std::move(spec));
    }
    return out;
  }();
  return specs;
}

// Top-to-bottom position in the stack, after djust's own examples and the data's "combine"
// notes: @server_function outermost; @rate_limit and @permission_required above the handler
// marker; @debounce / @throttle below it, and @background lowest.
int stack_rank(std::string_view name) {
  static const std::map<std::string, int, std::less<>> ranks = {
      {"server_function", 0}, {"rate_limit", 1}, {"permission_required", 2}, {"event_handler", 3},
      {"action", 3},          {"optimistic", 4}, {"client_state", 4},        {"cache", 4},
      {"debounce", 5},        {"throttle", 5},   {"background", 6}};
  const auto it = ranks.find(name);
  return it == ranks.end() ? 4 : it->second;
}

// Pairs djust refuses, or that contradict each other, with the reason.
struct Conflict {
  std::string_view first;
  std::string_view second;
  std::string_view reason;
};

constexpr Conflict kConflicts[] = {
    {"event_handler", "server_function", "djust raises TypeError when a method is both"},
    {"action", "server_function", "djust raises TypeError when a method is both"},
    {"action", "event_handler", "@action already makes the method an event handler"},
    {"debounce", "throttle", "a handler is either debounced or throttled, not both"},
};

// The name of a keyword argument (`limit=3`, not `a == b`), or nullopt for a positional one.
std::optional<std::string> keyword_of(std::string_view argument) {
  const std::size_t equals = argument.find('=');
  if (equals == std::string_view::npos || equals + 1 >= argument.size() || argument[equals + 1] == '=')
    return std::nullopt;
  std::string_view name = argument.substr(0, equals);
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
  if (!core::is_ascii_identifier(name)) return std::nullopt;
  return std::string(name);
}

Decorator parse_one(const std::string& text) {
  std::string expression = text.starts_with('@') ? text.substr(1) : text;
  const auto open = expression.find('(');
  std::string name = expression.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (auto dot = name.rfind('.'); dot != std::string::npos && name.substr(0, dot) == "djust.decorators")
    name.erase(0, dot + 1);
  const auto& specs = handler_decorators();
  const auto spec = std::find_if(specs.begin(), specs.end(), [&](const DecoratorSpec& s) { return s.name == name; });
  if (spec == specs.end())
    throw ScaffoldError(core::unknown_value_message("decorator", name, handler_decorator_names()) +
                        " (decorators for handler methods, from djust.decorators)");

  if (open == std::string::npos) {
    if (spec->usage == "called") {
      if (!spec->required.empty())
        throw ScaffoldError("@" + name + " needs arguments: " + name + "(" + core::join(spec->required, ", ") + ").");
      return {name, name + "()", spec->inert_note};  // djust requires the parentheses even without arguments
    }
    return {name, name, spec->inert_note};
  }
  if (expression.back() != ')') throw ScaffoldError("Decorator '" + text + "' has text after its closing parenthesis.");
  if (spec->usage == "bare") throw ScaffoldError("@" + name + " takes no arguments: write @" + name + ".");
  const std::string inside = expression.substr(open + 1, expression.size() - open - 2);
  const auto arguments = split_top_level(inside, "the arguments of @" + name);
  for (const auto& argument : arguments) {
    const auto keyword = keyword_of(argument);
    if (!keyword) continue;  // positional: Python checks it
    if (std::find(spec->parameters.begin(), spec->parameters.end(), *keyword) == spec->parameters.end())
      throw ScaffoldError("@" + name + " has no parameter '" + *keyword + "'; it takes " +
                          core::join(spec->parameters, ", ") + ".");
  }
  if (arguments.empty() && !spec->required.empty())
    throw ScaffoldError("@" + name + " needs arguments: " + name + "(" + core::join(spec->required, ", ") + ").");
  return {name, name + "(" + core::join(arguments, ", ") + ")", spec->inert_note};
}

}  // namespace

const std::vector<std::string>& handler_decorator_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& spec : handler_decorators()) out.push_back(spec.name);
    return out;
  }();
  return names;
}

std::vector<Decorator> parse_decorators(std::string_view text) {
  require_single_line(text, "decorators");
  std::vector<Decorator> decorators;
  for (const auto& part : split_top_level(text, "decorators")) {
    Decorator decorator = parse_one(part);
    const bool repeated =
        std::any_of(decorators.begin(), decorators.end(), [&](const Decorator& d) { return d.name == decorator.name; });
    if (repeated) throw ScaffoldError("@" + decorator.name + " is listed twice.");
    decorators.push_back(std::move(decorator));
  }
  auto has = [&](std::string_view name) {
    return std::any_of(decorators.begin(), decorators.end(), [&](const Decorator& d) { return d.name == name; });
  };
  for (const auto& conflict : kConflicts) {
    if (has(conflict.first) && has(conflict.second))
      throw ScaffoldError("@" + std::string(conflict.first) + " and @" + std::string(conflict.second) +
                          " cannot be combined: " + std::string(conflict.reason) + ".");
  }
  if (!has("event_handler") && !has("action") && !has("server_function"))
    decorators.push_back({"event_handler", "event_handler", ""});
  std::stable_sort(decorators.begin(), decorators.end(),
                   [](const Decorator& a, const Decorator& b) { return stack_rank(a.name) < stack_rank(b.name); });
  return decorators;
}

}  // namespace djust::scaffold
