// DJ006: a keyword argument a built-in djust component does not read.
#include "core/text.h"
#include "knowledge/knowledge.h"
#include "lint/python/rules/common.h"
#include "lint/python/rules/python_rule.h"

namespace djust::lint::python {
namespace {

// The prop `component` calls what a namesake component (ui.Button and components.Button) takes as
// `prop` in the same position: Button(text=...) where this Button's first prop is label.
std::optional<std::string> namesake_prop(const nlohmann::json& component, const std::string& prop) {
  const auto& props = component.at("props");
  for (const nlohmann::json* other : knowledge::components_named(component.at("name").get<std::string>())) {
    const auto& theirs = other->at("props");
    auto at = std::find(theirs.begin(), theirs.end(), prop);
    const auto position = static_cast<std::size_t>(at - theirs.begin());
    if (other != &component && at != theirs.end() && position < props.size()) return props.at(position);
  }
  return std::nullopt;
}

void check(const Module& module, Reporter& reporter) {
  for (const auto& call : module.calls()) {
    const nlohmann::json* component = knowledge::find_component(call.qualified);
    if (!component) continue;
    const auto props = component->at("props").get<std::vector<std::string>>();
    const std::string name = component->at("name");
    for_each_child(child_by_field(call.node, "arguments"), [&](TSNode argument, std::string_view) {
      if (node_type(argument) != "keyword_argument") return;
      const TSNode keyword = child_by_field(argument, "name");
      const std::string prop(module.text(keyword));
      if (std::find(props.begin(), props.end(), prop) != props.end()) return;
      std::string message = component->at("accepts_any_keyword").get<bool>()
                                ? name + " does not read '" + prop + "': it accepts unknown keywords and ignores them"
                                : name + "() has no parameter '" + prop + "', so the call raises TypeError";
      auto suggestion = core::closest_match(prop, props);
      if (!suggestion) suggestion = namesake_prop(*component, prop);
      if (suggestion) message += "; did you mean '" + *suggestion + "'?";
      reporter.report(module.span(keyword), message);
    });
  }
}

}  // namespace

const PythonRule& unknown_component_prop_rule() {
  static const PythonRule rule{
      {.id = "DJ006",
       .name = "unknown-component-prop",
       .severity = Severity::warning,
       .category = "liveview",
       .default_enabled = true,
       .summary = "Keyword argument a built-in component does not read",
       .explanation =
           "djust's built-in components (djust.components.components, .ui, .layout) take their props as keyword "
           "arguments. Most accept any keyword (**kwargs) and silently ignore the ones they do not read, so "
           "Button(text=\"Save\") renders a button without its label (it reads label); the others raise TypeError "
           "on a keyword they do not take. The props of each component come from djust 1.1.0's source "
           "(data/schema/components.json, written by djust-inventory --components).",
       .bad_example = R"py(from djust import LiveView
from djust.components.components import Button


class EditorView(LiveView):
    template_name = "editor/page.html"

    def mount(self, request, **kwargs):
        self.save_button = Button(text="Save", variant="primary")
)py",
       .good_example = R"py(from djust import LiveView
from djust.components.components import Button


class EditorView(LiveView):
    template_name = "editor/page.html"

    def mount(self, request, **kwargs):
        self.save_button = Button(label="Save", variant="primary")
)py",
       .fix_hint = "Use a prop the component reads (`djust-mcp` lists them in data/schema/components.json)."},
      check};
  return rule;
}

}  // namespace djust::lint::python
