#include "lint/links/rules/class_names.h"

#include "core/text.h"

#include <algorithm>
#include <map>

namespace djust::lint::links {

std::string class_names(const std::vector<const ClassFacts*>& classes) {
  std::map<std::string, int> uses;
  for (const auto* c : classes) ++uses[c->name];
  std::vector<std::string> names;
  for (const auto* c : classes) {
    std::string name = uses[c->name] > 1 ? c->qualified : c->name;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  return core::join(names, ", ");
}

}  // namespace djust::lint::links
