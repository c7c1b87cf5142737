// DJ003: a QuerySet in public state is re-serialized on every render and hits the database.
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

#include <set>

namespace djust::lint::python {
namespace {

// Manager and QuerySet methods that evaluate to something other than a QuerySet.
bool is_terminal(std::string_view method) {
  static const std::set<std::string, std::less<>> terminal = {
      "get",     "first",    "last",        "count",         "exists",           "aggregate",
      "latest",  "earliest", "create",      "get_or_create", "update_or_create", "update",
      "delete",  "in_bulk",  "bulk_create", "bulk_update",   "contains",         "explain",
      "iterator"};
  return terminal.count(method) > 0;
}

// Model.objects.filter(...).order_by(...) and friends: a call chain through `.objects` whose
// last method still returns a QuerySet.
bool is_queryset_expression(const Module& module, TSNode value) {
  // A slice of a QuerySet (qs[:10]) is still a lazy QuerySet; an index (qs[0]) is a row.
  if (node_type(value) == "subscript" && node_type(child_by_field(value, "subscript")) == "slice")
    return is_queryset_expression(module, child_by_field(value, "value"));
  if (node_type(value) != "call") return false;
  const TSNode function = child_by_field(value, "function");
  if (node_type(function) != "attribute") return false;
  if (is_terminal(field_text(module, function, "attribute"))) return false;
  for (TSNode object = child_by_field(function, "object"); !is_null(object);) {
    const auto type = node_type(object);
    if (type == "attribute") {
      if (field_text(module, object, "attribute") == "objects") return true;
      object = child_by_field(object, "object");
    } else if (type == "call") {
      object = child_by_field(object, "function");
    } else {
      break;
    }
  }
  return false;
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& c : module.classes()) {
    if (!is_djust_class(c)) continue;
    for (const auto& m : c.methods) {
      for (const auto& a : m.self_assignments) {
        if (a.attribute.starts_with('_') || is_null(a.value) || !is_queryset_expression(module, a.value)) continue;
        reporter.report(a.span, "public attribute '" + a.attribute + "' holds a QuerySet; keep it private (self._" +
                                    a.attribute + "), then assign self." + a.attribute + " = self._" + a.attribute +
                                    " in get_context_data before super().get_context_data()");
      }
    }
  }
}

}  // namespace

const PythonRule& public_queryset_rule() {
  static const PythonRule rule{
      {.id = "DJ003",
       .name = "public-queryset",
       .severity = Severity::warning,
       .category = "liveview",
       .default_enabled = true,
       .summary = "QuerySet assigned to public state",
       .explanation = "Public attributes are template context that djust serializes after every event. A QuerySet "
                      "there is re-evaluated and re-serialized each time, ships every model field to the diff, and "
                      "cannot be snapshotted. Keep the QuerySet on a private attribute and, in get_context_data, "
                      "assign it to the public name just before calling super().get_context_data(): djust's JIT "
                      "serialization then reads only the fields the template uses. Do not convert it with list() "
                      "or sorted(): a list is serialized in full (djust's JIT_SERIALIZATION_PATTERN.md).",
       .bad_example = R"py(from djust import LiveView

from .models import Item


class ItemListView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self.items = Item.objects.filter(owner=request.user)
)py",
       .good_example = R"py(from djust import LiveView

from .models import Item


class ItemListView(LiveView):
    template_name = "items/list.html"

    def mount(self, request, **kwargs):
        self._items = Item.objects.filter(owner=request.user)

    def get_context_data(self, **kwargs):
        self.items = self._items
        return super().get_context_data(**kwargs)
)py",
       .fix_hint = "Assign it to self._name in mount, and self.name = self._name in get_context_data before "
                   "super().get_context_data()."},
      check};
  return rule;
}

}  // namespace djust::lint::python
