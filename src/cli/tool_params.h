#pragma once
// A tool's parameters read from its input schema, as people see them: in `describe`, in
// completion of key= words (REPL and shells) and in the man page.

#include "registry/descriptors.h"

#include <string>
#include <vector>

namespace djust::cli {

struct ToolParam {
  std::string name;
  std::string type;  // "string", "integer", "array of string", "object or array", "any"
  bool required = false;
  std::string default_value;         // as JSON ("false", "\"INFO\""); empty when there is none
  std::vector<std::string> choices;  // enum values (strings bare), or true/false for a boolean
  std::string range;                 // "1..500", ">= 0" for numbers; empty otherwise
  std::string description;
};

// Required parameters first, then the others, each group by name.
std::vector<ToolParam> tool_params(const registry::Tool& tool);

// The allowed values in one phrase: "a, b, c", "1..500", or "" when anything of the type goes.
std::string allowed_values(const ToolParam& param);

}  // namespace djust::cli
