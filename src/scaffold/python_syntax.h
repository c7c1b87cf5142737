#pragma once
// The small pieces of Python syntax scaffolding accepts from its callers: identifiers, class
// names, parameter lists ("item_id:int=0, query:str") and expressions split at their top-level
// commas. Everything a caller gives ends up in generated source, so anything that is not plainly
// one of these is refused with a message that says what was expected.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace djust::scaffold {

// Input the caller can fix; the message says what was wrong and what is accepted.
class ScaffoldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool is_python_keyword(std::string_view word);

// An ASCII Python identifier that is not a keyword: `what` names it in the error ("handler name").
void require_identifier(std::string_view name, std::string_view what);

// A CamelCase class name: an identifier starting with an upper-case letter, no underscores.
void require_class_name(std::string_view name, std::string_view what);

// "ProductList" -> "product_list", "HTTPStatus" -> "http_status".
std::string snake_case(std::string_view camel);

// "product_list" -> "product-list".
std::string kebab_case(std::string_view snake);

// Splits `text` at commas outside brackets and string literals, trimming each part. Throws for
// unbalanced brackets or an unterminated string, naming `what`.
std::vector<std::string> split_top_level(std::string_view text, std::string_view what);

// One parameter of a handler or a component's mount().
struct Parameter {
  std::string name;
  std::string type;           // Python annotation, e.g. "int" or "list | None"
  std::string default_value;  // Python expression, e.g. "0" or "\"\""
};

// Parameter types djust converts browser values to (data-x:int and friends), with the default a
// parameter of that type gets when none is given.
const std::vector<std::string>& parameter_type_names();

// Parses "name", "name:type", "name=default" and "name:type=default", comma-separated. Types are
// those of parameter_type_names(); every parameter gets a default. `what` is "params" or "props".
std::vector<Parameter> parse_parameters(std::string_view text, std::string_view what);

// Refuses control characters (newlines included): a single-line value must stay one line of code.
void require_single_line(std::string_view text, std::string_view what);

}  // namespace djust::scaffold
