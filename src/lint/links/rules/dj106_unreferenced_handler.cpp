// DJ106: an event handler no template of its view refers to.
#include "lint/links/handler_links.h"
#include "lint/links/rules/project_rule.h"

namespace djust::lint::links {
namespace {

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes) {
    const auto kind = project.kind_of(c);
    if (kind != python::ClassKind::live_view && kind != python::ClassKind::live_component) continue;
    const auto unreferenced = unreferenced_handlers(c, project);
    if (!unreferenced) continue;
    for (const auto* handler : *unreferenced)
      reporter.report(handler->span,
                      "event handler '" + handler->name + "' is not referenced by " + c.name + "'s templates");
  }
}

}  // namespace

const ProjectRule& unreferenced_handler_rule() {
  static const ProjectRule rule{
      {.id = "DJ106",
       .name = "unreferenced-handler",
       .severity = Severity::info,
       .category = "quality",
       .default_enabled = false,
       .summary = "Event handler that no template refers to",
       .explanation = "An @event_handler that none of its view's templates (template_name or inline template, with "
                      "{% extends %} and {% include %} followed) mentions is usually dead code or the other half of "
                      "a misspelt dj-click. Handlers called only from JavaScript outside the templates (a hook file's "
                      "pushEvent) are reported too, which is why this rule is informational and off by default.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template = """
<div dj-view="shop.views.CartView" dj-root>{{ items|length }} items</div>
"""

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def clear_cart(self, **kwargs):
        self.items = []
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class CartView(LiveView):
    template = """
<div dj-view="shop.views.CartView" dj-root>
  {{ items|length }} items
  <button dj-click="clear_cart">Empty the cart</button>
</div>
"""

    def mount(self, request, **kwargs):
        self.items = []

    @event_handler()
    def clear_cart(self, **kwargs):
        self.items = []
)py",
       .fix_hint = "Call it from the template, or remove it."},
      check};
  return rule;
}

}  // namespace djust::lint::links
