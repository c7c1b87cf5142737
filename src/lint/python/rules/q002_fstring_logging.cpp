// Q002: an f-string in a logging call is formatted even when the level is off, and defeats
// aggregation by message template.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <set>

namespace djust::lint::python {
namespace {

// Names bound to logging.getLogger(...) anywhere in the module, plus the usual logger names.
std::set<std::string, std::less<>> logger_names(const Module& module) {
  std::set<std::string, std::less<>> names = {"logger", "log", "LOGGER", "_logger", "_log", "self.logger", "self.log"};
  for (TSNode node : module.assignments()) {
    const TSNode right = child_by_field(node, "right");
    if (node_type(right) != "call") continue;
    if (module.resolve(module.text(child_by_field(right, "function"))) == "logging.getLogger")
      names.insert(std::string(module.text(child_by_field(node, "left"))));
  }
  return names;
}

void check(const Module& module, Reporter& reporter) {
  static const std::set<std::string, std::less<>> methods = {"debug", "info",      "warning",  "warn",
                                                             "error", "exception", "critical", "fatal"};
  const auto loggers = logger_names(module);
  for (const auto& call : module.calls()) {
    const TSNode function = child_by_field(call.node, "function");
    if (node_type(function) != "attribute") continue;
    const std::string method = field_text(module, function, "attribute");
    const TSNode object_node = child_by_field(function, "object");
    const std::string object(module.text(object_node));
    // logger, logging itself, or logging.getLogger(...).info(...) in one go.
    const bool is_logger = loggers.count(object) || module.resolve(object) == "logging" ||
                           (node_type(object_node) == "call" &&
                            module.resolve(field_text(module, object_node, "function")) == "logging.getLogger");
    if (!is_logger || (!methods.count(method) && method != "log")) continue;
    // logger.log(level, msg, ...) carries the message second.
    const TSNode arguments = child_by_field(call.node, "arguments");
    const TSNode message = ts_node_named_child(arguments, method == "log" ? 1 : 0);
    // Only f-strings (implicitly concatenated ones too): %-style and .format() are another matter.
    const auto type = node_type(message);
    if ((type != "string" && type != "concatenated_string") || !is_interpolated_string(module, message)) continue;
    reporter.report(module.span(message), "f-string passed to " + object + "." + method + "()");
  }
}

}  // namespace

const PythonRule& fstring_logging_rule() {
  static const PythonRule rule{
      {.id = "Q002",
       .name = "fstring-logging",
       .default_enabled = true,
       .summary = "f-string in a logging call",
       .explanation = "logging formats its message lazily, only when the record is emitted. An f-string is "
                      "formatted before the call, on every call, even when the level is disabled; and each message "
                      "becomes unique, so log tools can no longer group records by their template.",
       .bad_example = R"py(import logging

logger = logging.getLogger(__name__)


def record_save(user_id, count):
    logger.info(f"user {user_id} saved {count} items")
)py",
       .good_example = R"py(import logging

logger = logging.getLogger(__name__)


def record_save(user_id, count):
    logger.info("user %s saved %d items", user_id, count)
)py",
       .fix_hint = "Pass a %-style template and its arguments: logger.info(\"saved %s\", name)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
