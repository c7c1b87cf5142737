// S009: a view that requires login but lets every logged-in user run its state-changing handlers.
#include "knowledge/knowledge.h"
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <algorithm>
#include <array>

namespace djust::lint::python {
namespace {

constexpr std::array<std::string_view, 5> kMutatingPrefixes = {"delete_", "update_", "create_", "save_", "remove_"};

bool requires_auth(const Module& module, const Class& c) {
  for (const Class* k : module.lineage(c)) {
    if (const ClassAttribute* a = k->attribute("login_required");
        a && !is_null(a->value) && module.text(a->value) == "True")
      return true;
    if (const ClassAttribute* a = k->attribute("permission_required");
        a && !is_null(a->value) && module.text(a->value) != "None")
      return true;
    const auto& login_mixins = knowledge::login_mixin_paths();
    for (const auto& base : k->bases) {
      if (std::find(login_mixins.begin(), login_mixins.end(), base.qualified) != login_mixins.end()) return true;
    }
  }
  return false;
}

// The handler gates itself: a decorator, or an explicit permission check in its body.
bool has_own_gate(const Module& module, const Function& handler) {
  for (const auto& d : handler.decorators)
    if (is_djust_decorator(d, "permission_required")) return true;
  const std::string_view body = module.text(child_by_field(handler.node, "body"));
  return body.find("has_perm") != std::string_view::npos || body.find("check_permissions") != std::string_view::npos ||
         body.find("PermissionDenied") != std::string_view::npos;
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_live_view(c) || !requires_auth(module, c)) continue;
    for (const auto& m : c.methods) {
      bool mutating = false;
      for (auto prefix : kMutatingPrefixes) mutating = mutating || m.name.starts_with(prefix);
      if (!mutating || !is_event_handler(m) || has_own_gate(module, m)) continue;
      reporter.report(m.name_span, "state-changing handler '" + m.name +
                                       "' has no permission gate of its own; any "
                                       "signed-in user who can open '" +
                                       c.name + "' can call it");
    }
  }
}

}  // namespace

const PythonRule& ungated_mutating_handler_rule() {
  static const PythonRule rule{
      {.id = "S009",
       .name = "ungated-mutating-handler",
       .default_enabled = true,
       .summary = "State-changing handler on an authenticated view without its own permission gate",
       .explanation = "login_required or permission_required on the view decides who may open it. Handlers that "
                      "delete, update, create, save or remove data usually need a stricter permission than "
                      "viewing does, and the browser can call any handler by name. Gate them with "
                      "@permission_required(\"app.change_thing\") or an explicit check in the handler.",
       .bad_example = R"py(from djust import LiveView
from djust.decorators import event_handler


class InvoiceView(LiveView):
    template_name = "billing/invoices.html"
    login_required = True

    def mount(self, request, **kwargs):
        self.deleted = []

    @event_handler()
    def delete_invoice(self, invoice_id: int = 0, **kwargs):
        self.deleted.append(invoice_id)
)py",
       .good_example = R"py(from djust import LiveView
from djust.decorators import event_handler, permission_required


class InvoiceView(LiveView):
    template_name = "billing/invoices.html"
    login_required = True

    def mount(self, request, **kwargs):
        self.deleted = []

    @permission_required("billing.delete_invoice")
    @event_handler()
    def delete_invoice(self, invoice_id: int = 0, **kwargs):
        self.deleted.append(invoice_id)
)py",
       .fix_hint = "Add @permission_required(\"app.perm\") (from djust.decorators) above @event_handler, or check "
                   "self.request.user.has_perm(...) in the handler."},
      check};
  return rule;
}

}  // namespace djust::lint::python
