#include "lint/links/handler_links.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

namespace djust::lint::links {

std::optional<CallsAnswered> missing_calls(const TemplateFacts& facts, const std::vector<const ClassFacts*>& classes,
                                           const ProjectIndex& project) {
  return missing_calls(facts.handler_calls, classes, project);
}

std::optional<CallsAnswered> missing_calls(const std::vector<HandlerCallFact>& calls,
                                           const std::vector<const ClassFacts*>& classes, const ProjectIndex& project) {
  if (classes.empty()) return std::nullopt;
  CallsAnswered out;
  std::set<std::string>& callable = out.callable;
  std::set<std::string> plain;
  for (const auto* c : classes) {
    auto handlers = project.handlers_of(*c);
    if (!handlers.complete) return std::nullopt;  // a base we cannot read may define it
    callable.insert(handlers.callable.begin(), handlers.callable.end());
    plain.insert(handlers.plain.begin(), handlers.plain.end());
  }
  const bool views_only = std::none_of(classes.begin(), classes.end(), [&](const ClassFacts* c) {
    return project.kind_of(*c) == python::ClassKind::live_component;
  });
  for (const auto& call : calls)
    if (!callable.count(call.name) && !(call.in_component && views_only))
      out.missing.push_back({&call, plain.count(call.name) > 0});
  return out;
}

std::optional<std::vector<const NamedSpan*>> unreferenced_handlers(const ClassFacts& c, const ProjectIndex& project) {
  if (c.abstract || project.has_subclasses(c)) return std::nullopt;
  const auto pages = project.pages_of(c);
  if (!pages.complete || pages.templates.empty()) return std::nullopt;
  if (std::any_of(pages.templates.begin(), pages.templates.end(),
                  [](const TemplateFacts* t) { return t->computed_handlers; }))
    return std::nullopt;  // template code may name any handler
  // The pages' words are gathered once, so handlers x templates stays linear.
  std::unordered_set<std::string_view> words;
  for (const auto* t : pages.templates) words.insert(t->words.begin(), t->words.end());
  for (const auto& call : c.component_handlers) words.insert(call.name);
  std::vector<const NamedSpan*> unreferenced;
  for (const auto& handler : c.handlers)
    if (!words.count(handler.name)) unreferenced.push_back(&handler);
  return unreferenced;
}

}  // namespace djust::lint::links
