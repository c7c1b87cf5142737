// V005: djust refuses to mount a view over the WebSocket when its module is not allowed.
#include "core/text.h"
#include "lint/links/rules/project_rule.h"

#include <algorithm>

namespace djust::lint::links {
namespace {

bool allowed(const std::string& module, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const auto& p) { return module_within(module, p); });
}

std::string why_refused(const ProjectIndex& project, const std::vector<std::string>& prefixes) {
  return project.settings().allowed_modules
             ? "is not in LIVEVIEW_ALLOWED_MODULES (" + core::join(prefixes, ", ") + ")"
             : "is under none of the packages djust allows when LIVEVIEW_ALLOWED_MODULES is unset (the installed "
               "apps' and djust: " +
                   core::join(prefixes, ", ") + ")";
}

// Whether the page of `c` sends the class's own path (module.Class, its defining module): djust
// stamps that path onto an exact <div dj-root> (see facts.h). A page that names its view with
// dj-view sends that path instead, checked where it is written; one with neither never mounts (DJ108).
bool sends_own_path(const ClassFacts& c, const ProjectIndex& project) {
  const auto pages = project.pages_of(c);
  if (!pages.complete || pages.templates.empty()) return true;  // cannot tell: its own path is the default
  const auto markup = project.page_markup(*pages.templates.front());
  return !markup.resolved || markup.filled_root;
}

void check_view_paths(const std::vector<NamedSpan>& paths, const std::vector<std::string>& prefixes,
                      const ProjectIndex& project, Reporter& reporter) {
  for (const auto& [path, span] : paths) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || allowed(path.substr(0, dot), prefixes)) continue;  // T013: no dotted path
    reporter.report(span, "dj-view names '" + path + "', whose module '" + path.substr(0, dot) + "' " +
                              why_refused(project, prefixes) +
                              ", so djust refuses to mount it over the WebSocket: events fall back to HTTP "
                              "requests that re-render the whole page");
  }
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  const auto prefixes = project.settings().mountable_prefixes();
  if (!prefixes) return;
  if (file.template_facts) check_view_paths(file.template_facts->view_paths, *prefixes, project, reporter);
  for (const auto& c : file.classes) {
    if (c.inline_template) check_view_paths(c.inline_template->view_paths, *prefixes, project, reporter);
    const std::size_t dot = c.qualified.rfind('.');
    // Bases and mixins are mounted as their subclasses, which are judged themselves.
    if (dot == std::string::npos || c.abstract || project.has_subclasses(c) ||
        project.kind_of(c) != python::ClassKind::live_view || !sends_own_path(c, project))
      continue;
    const std::string module = c.qualified.substr(0, dot);
    if (allowed(module, *prefixes)) continue;
    reporter.report(c.name_span, "module '" + module + "' " + why_refused(project, *prefixes) +
                                     ", so djust refuses to mount " + c.name +
                                     " over the WebSocket: events fall back to HTTP requests that re-render the "
                                     "whole page");
  }
}

}  // namespace

const ProjectRule& module_not_allowed_rule() {
  static const ProjectRule rule{
      {.id = "V005",
       .name = "module-not-allowed",
       .default_enabled = true,
       .summary = "View path (a page's dj-view, or the LiveView's own module) djust does not allow to mount over the "
                  "WebSocket",
       .explanation =
           "Before it imports a view named by the browser, djust checks its module against an allowlist "
           "(security/mount.py): LIVEVIEW_ALLOWED_MODULES when set and non-empty, else the top-level package of "
           "every INSTALLED_APPS entry plus djust. An entry allows its module and the modules under it "
           "('shop' allows 'shop.views', not 'shop_admin.views'). The path checked is the one the page sends: "
           "the dj-view its template writes, or else the one djust stamps onto an exact <div dj-root>, the "
           "module that defines the class (a re-export elsewhere does not count). A refused page renders over "
           "HTTP, but its WebSocket mount is refused, so each event falls back to an HTTP request that "
           "re-renders the whole page and nothing the server pushes arrives. The settings are read from the "
           "module manage.py names (literal values, `from .base import *` followed); every literal dj-view "
           "path and every concrete LiveView whose page uses the stamped path is checked (abstract ones and "
           "bases of other views are not), and nothing is reported when the settings cannot be read.",
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
