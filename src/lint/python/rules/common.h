#pragma once
// What several Python rules need to know about djust code.

#include "lint/python/model.h"

#include <string_view>
#include <vector>

namespace djust::lint::python {

// @name, @name(...), @decorators.name, @djust.decorators.name or an alias of any of them.
bool is_djust_decorator(const Decorator& decorator, std::string_view name);
// Marked as an event handler (@event_handler or @action).
bool is_event_handler(const Function& function);
// Callable from the browser at all (@event_handler, @action or @server_function).
bool is_exposed_to_client(const Function& function);
// @property, @staticmethod, @classmethod, @cached_property: not handlers whatever their name.
bool is_accessor_or_static(const Function& function);

bool is_live_view(const Class& c);
bool is_live_component(const Class& c);
bool is_djust_class(const Class& c);

// `abstract = True` on the class itself.
bool is_abstract(const Module& module, const Class& c);
// Some class in this file inherits from `c`.
bool is_subclassed_here(const Module& module, const Class& c);
// A base somewhere in the in-file lineage comes from elsewhere in the user's project, so it may
// supply attributes and methods we cannot see.
bool has_foreign_bases(const Module& module, const Class& c);

// A LiveView whose whole definition is visible here and that is meant to render: not abstract,
// not a base of another class in the file, no bases from elsewhere in the project.
bool is_concrete_view_in_full(const Module& module, const Class& c);

const Parameter* var_keyword(const Function& function);

// Everything a method defines or inherits from in-file classes: the first that has `name`.
const Function* find_method_in_lineage(const Module& module, const Class& c, std::string_view name);

// The 1-based line of source text (without its newline).
std::string_view source_line(const Module& module, std::uint32_t line);

// An edit that adds `from MODULE import NAME` unless NAME already resolves to MODULE.NAME:
// appended to an existing `from MODULE import ...`, else inserted after the last top-level
// import (or at the top of the file). nullopt when nothing needs adding.
std::optional<Edit> import_edit(const Module& module, std::string_view from_module, std::string_view name);

}  // namespace djust::lint::python
