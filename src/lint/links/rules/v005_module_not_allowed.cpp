// V005: djust refuses to mount a view over the WebSocket when its module is not allowed.
#include "core/text.h"
#include "lint/links/rules/project_rule.h"

#include <algorithm>

namespace djust::lint::links {
namespace {

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  const auto prefixes = project.settings().mountable_prefixes();
  if (!prefixes) return;
  for (const auto& c : file.classes) {
    const std::size_t dot = c.qualified.rfind('.');
    // Bases and mixins are mounted as their subclasses, which are judged themselves.
    if (dot == std::string::npos || c.abstract || project.has_subclasses(c) ||
        project.kind_of(c) != python::ClassKind::live_view)
      continue;
    const std::string module = c.qualified.substr(0, dot);
    if (std::any_of(prefixes->begin(), prefixes->end(), [&](const auto& p) { return module_within(module, p); }))
      continue;
    const std::string why = project.settings().allowed_modules
                                ? "is not in LIVEVIEW_ALLOWED_MODULES (" + core::join(*prefixes, ", ") + ")"
                                : "is under none of the packages djust allows when LIVEVIEW_ALLOWED_MODULES is "
                                  "unset (the installed apps' and djust: " +
                                      core::join(*prefixes, ", ") + ")";
    reporter.report(c.name_span, "module '" + module + "' " + why + ", so djust refuses to mount " + c.name +
                                     " over the WebSocket: the page renders but never connects");
  }
}

}  // namespace

const ProjectRule& module_not_allowed_rule() {
  static const ProjectRule rule{
      {.id = "V005",
       .name = "module-not-allowed",
       .default_enabled = true,
       .summary = "LiveView whose module djust does not allow to mount over the WebSocket",
       .explanation =
           "Before it imports a view named by the browser, djust checks its module against an allowlist "
           "(security/mount.py): LIVEVIEW_ALLOWED_MODULES when set and non-empty, else the top-level package of "
           "every INSTALLED_APPS entry plus djust. An entry allows its module and the modules under it "
           "('shop' allows 'shop.views', not 'shop_admin.views'). A view outside renders over HTTP, but its "
           "WebSocket mount is refused, so no event ever reaches it. The settings are read from the module "
           "manage.py names (literal values, `from .base import *` followed); every concrete LiveView of the "
           "project is checked (abstract ones and bases of other views are not), and nothing is reported when "
           "the settings cannot be read.",
       .bad_example = R"py(# A one-file project: its settings and its view.
from djust import LiveView

INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop"]
LIVEVIEW_ALLOWED_MODULES = ["shop.views"]


class CartView(LiveView):
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.items = []
)py",
       .good_example = R"py(# A one-file project: its settings and its view.
from djust import LiveView

INSTALLED_APPS = ["django.contrib.contenttypes", "djust", "shop"]
LIVEVIEW_ALLOWED_MODULES = ["shop.views", "example"]


class CartView(LiveView):
    template_name = "shop/cart.html"

    def mount(self, request, **kwargs):
        self.items = []
)py",
       .fix_hint = "Add the view's module (or its package) to LIVEVIEW_ALLOWED_MODULES in settings."},
      check};
  return rule;
}

}  // namespace djust::lint::links
