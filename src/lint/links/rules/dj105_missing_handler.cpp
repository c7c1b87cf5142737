// DJ105: a template calls a handler that none of the views rendering it defines.
#include "core/text.h"
#include "lint/links/handler_links.h"
#include "lint/links/rules/class_names.h"
#include "lint/links/rules/project_rule.h"

#include <algorithm>
#include <map>
#include <optional>

namespace djust::lint::links {
namespace {

// A did-you-mean compares the name with every handler, so a template gets one for its first
// kSuggestedNames distinct missing names only: thousands of missing calls against thousands of
// handlers stay linear instead of costing calls x handlers.
constexpr std::size_t kSuggestedNames = 50;

void check_calls(const std::vector<HandlerCallFact>& calls, const std::vector<const ClassFacts*>& classes,
                 const ProjectIndex& project, Reporter& reporter) {
  if (calls.empty()) return;
  const auto answered = missing_calls(calls, classes, project);
  if (!answered || answered->missing.empty()) return;
  const std::string who = classes.size() == 1 ? classes.front()->name : "any of " + class_names(classes);
  const std::vector<std::string> candidates(answered->callable.begin(), answered->callable.end());
  std::map<std::string, std::optional<std::string>, std::less<>> suggestions;
  const EventSecurity security = project.settings().event_security;
  for (const auto& [call, plain_method] : answered->missing) {
    if (plain_method) {
      // event_security "open" calls undecorated methods: the project chose that.
      if (security == EventSecurity::open) continue;
      reporter.report(call->span, "'" + call->name + "' is a method of " + who + " but not an @event_handler, so " +
                                      (security == EventSecurity::warn
                                           ? "djust calls it under event_security 'warn' but logs a deprecation "
                                             "warning each time"
                                           : "djust refuses to call it"));
      continue;
    }
    std::string message = "no event handler '" + call->name + "' on " + who;
    auto suggestion = suggestions.find(call->name);
    if (suggestion == suggestions.end() && suggestions.size() < kSuggestedNames)
      suggestion = suggestions.emplace(call->name, core::closest_match(call->name, candidates)).first;
    if (suggestion != suggestions.end() && suggestion->second)
      message += "; did you mean '" + *suggestion->second + "'?";
    reporter.report(call->span, message);
  }
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  if (file.template_facts && !file.file.empty())
    check_calls(file.template_facts->handler_calls, project.classes_rendering(file.file), project, reporter);
  for (const auto& c : file.classes) {
    // A base's inline template or components may call handlers its subclasses define.
    if (project.has_subclasses(c)) continue;
    if (c.inline_template) check_calls(c.inline_template->handler_calls, {&c}, project, reporter);
    check_calls(c.component_handlers, {&c}, project, reporter);
  }
}

}  // namespace

const ProjectRule& missing_handler_rule() {
  static const ProjectRule rule{
      {.id = "DJ105",
       .name = "missing-handler",
       .severity = Severity::error,
       .category = "templates",
       .default_enabled = true,
       .summary = "Template calls a handler its views do not define",
       .explanation =
           "dj-click=\"delete_itme\" sends an event that no view method answers, and the browser only logs it: the "
           "button silently does nothing. Each template is linked to the views that render it (template_name looked "
           "up under every templates/ folder and the TEMPLATES DIRS in settings, inline template strings, "
           "{% extends %} and {% include %} followed), and every handler it calls (dj-click, dj-submit, dj-change, "
           "dj-input, dj-keydown/keyup, dj-blur, dj-focus, dj-poll, dj-mounted, dj-click-away, dj-shortcut, "
           "dj-viewport-*, dj-auto-recover, dj-paste, dj-mutation, dj-window-*, dj-document-*), and every handler "
           "named in a prop of one of djust's built-in components that the component renders as such an attribute "
           "(Button(action=\"save\"), Accordion(event=...); data/schema/components.json) must be an "
           "@event_handler of one of them, their bases or djust's mixins. A method without @event_handler is "
           "refused by djust too, unless the settings' LIVEVIEW_CONFIG (or DJUST_CONFIG) event_security is 'warn' "
           "(djust calls it and logs a deprecation warning, reported as such) or 'open' (djust calls it; not "
           "reported). Views whose bases cannot be read are not judged. With APP_DIRS and a readable "
           "INSTALLED_APPS, a template shadowed by an earlier copy of the same name is never rendered, so its "
           "calls are not charged to the view.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template = """
<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="delete_item">Remove</button>
  <button dj-click="save_for_later">Save for later</button>
</div>
"""

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def delete_item(self, **kwargs):
        self.items = []
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template = """
<div dj-view="shop.views.CartView" dj-root>
  <button dj-click="delete_item">Remove</button>
  <button dj-click="save_for_later">Save for later</button>
</div>
"""

    def mount(self, request, **kwargs):
        self.items = []
        self.saved = []

    @event_handler()
    def delete_item(self, **kwargs):
        self.items = []

    @event_handler()
    def save_for_later(self, **kwargs):
        self.saved, self.items = self.items, []
)py",
       .fix_hint = "Fix the name, or add an @event_handler method of that name to the view."},
      check};
  return rule;
}

}  // namespace djust::lint::links
