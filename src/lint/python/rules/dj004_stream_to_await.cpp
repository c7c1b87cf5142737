// DJ004: stream_to (like every coroutine view method of djust) does nothing unless awaited, which
// needs an async handler.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include "knowledge/knowledge.h"

#include <algorithm>

namespace djust::lint::python {
namespace {

void check(const Module& module, Reporter& reporter) {
  for (const auto& call : module.calls()) {
    const Function* function = call.enclosing_function;
    if (!function || !call.enclosing_class || !is_djust_class(*call.enclosing_class)) continue;
    const TSNode callee = child_by_field(call.node, "function");
    if (node_type(callee) != "attribute") continue;
    const std::string method = field_text(module, callee, "attribute");
    const auto& coroutines = knowledge::async_view_methods();
    if (std::find(coroutines.begin(), coroutines.end(), method) == coroutines.end()) continue;
    const std::string receiver = function->parameters.empty() ? "self" : function->parameters.front().name;
    if (module.text(child_by_field(callee, "object")) != receiver) continue;
    // In an async handler it must be awaited, or handed to what runs it (asyncio.gather, create_task).
    if (!function->is_async) {
      reporter.report(call.span, method + "() is a coroutine and '" + function->name +
                                     "' is not async: make it `async def` and `await self." + method + "(...)`");
    } else if (!call.awaited && node_type(ts_node_parent(call.node)) != "argument_list") {
      reporter.report(call.span, method + "() is a coroutine: without await it never runs");
    }
  }
}

}  // namespace

const PythonRule& stream_to_await_rule() {
  static const PythonRule rule{
      {.id = "DJ004",
       .name = "stream-to-await",
       .severity = Severity::error,
       .category = "liveview",
       .default_enabled = true,
       .summary = "stream_to() (or another coroutine view method) not awaited, or called from a sync handler",
       .explanation =
           "stream_to(stream_name, target=None, html=None) is async: calling it without await only "
           "creates a coroutine that never runs (Python warns 'coroutine was never awaited' and the "
           "browser receives nothing). It must be awaited, which requires an async handler. The same holds for djust's "
           "other coroutine view methods (flush_push_events()).",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler

from .rendering import render_answer


class AskView(LiveView):
    template_name = "ask/page.html"

    def mount(self, request, **kwargs):
        self.prompt = ""

    @event_handler()
    def ask(self, prompt: str = "", **kwargs):
        self.stream_to("answer", html=render_answer(prompt))
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler

from .rendering import render_answer


class AskView(LiveView):
    template_name = "ask/page.html"

    def mount(self, request, **kwargs):
        self.prompt = ""

    @event_handler()
    async def ask(self, prompt: str = "", **kwargs):
        await self.stream_to("answer", html=render_answer(prompt))
)py",
       .fix_hint = "Declare the handler `async def` and write `await self.stream_to(...)`."},
      check};
  return rule;
}

}  // namespace djust::lint::python
