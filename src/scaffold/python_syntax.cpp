#include "scaffold/python_syntax.h"

#include "core/linear_regex.h"
#include "core/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace djust::scaffold {
namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// A Python string literal for `value`, double-quoted as black writes them.
std::string string_literal(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The text between matching quotes, when `text` is exactly one simple quoted literal.
std::optional<std::string> unquote(std::string_view text) {
  if (text.size() < 2 || (text.front() != '"' && text.front() != '\'') || text.back() != text.front())
    return std::nullopt;
  const std::string_view inner = text.substr(1, text.size() - 2);
  if (inner.find(text.front()) != std::string_view::npos || inner.find('\\') != std::string_view::npos)
    return std::nullopt;
  return std::string(inner);
}

struct TypeRule {
  std::string_view name;
  std::string_view annotation;
  std::string_view default_value;
  std::string_view literal_pattern;  // what an explicit default must look like; empty: a string
};

const std::array<TypeRule, 6>& type_rules() {
  static const std::array<TypeRule, 6> rules = {{
      {"str", "str", "\"\"", ""},
      {"int", "int", "0", R"(-?\d+)"},
      {"float", "float", "0.0", R"(-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)"},
      {"bool", "bool", "False", R"(True|False)"},
      // Containers default to None: a mutable default would be shared by every call.
      {"list", "list | None", "None", R"(None)"},
      {"dict", "dict | None", "None", R"(None)"},
  }};
  return rules;
}

bool is_literal_of(const TypeRule& type, std::string_view value) {
  return core::LinearRegex(type.literal_pattern).full_match(value);
}

const TypeRule* find_type(std::string_view name) {
  for (const auto& rule : type_rules())
    if (rule.name == name) return &rule;
  return nullptr;
}

// The type a bare default implies: 3 -> int, 2.5 -> float, True -> bool, anything else a string.
const TypeRule& type_of_default(std::string_view value) {
  for (const auto& rule : type_rules()) {
    if (!rule.literal_pattern.empty() && rule.name != "list" && rule.name != "dict" && is_literal_of(rule, value))
      return rule;
  }
  return type_rules().front();
}

std::string default_for(const TypeRule& type, const std::string& name, std::string_view value) {
  if (type.literal_pattern.empty()) {
    // A string: quoted or not, it is re-quoted by us so nothing in it can end the literal.
    if (auto inner = unquote(value)) return string_literal(*inner);
    if (value.front() == '"' || value.front() == '\'')
      throw ScaffoldError("The default of '" + name + "' (" + std::string(value) +
                          ") is not a simple quoted string; write it without quotes or escapes.");
    return string_literal(value);
  }
  if (!is_literal_of(type, value))
    throw ScaffoldError("The default of '" + name + ":" + std::string(type.name) + "' must be a literal matching " +
                        std::string(type.literal_pattern) + ", not '" + std::string(value) + "'.");
  return std::string(value);
}

Parameter parse_parameter(const std::string& spec, std::string_view what) {
  std::string head = spec;
  std::optional<std::string> value;
  if (auto eq = spec.find('='); eq != std::string::npos) {
    head = core::trim(std::string_view(spec).substr(0, eq));
    value = core::trim(std::string_view(spec).substr(eq + 1));
    if (value->empty()) throw ScaffoldError("Empty default in " + std::string(what) + " entry '" + spec + "'.");
  }
  std::string name = head;
  std::optional<std::string> type_name;
  if (auto colon = head.find(':'); colon != std::string::npos) {
    name = core::trim(std::string_view(head).substr(0, colon));
    type_name = core::trim(std::string_view(head).substr(colon + 1));
  }
  require_identifier(name, std::string(what) + " name");
  if (name == "self" || name == "request" || name == "kwargs")
    throw ScaffoldError("'" + name + "' cannot be one of the " + std::string(what) +
                        ": the generated signature has it.");
  const TypeRule* type = nullptr;
  if (type_name) {
    type = find_type(*type_name);
    if (!type)
      throw ScaffoldError(core::unknown_value_message("type", *type_name, parameter_type_names()) + " (in the entry '" +
                          spec + "' of " + std::string(what) + ")");
  } else {
    type = value ? &type_of_default(*value) : &type_rules().front();
  }
  return {name, std::string(type->annotation),
          value ? default_for(*type, name, *value) : std::string(type->default_value)};
}

}  // namespace

bool is_python_keyword(std::string_view word) {
  static const std::array<std::string_view, 38> keywords = {
      "False",    "None",   "True",  "and",  "as",     "assert",   "async",   "await", "break", "class",
      "continue", "def",    "del",   "elif", "else",   "except",   "finally", "for",   "from",  "global",
      "if",       "import", "in",    "is",   "lambda", "nonlocal", "not",     "or",    "pass",  "raise",
      "return",   "try",    "while", "with", "yield",  "match",    "case",    "type"};
  // match, case and type are soft keywords: legal names, but confusing ones for generated code.
  return std::find(keywords.begin(), keywords.end(), word) != keywords.end();
}

void require_single_line(std::string_view text, std::string_view what) {
  if (std::any_of(text.begin(), text.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); }))
    throw ScaffoldError("The " + std::string(what) + " must be one line without control characters.");
}

void require_identifier(std::string_view name, std::string_view what) {
  const std::string shown = quoted(name);
  if (name.empty()) throw ScaffoldError("The " + std::string(what) + " is empty: give a Python identifier.");
  if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos ||
      name.find("..") != std::string_view::npos)
    throw ScaffoldError("The " + std::string(what) + " " + shown +
                        " looks like a path; give a Python identifier (letters, digits and _), not a path.");
  if (!core::is_ascii_identifier(name))
    throw ScaffoldError("The " + std::string(what) + " " + shown +
                        " is not a Python identifier: use ASCII letters, digits and _, not starting with a digit.");
  if (is_python_keyword(name))
    throw ScaffoldError("The " + std::string(what) + " " + shown + " is a Python keyword; choose another name.");
}

void require_class_name(std::string_view name, std::string_view what) {
  require_identifier(name, what);
  if (!std::isupper(static_cast<unsigned char>(name.front())) || name.find('_') != std::string_view::npos)
    throw ScaffoldError("The " + std::string(what) + " " + quoted(name) +
                        " must be a CamelCase class name (e.g. ProductList): an upper-case first letter, no _.");
}

std::string snake_case(std::string_view camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    const char c = camel[i];
    const bool upper = std::isupper(static_cast<unsigned char>(c));
    if (upper && i > 0) {
      const bool after_lower = !std::isupper(static_cast<unsigned char>(camel[i - 1]));
      const bool ends_acronym = i + 1 < camel.size() && std::islower(static_cast<unsigned char>(camel[i + 1]));
      if (after_lower || ends_acronym) out += '_';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string kebab_case(std::string_view snake) {
  std::string out(snake);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

std::vector<std::string> split_top_level(std::string_view text, std::string_view what) {
  std::vector<std::string> parts;
  std::string closers;  // the brackets still open, innermost last
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      closers += c == '(' ? ')' : c == '[' ? ']' : '}';
    } else if (c == ')' || c == ']' || c == '}') {
      if (closers.empty() || closers.back() != c)
        throw ScaffoldError("Unbalanced '" + std::string(1, c) + "' in " + std::string(what) + ": " + quoted(text));
      closers.pop_back();
    } else if (c == ',' && closers.empty()) {
      parts.emplace_back(core::trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (quote) throw ScaffoldError("Unterminated string in " + std::string(what) + ": " + quoted(text));
  if (!closers.empty())
    throw ScaffoldError("Missing '" + std::string(1, closers.back()) + "' in " + std::string(what) + ": " +
                        quoted(text));
  parts.emplace_back(core::trim(text.substr(start)));
  std::erase_if(parts, [](const std::string& part) { return part.empty(); });
  return parts;
}

const std::vector<std::string>& parameter_type_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& rule : type_rules()) out.emplace_back(rule.name);
    return out;
  }();
  return names;
}

std::vector<Parameter> parse_parameters(std::string_view text, std::string_view what) {
  require_single_line(text, what);
  std::vector<Parameter> parameters;
  for (const auto& spec : split_top_level(text, what)) {
    Parameter parameter = parse_parameter(spec, what);
    const bool repeated =
        std::any_of(parameters.begin(), parameters.end(), [&](const Parameter& p) { return p.name == parameter.name; });
    if (repeated) throw ScaffoldError("'" + parameter.name + "' appears twice in " + std::string(what) + ".");
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

}  // namespace djust::scaffold
