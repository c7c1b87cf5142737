#pragma once
// Which views render which templates, across a project, from the facts of its files: a
// template_name is looked up under every templates/ folder and the TEMPLATES DIRS of settings,
// {% extends %} and {% include %} are followed, bases are followed through the project's modules
// and djust's own classes. Built once per run, then read by the linking rules and
// find_handlers_for_template from any thread.

#include "lint/links/facts.h"
#include "lint/links/project_settings.h"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace djust::lint::links {

class ProjectIndex {
 public:
  ProjectIndex(std::filesystem::path root, std::vector<FileFacts> files, ProjectSettings settings = {});
  // Moving keeps the files' addresses (the maps point into them); a copy would not.
  ProjectIndex(ProjectIndex&&) = default;
  ProjectIndex(const ProjectIndex&) = delete;
  ProjectIndex& operator=(const ProjectIndex&) = delete;

  const std::filesystem::path& root() const { return root_; }
  const std::vector<FileFacts>& files() const { return files_; }
  const ProjectSettings& settings() const { return settings_; }
  const FileFacts* file(const std::filesystem::path& path) const;

  // The names a template file is known by ("shop/list.html"), one per template folder holding it.
  std::vector<std::string> names_of(const std::filesystem::path& template_file) const;
  // The copies Django can render: with APP_DIRS and a readable INSTALLED_APPS, only the first in
  // its search order (TEMPLATES DIRS, then each app's templates/ in INSTALLED_APPS order).
  std::vector<const FileFacts*> templates_named(const std::string& name) const;
  // Every name some template of the project is known by.
  std::vector<std::string> template_names() const;
  // Every name this template file is known by finds an earlier copy first, so it never renders.
  bool shadowed(const std::filesystem::path& template_file) const { return shadowed_.count(template_file) > 0; }

  // A class by its qualified name; "shop.views.Base" also finds "src.shop.views.Base", and
  // "shop.views.Base" imported into shop/views/__init__.py from shop/views/base.py.
  const ClassFacts* find_class(const std::string& qualified) const;
  // Whether the project module `module` ("shop.views") holds `name`: defines a class of that name
  // or imports one. Nullopt when the module is not the project's, or imports with *.
  std::optional<bool> module_has(const std::string& module, const std::string& name) const;
  bool has_subclasses(const ClassFacts& c) const;
  // What the class is to djust, following bases through the project's modules.
  python::ClassKind kind_of(const ClassFacts& c) const;
  // The nearest class in the lineage that says what to render (template_name, template or
  // get_template_names), or nullptr.
  const ClassFacts* template_source(const ClassFacts& c) const;

  struct Handlers {
    std::set<std::string> callable;  // @event_handler / @action methods, own, inherited and djust's
    std::set<std::string> plain;     // other methods: a call to one is refused by djust
    bool complete = true;            // false when some base could not be followed
  };
  Handlers handlers_of(const ClassFacts& c) const;

  // The templates a class renders: its template_name (own or inherited) or inline template, with
  // every {% extends %} parent and {% include %} followed.
  struct Pages {
    std::vector<const TemplateFacts*> templates;
    std::vector<std::filesystem::path> files;
    bool complete = true;  // false when a name could not be found or is computed
  };
  Pages pages_of(const ClassFacts& c) const;

  // Classes (views and components) whose pages include this template file.
  std::vector<const ClassFacts*> classes_rendering(const std::filesystem::path& template_file) const;

  // What the whole page a template is part of marks (its own, its includes' and its parents'
  // attributes). `resolved` is false when a parent or include could not be followed, or when
  // they form a cycle (which Django refuses to render).
  struct PageMarkup {
    bool root = false;         // dj-root
    bool view = false;         // dj-view
    bool filled_root = false;  // an exact <div dj-root>, which djust stamps with dj-view (facts.h)
    bool resolved = true;
  };
  PageMarkup page_markup(const TemplateFacts& facts) const;

  // Another template includes (or live_renders a view of) this one, so it renders inside that
  // template's root.
  bool included_elsewhere(const std::filesystem::path& template_file) const;
  // A template or inline template embeds this view with {% live_render %}, so it renders inside
  // that page's root.
  bool live_rendered(const ClassFacts& c) const { return live_rendered_.count(&c) > 0; }

 private:
  void collect_pages(const TemplateFacts& facts, const std::filesystem::path& file, Pages& pages,
                     std::set<std::filesystem::path>& seen) const;
  // The markup of `facts` with its includes and, with `with_parents`, its {% extends %} chain;
  // each template's is worked out once, so long chains stay linear.
  PageMarkup markup_of(const TemplateFacts& facts, bool with_parents,
                       std::set<std::pair<const TemplateFacts*, bool>>& in_progress);
  const ClassFacts* base_class(const std::string& qualified) const;
  const ClassFacts* find_defined_class(const std::string& qualified) const;  // no imports followed
  // Keeps, of each name's copies, those Django's loader reaches first (see templates_named).
  void drop_shadowed_copies(const std::set<std::filesystem::path>& dirs);

  std::filesystem::path root_;
  std::vector<FileFacts> files_;
  ProjectSettings settings_;
  std::set<std::filesystem::path> shadowed_;
  std::vector<std::filesystem::path> template_roots_;
  std::map<std::filesystem::path, std::size_t> file_index_;
  std::map<std::string, std::vector<std::size_t>> templates_by_name_;
  std::map<std::string, const ClassFacts*> classes_by_name_;  // qualified
  // Every trailing part of each qualified name ("views.Base", "Base" of "shop.views.Base"), the
  // first class holding it, so a lookup by a partial path is one map search, not a scan.
  std::map<std::string, const ClassFacts*> classes_by_suffix_;
  std::set<const ClassFacts*> subclassed_;
  std::map<std::filesystem::path, std::vector<const ClassFacts*>> rendering_;
  std::set<std::filesystem::path> included_;
  std::set<const ClassFacts*> live_rendered_;
  std::map<std::string, std::size_t> modules_;  // Python files by dotted module name
  // Per template: its markup with includes only, and with its parents too.
  std::map<const TemplateFacts*, PageMarkup> own_markup_, page_markup_;
};

// The Django project a set of paths belongs to: the nearest folder at or above the first of them
// holding manage.py. Without one, only the files named are linked to each other.
std::optional<std::filesystem::path> project_root_for(const std::vector<std::string>& paths);

}  // namespace djust::lint::links
