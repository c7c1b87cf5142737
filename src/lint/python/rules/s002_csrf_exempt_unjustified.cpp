// S002: csrf_exempt without a comment saying why is a security hole nobody reviewed.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <set>

namespace djust::lint::python {
namespace {

bool is_csrf_exempt(const Module& module, TSNode expression) {
  const std::string text(module.text(expression));
  const std::string qualified = module.resolve(text);
  return qualified == "django.views.decorators.csrf.csrf_exempt" || (text == "csrf_exempt" && qualified == text);
}

// A justification is a comment (other than a noqa) at the end of the line or on the line above.
bool has_justification(const Module& module, std::uint32_t line) {
  auto comment_of = [](std::string_view text) -> std::string_view {
    const auto hash = text.find('#');
    return hash == std::string_view::npos ? std::string_view() : text.substr(hash + 1);
  };
  auto is_justification = [](std::string_view comment) {
    const auto first = comment.find_first_not_of(" \t");
    if (first == std::string_view::npos) return false;
    comment.remove_prefix(first);
    return !comment.starts_with("noqa") && !comment.starts_with("NOQA") && !comment.empty();
  };
  if (is_justification(comment_of(source_line(module, line)))) return true;
  if (line > 1) {
    const std::string_view above = source_line(module, line - 1);
    const auto first = above.find_first_not_of(" \t");
    if (first != std::string_view::npos && above[first] == '#') return is_justification(above.substr(first + 1));
  }
  return false;
}

void check(const Module& module, Reporter& reporter) {
  auto flag = [&](TSNode at) {
    const Span span = module.span(at);
    if (!has_justification(module, span.line))
      reporter.report(span, "csrf_exempt without a comment explaining why this endpoint needs no CSRF protection");
  };
  // Decorators (@csrf_exempt, @csrf_exempt()) and calls (csrf_exempt(view), method_decorator(csrf_exempt)).
  std::set<std::uint32_t> decorator_calls;  // start bytes of @name(...) calls, reported as decorators
  for (TSNode decorator : module.decorators()) {
    TSNode expression = ts_node_named_child(decorator, 0);
    if (node_type(expression) == "call") {
      decorator_calls.insert(ts_node_start_byte(expression));
      expression = child_by_field(expression, "function");
    }
    if (is_csrf_exempt(module, expression)) flag(decorator);
  }
  for (const auto& call : module.calls()) {
    if (decorator_calls.count(ts_node_start_byte(call.node))) continue;
    const TSNode first = ts_node_named_child(child_by_field(call.node, "arguments"), 0);
    const bool wraps = call.qualified.ends_with("method_decorator") && !is_null(first) && is_csrf_exempt(module, first);
    if (is_csrf_exempt(module, child_by_field(call.node, "function")) || wraps) flag(call.node);
  }
}

}  // namespace

const PythonRule& csrf_exempt_unjustified_rule() {
  static const PythonRule rule{
      {.id = "S002",
       .name = "csrf-exempt-unjustified",
       .severity = Severity::warning,
       .default_enabled = true,
       .summary = "@csrf_exempt without a justification comment",
       .explanation = "Turning off CSRF protection is sometimes right (a webhook signed by its sender), but it "
                      "must be a decision someone can review. djust asks for a comment saying why, on the line of "
                      "the decorator or just above it.",
       .bad_example = "@csrf_exempt\ndef webhook(request):\n    ...\n",
       .good_example = "# Stripe signs its webhooks; the signature is verified below.\n@csrf_exempt\n"
                       "def webhook(request):\n    ...\n",
       .fix_hint = "Add a comment above the decorator explaining why CSRF protection is not needed, or remove it."},
      check};
  return rule;
}

}  // namespace djust::lint::python
