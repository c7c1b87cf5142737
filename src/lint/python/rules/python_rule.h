#pragma once
// The Python rules: each is a RuleDoc plus a check over the module model. The full list, in the
// order `djust-mcp rules` shows them, is python_rules().

#include "lint/python/model.h"
#include "lint/rule.h"

#include <vector>

namespace djust::lint::python {

struct PythonRule {
  RuleDoc doc;
  void (*check)(const Module& module, Reporter& reporter);
};

const std::vector<const PythonRule*>& python_rules();

// One accessor per rule file.
const PythonRule& missing_mount_rule();             // V002
const PythonRule& mount_signature_rule();           // V003
const PythonRule& missing_event_handler_rule();     // V004
const PythonRule& service_in_state_rule();          // V006
const PythonRule& handler_missing_kwargs_rule();    // V007
const PythonRule& mixin_order_rule();               // V010
const PythonRule& http_method_override_rule();      // V013
const PythonRule& mark_safe_interpolation_rule();   // S001
const PythonRule& csrf_exempt_unjustified_rule();   // S002
const PythonRule& bare_except_pass_rule();          // S003
const PythonRule& ungated_mutating_handler_rule();  // S009
const PythonRule& print_call_rule();                // Q001
const PythonRule& fstring_logging_rule();           // Q002
const PythonRule& sql_string_formatting_rule();     // X003
const PythonRule& component_mount_request_rule();   // DJ001
const PythonRule& handler_param_default_rule();     // DJ002
const PythonRule& public_queryset_rule();           // DJ003
const PythonRule& stream_to_await_rule();           // DJ004

}  // namespace djust::lint::python
