#pragma once
// Which handler calls of a template its views cannot answer (DJ105), and which handlers of a
// view none of its templates mention (DJ106). The rules and find_handlers_for_template both ask
// these, so the tool and the linter never disagree about a template.

#include "lint/links/project_index.h"

#include <optional>
#include <vector>

namespace djust::lint::links {

struct MissingCall {
  const HandlerCallFact* call;
  bool plain_method;  // the name is a method of a class, just not an event handler
};

struct CallsAnswered {
  std::set<std::string> callable;    // every handler the classes offer
  std::vector<MissingCall> missing;  // in template order
};

// The calls in `facts` that no class of `classes` answers. A call inside a component's markup
// is left out when every class is a view: the component answers it. Nullopt when nothing can be
// said: no class, or one whose bases cannot all be read.
std::optional<CallsAnswered> missing_calls(const std::vector<HandlerCallFact>& calls,
                                           const std::vector<const ClassFacts*>& classes, const ProjectIndex& project);
std::optional<CallsAnswered> missing_calls(const TemplateFacts& facts, const std::vector<const ClassFacts*>& classes,
                                           const ProjectIndex& project);

// The handlers of `c` that none of its templates mention (any mention counts: a hook's
// pushEvent("name") names a handler too, and so does a component's prop: Button(action="name")).
// Nullopt when that cannot be known: it is abstract or a
// base of other classes (their templates may call it), a template cannot be found, or one
// computes handler names.
std::optional<std::vector<const NamedSpan*>> unreferenced_handlers(const ClassFacts& c, const ProjectIndex& project);

}  // namespace djust::lint::links
