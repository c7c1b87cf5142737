// DJ005: a LiveView mount() without **kwargs breaks on the keyword arguments djust passes it.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

// ", **kwargs" before the closing parenthesis (after a trailing comma, just " **kwargs").
Fix add_var_keyword(const Module& module, const Function& mount) {
  const std::uint32_t close = ts_node_end_byte(mount.parameters_node) - 1;
  const std::string_view before = module.text(mount.parameters_node);
  const std::size_t last = before.find_last_not_of(" \t\r\n", before.size() - 2);
  const bool trailing_comma = last != std::string_view::npos && before[last] == ',';
  return {"added **kwargs to " + std::string(mount.name) + "()",
          {Edit{close, close, trailing_comma ? " **kwargs" : ", **kwargs"}}};
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c)) continue;
    const Function* mount = c.method("mount");
    if (!mount || is_accessor_or_static(*mount) || var_keyword(*mount)) continue;
    const auto& params = mount->parameters;
    // Without a request parameter V003 reports the signature already.
    if (params.size() < 2 || params[1].name != "request" || params[1].kind != Parameter::Kind::positional) continue;
    reporter.report(mount->name_span,
                    "'" + c.name +
                        "'.mount() takes no **kwargs, but djust passes it the URL route's keyword arguments on the "
                        "HTTP render and the page's query parameters on the WebSocket mount: opening the page as "
                        "?page=2 raises TypeError: mount() got an unexpected keyword argument 'page'",
                    add_var_keyword(module, *mount));
  }
}

}  // namespace

const PythonRule& mount_without_kwargs_rule() {
  static const PythonRule rule{
      {.id = "DJ005",
       .name = "mount-without-kwargs",
       .severity = Severity::warning,
       .category = "liveview",
       .default_enabled = true,
       .summary = "LiveView mount() without **kwargs",
       .explanation =
           "djust calls mount(request, **kwargs) with the URL route's keyword arguments on the HTTP render "
           "(mixins/request.py), and on the WebSocket mount with the page's query parameters as well: the client "
           "sends window.location.search and the server passes every parameter as a keyword argument "
           "(runtime.py). A mount without **kwargs therefore raises TypeError on a route with arguments, and on "
           "any visit whose URL carries a query string (?page=2, a tracking ?utm_source=...), which breaks the "
           "live connection of a page that rendered fine.",
       .bad_example = R"py(from djust import LiveView


class SearchView(LiveView):
    template_name = "search/results.html"

    def mount(self, request):
        self.query = ""
)py",
       .good_example = R"py(from djust import LiveView


class SearchView(LiveView):
    template_name = "search/results.html"

    def mount(self, request, **kwargs):
        self.query = kwargs.get("q", "")
)py",
       .fix_hint = "Accept the rest as keyword arguments: def mount(self, request, **kwargs).",
       .fixable = true},
      check};
  return rule;
}

}  // namespace djust::lint::python
