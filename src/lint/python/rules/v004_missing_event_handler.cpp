// V004: a public method named like a handler but not decorated cannot be called from the browser.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include "knowledge/knowledge.h"
#include "lint/links/project_settings.h"

#include <set>
#include <vector>

namespace djust::lint::python {
namespace {

// djust's own V004 (data/schema/checks.json) says which names look like handlers and which
// methods djust calls itself.
std::vector<std::string> v004_names(const char* field) {
  return knowledge::find_check("V004")->at(field).get<std::vector<std::string>>();
}

bool called_by_framework(std::string_view name) {
  static const std::set<std::string, std::less<>> exempt = [] {
    const auto names = v004_names("exempt_methods");
    return std::set<std::string, std::less<>>(names.begin(), names.end());
  }();
  return exempt.count(name) > 0;
}

bool looks_like_handler(std::string_view name) {
  static const std::vector<std::string> prefixes = v004_names("method_prefixes");
  for (const auto& prefix : prefixes)
    if (name.starts_with(prefix) && name.size() > prefix.size()) return true;
  return false;
}

Fix add_decorator(const Module& module, const Function& method) {
  // Insert above the first decorator (or the def), at the same indentation.
  const TSNode anchor = method.decorators.empty() ? method.node : method.decorators.front().node;
  const std::uint32_t start = ts_node_start_byte(anchor);
  const std::string indent(ts_node_start_point(anchor).column, ' ');
  Fix fix{"added @event_handler() to " + method.name, {Edit{start, start, "@event_handler()\n" + indent}}};
  if (auto import = import_edit(module, "djust.decorators", "event_handler")) fix.edits.push_back(*import);
  return fix;
}

void check(const Module& module, const links::ProjectSettings& settings, Reporter& reporter) {
  // With event_security "open" djust calls undecorated methods too: the project chose that.
  if (settings.event_security == links::EventSecurity::open) return;
  const std::string consequence = settings.event_security == links::EventSecurity::warn
                                      ? "djust still calls it under event_security 'warn' but logs a deprecation "
                                        "warning each time, and refuses it under the default 'strict'"
                                      : "the browser cannot call it";
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      if (!looks_like_handler(m.name) || called_by_framework(m.name) || is_exposed_to_client(m) ||
          is_accessor_or_static(m))
        continue;
      reporter.report(m.name_span,
                      "'" + m.name + "' looks like an event handler but has no @event_handler, so " + consequence,
                      add_decorator(module, m));
    }
  }
}

}  // namespace

const PythonSettingsRule& missing_event_handler_rule() {
  static const PythonSettingsRule rule{
      {.id = "V004",
       .name = "missing-event-handler",
       .default_enabled = true,
       .summary = "Handler-like method without @event_handler",
       .explanation = "djust only dispatches browser events to methods marked with @event_handler (or @action). "
                      "A public method whose name starts like a handler (handle_, on_, toggle_, select_, update_, "
                      "delete_, create_, add_, remove_, save_, cancel_, submit_, close_, open_) but carries no "
                      "marker is almost always a forgotten decorator: the template's dj-click does nothing. "
                      "Methods djust calls itself (handle_params, handle_tick, handle_info, ...) are exempt. The "
                      "project's settings decide what djust does with such a call: LIVEVIEW_CONFIG (or DJUST_CONFIG) "
                      "event_security 'strict', the default, refuses it; 'warn' calls it and logs a deprecation "
                      "warning; 'open' calls it, so the rule is silent there.",
       .bad_example = R"py(from djust import LiveView


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = []

    def delete_item(self, item_id: int = 0, **kwargs):
        self.items = [item for item in self.items if item["id"] != item_id]
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class TodoView(LiveView):
    template_name = "todo/list.html"

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def delete_item(self, item_id: int = 0, **kwargs):
        self.items = [item for item in self.items if item["id"] != item_id]
)py",
       .fix_hint = "Decorate it with @event_handler() (from djust.decorators import event_handler), or make it "
                   "private with a leading underscore if the browser must not call it.",
       .fixable = true},
      check};
  return rule;
}

}  // namespace djust::lint::python
