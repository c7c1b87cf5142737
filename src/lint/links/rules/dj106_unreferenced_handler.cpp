// DJ106: an event handler no template of its view refers to.
#include "lint/links/rules/project_rule.h"

#include <string_view>
#include <unordered_set>

namespace djust::lint::links {
namespace {

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes) {
    const auto kind = project.kind_of(c);
    const bool djust_class = kind == python::ClassKind::live_view || kind == python::ClassKind::live_component;
    if (!djust_class || c.abstract || c.handlers.empty() || project.has_subclasses(c)) continue;
    const auto pages = project.pages_of(c);
    if (!pages.complete || pages.templates.empty()) continue;
    bool computed = false;
    for (const auto* t : pages.templates) computed = computed || t->computed_handlers;
    if (computed) continue;  // template code may name any handler
    // Any mention counts: a hook's pushEvent("name") or a script names handlers too. The pages'
    // words are gathered once, so handlers x templates stays linear.
    std::unordered_set<std::string_view> words;
    for (const auto* t : pages.templates) words.insert(t->words.begin(), t->words.end());
    for (const auto& handler : c.handlers) {
      if (!words.count(handler.name))
        reporter.report(handler.span,
                        "event handler '" + handler.name + "' is not referenced by " + c.name + "'s templates");
    }
  }
}

}  // namespace

const ProjectRule& unreferenced_handler_rule() {
  static const ProjectRule rule{
      {.id = "DJ106",
       .name = "unreferenced-handler",
       .severity = Severity::info,
       .default_enabled = false,
       .summary = "Event handler that no template refers to",
       .explanation = "An @event_handler that none of its view's templates (template_name or inline template, with "
                      "{% extends %} and {% include %} followed) mentions is usually dead code or the other half of "
                      "a misspelt dj-click. Handlers called only from JavaScript outside the templates (a hook file's "
                      "pushEvent) are reported too, which is why this rule is informational and off by default.",
       .bad_example =
           "class CartView(LiveView):\n    template_name = \"shop/cart.html\"  # never mentions clear_cart\n\n"
           "    @event_handler\n    def clear_cart(self, **kwargs):\n        self.items = []\n",
       .good_example = "<button dj-click=\"clear_cart\">Empty the cart</button>\n",
       .fix_hint = "Call it from the template, or remove it."},
      check};
  return rule;
}

}  // namespace djust::lint::links
