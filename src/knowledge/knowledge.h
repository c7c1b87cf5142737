#pragma once
// The framework knowledge embedded from data/: the schema sections and the best practices,
// parsed once on first use and shared read-only afterwards.

#include <nlohmann/json.hpp>

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace djust::knowledge {

using nlohmann::json;

// Schema section names in presentation order (meta, directives, decorators, ...).
const std::vector<std::string>& schema_section_names();

// One section of the framework schema; throws std::out_of_range for an unknown name.
const json& schema_section(std::string_view name);

const json& best_practices();
const std::vector<std::string>& best_practice_section_ids();

// The djust release this knowledge describes, e.g. "1.1.0".
const std::string& djust_version();

// Both as the data's JSON Schema allows them (and so in that order).
const std::vector<std::string>& directive_category_names();
// Every directive name as written in templates ("dj-click", "dj-value-*", ...).
const std::vector<std::string>& directive_names();

// The directive an attribute name refers to: exact names first ("dj-loading.disable"), then
// families ("dj-value-item-id:int" -> "dj-value-*"), then the name without its modifiers
// ("dj-keydown.enter" -> "dj-keydown"). A missing "dj-" prefix is added. nullptr if none.
const json* find_directive(std::string_view attribute);

// An attribute that refines one directive (dj-copy-class of dj-copy), or one read only by an
// optional djust script (dj-offline, whose `directive` is nullptr). Exact names, any case, with or
// without the "dj-" prefix; both pointers are nullptr when there is none.
struct DirectiveOption {
  const json* directive = nullptr;
  const json* option = nullptr;
};
DirectiveOption find_directive_option(std::string_view attribute);

// The template marker (dj-view, dj-root) of that name, with or without the "dj-" prefix; nullptr if none.
const json* find_template_marker(std::string_view name);

// An attribute djust reads that is no directive: a template marker (dj-view, dj-root), an
// internal attribute (dj-id, dj-sticky-*) or a member of a family (dj-hook-value-*).
bool is_marker_or_internal(std::string_view attribute);

// The key filters the client applies on a directive, e.g. {".enter", ".escape", ".space"} for
// dj-keydown (written at the end of its value) or dj-window-* (written on the attribute name).
std::vector<std::string> key_filters_of(std::string_view directive_name);

// The categories of djust's check families, as the data's JSON Schema allows them (and so in that
// order): config, liveview, security, ...
const std::vector<std::string>& check_category_names();
// The category data/schema/checks.json gives the family of a djust check code such as "V004" or
// "C301" (the family with the longest matching prefix); empty when no family covers it.
std::string check_category_of(std::string_view code);

// djust's system check with that code ("V004") in checks.json; nullptr when djust has none.
const json* find_check(std::string_view code);

// One of djust's built-in components (data/schema/components.json) by the dotted name a call
// resolves to: its defining module's ("djust.components.components.button.Button") or a package's
// that re-exports it ("djust.components.ui.Button"). nullptr for any other name.
const json* find_component(std::string_view qualified);
// Every built-in component of that class name ("Button": djust.components.components' and .ui's).
std::vector<const json*> components_named(std::string_view name);

// The dotted paths a djust base class ("LiveView", "LiveComponent") is importable from, e.g.
// "djust.LiveView" and "djust.live_view.LiveView"; empty for another name.
const std::vector<std::string>& base_class_paths(std::string_view name);
// Every djust mixin as a dotted path ("djust.presence.PresenceMixin", ...).
const std::vector<std::string>& mixin_paths();
// The mixins that make a view refuse anonymous users ("djust.auth.LoginRequiredMixin", ...).
const std::vector<std::string>& login_mixin_paths();

// An attribute djust renamed: its old name, the name now read, and the release that renamed it.
struct RenamedAttribute {
  std::string old_name, new_name, renamed_in;
};
// The renames of the entries of one list of directives.json ("template_markers", "internal_attributes").
std::vector<RenamedAttribute> renamed_attributes(std::string_view list);

// The view methods that are coroutines (stream_to, ...): a call must be awaited.
const std::vector<std::string>& async_view_methods();

// Names of the decorators that make a method an event handler (event_handler, action), and of
// those that let the browser call it at all (these and server_function).
const std::vector<std::string>& event_handler_decorators();
const std::vector<std::string>& browser_callable_decorators();

// ---- the djust of the linked project -------------------------------------------------------------
// What the installed djust has of the names data/ describes, as the project's bridge found them by
// importing their modules.
struct InstalledDjust {
  std::string version;
  std::set<std::string> present, missing;  // dotted paths, as importable_path() gives them
  std::optional<std::string> event_security;
};

// What a project's bridge reported as its djust version ("1.0.3") and, once asked, which names the
// installed package has. One per server (it lives in the ToolOptions its tools share); safe to use
// from any thread.
class ProjectDjustVersion {
 public:
  // A non-string (djust not importable) forgets the version, and with it the installed names.
  void set(const json& reported);
  std::optional<std::string> get() const;
  // The bridge's installed_djust reply for the project now linked.
  void set_installed(const json& reply);
  std::optional<InstalledDjust> installed() const;

 private:
  mutable std::mutex mutex_;
  std::optional<std::string> version_;
  std::optional<InstalledDjust> installed_;
};

// For the server instructions: which djust the linked project runs when it is not the release the
// data describes, and what of the knowledge was checked against it; "" when there is nothing to say.
std::string instructions_note(const ProjectDjustVersion& project_djust);

// Where a decorator, mixin or base class entry of data/ is importable from ("djust.decorators.cache",
// "djust.presence.PresenceMixin", "djust.LiveView"); nullopt for an entry that is neither.
std::optional<std::string> importable_path(const json& entry);
// importable_path() of every decorator, mixin and base class data/ describes.
const std::vector<std::string>& importable_paths();

// Orders two release numbers: "1.0.3" < "1.1.0", "1.1.0rc2" < "1.1.0" < "1.1.1". nullopt when either
// does not start with a number (such as "installed (version unknown)").
std::optional<int> compare_versions(std::string_view a, std::string_view b);

// What an entry's `since` / `deprecated` mean for a project running `project_version`:
// "added in 1.1.0; this project runs djust 1.0.3, which does not have it", or nullopt when
// nothing needs saying.
std::optional<std::string> version_note(const json& entry, std::string_view project_version);

}  // namespace djust::knowledge
