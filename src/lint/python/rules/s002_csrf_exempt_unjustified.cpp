// S002: csrf_exempt without a comment saying why is a security hole nobody reviewed.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace djust::lint::python {
namespace {

bool is_csrf_exempt(const Module& module, TSNode expression) {
  const std::string text(module.text(expression));
  const std::string qualified = module.resolve(text);
  return qualified == "django.views.decorators.csrf.csrf_exempt" || (text == "csrf_exempt" && qualified == text);
}

// method_decorator(csrf_exempt) or method_decorator([csrf_exempt, ...]).
bool wraps_csrf_exempt(const Module& module, TSNode call) {
  if (!module.resolve(module.text(child_by_field(call, "function"))).ends_with("method_decorator")) return false;
  const TSNode first = ts_node_named_child(child_by_field(call, "arguments"), 0);
  if (node_type(first) == "list" || node_type(first) == "tuple") {
    bool any = false;
    for_each_child(first, [&](TSNode item, std::string_view) {
      any = any || (ts_node_is_named(item) && is_csrf_exempt(module, item));
    });
    return any;
  }
  return !is_null(first) && is_csrf_exempt(module, first);
}

// djust's own criterion: the decorated function's or class's docstring says why (mentions CSRF).
bool docstring_mentions_csrf(const Module& module, TSNode decorated) {
  const TSNode body = child_by_field(child_by_field(decorated, "definition"), "body");
  const std::uint32_t count = ts_node_named_child_count(body);
  for (std::uint32_t i = 0; i < count; ++i) {
    const TSNode statement = ts_node_named_child(body, i);
    if (node_type(statement) == "comment") continue;
    const TSNode string = ts_node_named_child(statement, 0);
    if (node_type(statement) != "expression_statement" || node_type(string) != "string") return false;
    std::string text(module.text(string));
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text.find("csrf") != std::string::npos;
  }
  return false;
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
    if (has_justification(module, span.line)) return;
    // A decorator may also be justified above the whole decorator stack, or in the docstring.
    const TSNode decorated = ts_node_parent(at);
    if (node_type(at) == "decorator" && node_type(decorated) == "decorated_definition" &&
        (has_justification(module, module.span(decorated).line) || docstring_mentions_csrf(module, decorated)))
      return;
    reporter.report(span, "csrf_exempt without a comment explaining why this endpoint needs no CSRF protection");
  };
  // Decorators (@csrf_exempt, @method_decorator(csrf_exempt, name="dispatch")) and calls
  // (csrf_exempt(view), method_decorator(csrf_exempt)).
  std::set<std::uint32_t> decorator_calls;  // start bytes of @name(...) calls, reported as decorators
  for (TSNode decorator : module.decorators()) {
    const TSNode expression = ts_node_named_child(decorator, 0);
    const bool called = node_type(expression) == "call";
    if (called) decorator_calls.insert(ts_node_start_byte(expression));
    if (is_csrf_exempt(module, called ? child_by_field(expression, "function") : expression) ||
        (called && wraps_csrf_exempt(module, expression)))
      flag(decorator);
  }
  for (const auto& call : module.calls()) {
    if (decorator_calls.count(ts_node_start_byte(call.node))) continue;
    if (is_csrf_exempt(module, child_by_field(call.node, "function")) || wraps_csrf_exempt(module, call.node))
      flag(call.node);
  }
}

}  // namespace

const PythonRule& csrf_exempt_unjustified_rule() {
  static const PythonRule rule{
      {.id = "S002",
       .name = "csrf-exempt-unjustified",
       .default_enabled = true,
       .summary = "@csrf_exempt without a justification comment",
       .explanation = "Turning off CSRF protection is sometimes right (a webhook signed by its sender), but it "
                      "must be a decision someone can review: a comment saying why, on the line of the decorator or "
                      "just above it (or above the whole decorator stack), or a docstring that mentions CSRF, "
                      "which is what djust's own check looks for.",
       .bad_example = R"py(from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def webhook(request):
    return HttpResponse(status=204)
)py",
       .good_example = R"py(from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt


# Stripe signs its webhooks; the signature is verified below instead of a CSRF token.
@csrf_exempt
def webhook(request):
    return HttpResponse(status=204)
)py",
       .fix_hint = "Add a comment above the decorator explaining why CSRF protection is not needed, or remove it."},
      check};
  return rule;
}

}  // namespace djust::lint::python
