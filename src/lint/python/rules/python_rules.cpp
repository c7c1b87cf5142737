#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {

const std::vector<const PythonRule*>& python_rules() {
  static const std::vector<const PythonRule*> rules = {
      &missing_mount_rule(),
      &mount_signature_rule(),
      &missing_event_handler_rule(),
      &service_in_state_rule(),
      &handler_missing_kwargs_rule(),
      &mixin_order_rule(),
      &http_method_override_rule(),
      &mark_safe_interpolation_rule(),
      &csrf_exempt_unjustified_rule(),
      &bare_except_pass_rule(),
      &ungated_mutating_handler_rule(),
      &print_call_rule(),
      &fstring_logging_rule(),
      &sql_string_formatting_rule(),
      &component_mount_request_rule(),
      &handler_param_default_rule(),
      &public_queryset_rule(),
      &stream_to_await_rule(),
  };
  return rules;
}

}  // namespace djust::lint::python
