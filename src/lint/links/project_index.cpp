#include "lint/links/project_index.h"

#include "knowledge/knowledge.h"

#include <algorithm>

namespace djust::lint::links {
namespace fs = std::filesystem;
namespace {

std::string last_component(const std::string& dotted) { return dotted.substr(dotted.rfind('.') + 1); }

// djust's own classes and the handlers they add, from the embedded data; nullptr if unknown.
const nlohmann::json* djust_class(const std::string& name) {
  const auto& section = knowledge::schema_section("mixins");
  for (const char* list : {"base_classes", "mixins"})
    for (const auto& entry : section.at(list))
      if (entry.at("name") == name) return &entry;
  return nullptr;
}

// The folder of an INSTALLED_APPS entry inside the project: "shop", or the AppConfig path
// "shop.apps.ShopConfig", whose nearest existing package folder is the app's.
std::optional<fs::path> app_folder(const fs::path& root, std::string app) {
  std::error_code ec;
  while (!app.empty()) {
    std::string relative = app;
    std::replace(relative.begin(), relative.end(), '.', '/');
    if (fs::is_directory(root / relative, ec)) return root / relative;
    const std::size_t dot = app.rfind('.');
    if (dot == std::string::npos) break;
    app.resize(dot);
  }
  return std::nullopt;
}

}  // namespace

ProjectIndex::ProjectIndex(fs::path root, std::vector<FileFacts> files, ProjectSettings settings)
    : root_(std::move(root)), files_(std::move(files)), settings_(std::move(settings)) {
  std::set<fs::path> roots;
  std::set<fs::path> dirs;  // TEMPLATES DIRS
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const FileFacts& f = files_[i];
    if (!f.file.empty()) file_index_[f.file] = i;
    for (const auto& dir : f.template_dirs) {
      const fs::path p(dir);
      dirs.insert((p.is_absolute() ? p : root_ / p).lexically_normal());
    }
    if (!f.template_facts || f.file.empty()) continue;
    for (fs::path dir = f.file.parent_path(); dir.has_relative_path(); dir = dir.parent_path()) {
      if (dir.filename() == "templates") roots.insert(dir);
      if (dir == root_) break;
    }
  }
  roots.insert(dirs.begin(), dirs.end());
  template_roots_.assign(roots.begin(), roots.end());
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (!files_[i].template_facts) continue;
    for (const auto& name : names_of(files_[i].file)) templates_by_name_[name].push_back(i);
  }
  drop_shadowed_copies(dirs);
  for (std::size_t i = 0; i < files_.size(); ++i)
    if (!files_[i].module.empty() && !files_[i].template_facts) modules_.emplace(files_[i].module, i);
  for (const auto& f : files_) {
    for (const auto& c : f.classes) {
      classes_by_name_.emplace(c.qualified, &c);
      for (std::size_t dot = c.qualified.find('.'); dot != std::string::npos; dot = c.qualified.find('.', dot + 1))
        classes_by_suffix_.emplace(c.qualified.substr(dot + 1), &c);
    }
  }
  for (const auto& f : files_) {
    for (const auto& c : f.classes) {
      for (const auto& base : c.bases)
        if (const ClassFacts* b = find_class(base)) subclassed_.insert(b);
      if (kind_of(c) == python::ClassKind::other) continue;  // a plain Django view renders no djust page
      for (const auto& page : pages_of(c).files) rendering_[page].push_back(&c);
    }
  }
  std::set<std::pair<const TemplateFacts*, bool>> in_progress;
  for (const auto& f : files_)
    if (f.template_facts)
      for (const bool with_parents : {false, true}) markup_of(*f.template_facts, with_parents, in_progress);
  // Templates rendered inside another template: included, or the page of a live_render'ed view.
  for (const auto& f : files_) {
    if (!f.template_facts) continue;
    for (const auto& name : f.template_facts->includes)
      for (const FileFacts* g : templates_named(name))
        if (g->file != f.file) included_.insert(g->file);
    for (const auto& view : f.template_facts->embedded_views)
      if (const ClassFacts* c = find_class(view))
        for (const auto& page : pages_of(*c).files) included_.insert(page);
  }
  for (const auto& f : files_) {
    auto note_embedded = [&](const TemplateFacts& facts) {
      for (const auto& view : facts.embedded_views)
        if (const ClassFacts* c = find_class(view)) live_rendered_.insert(c);
    };
    if (f.template_facts) note_embedded(*f.template_facts);
    for (const auto& c : f.classes)
      if (c.inline_template) note_embedded(*c.inline_template);
  }
}

void ProjectIndex::drop_shadowed_copies(const std::set<fs::path>& dirs) {
  if (!settings_.app_dirs || !settings_.installed_apps || root_.empty()) return;
  // Django's search order: every DIRS entry, then app templates/ folders in INSTALLED_APPS order.
  std::map<fs::path, std::size_t> rank;
  for (const auto& dir : dirs) rank.emplace(dir, 0);
  for (std::size_t i = 0; i < settings_.installed_apps->size(); ++i) {
    if (auto folder = app_folder(root_, (*settings_.installed_apps)[i]))
      rank.emplace((*folder / "templates").lexically_normal(), i + 1);
  }
  std::set<std::size_t> copies, rendered;  // file indices
  for (auto& [name, indices] : templates_by_name_) {
    // The folder a copy is found under is its path without the name's components.
    const fs::path relative(name);
    const auto depth = std::distance(relative.begin(), relative.end());
    auto rank_of = [&](std::size_t i) -> std::optional<std::size_t> {
      fs::path folder = files_[i].file;
      for (auto level = depth; level > 0; --level) folder = folder.parent_path();
      auto it = rank.find(folder);
      return it == rank.end() ? std::nullopt : std::optional(it->second);
    };
    std::optional<std::size_t> first;
    for (std::size_t i : indices)
      if (auto r = rank_of(i); r && (!first || *r < *first)) first = r;
    // Copies outside the search order are kept: the settings may add folders this reader cannot see.
    std::erase_if(indices, [&](std::size_t i) {
      copies.insert(i);
      const auto r = rank_of(i);
      const bool reached = !r || *r == *first;
      if (reached) rendered.insert(i);
      return !reached;
    });
  }
  for (std::size_t i : copies)
    if (!rendered.count(i)) shadowed_.insert(files_[i].file);
}

const FileFacts* ProjectIndex::file(const fs::path& path) const {
  auto it = file_index_.find(path);
  return it == file_index_.end() ? nullptr : &files_[it->second];
}

std::vector<std::string> ProjectIndex::names_of(const fs::path& template_file) const {
  std::vector<std::string> names;
  for (const auto& r : template_roots_) {
    const fs::path relative = template_file.lexically_relative(r);
    if (!relative.empty() && *relative.begin() != "..") names.push_back(relative.generic_string());
  }
  return names;
}

std::vector<const FileFacts*> ProjectIndex::templates_named(const std::string& name) const {
  std::vector<const FileFacts*> out;
  if (auto it = templates_by_name_.find(name); it != templates_by_name_.end())
    for (std::size_t i : it->second) out.push_back(&files_[i]);
  return out;
}

std::vector<std::string> ProjectIndex::template_names() const {
  std::vector<std::string> names;
  for (const auto& [name, files] : templates_by_name_) names.push_back(name);
  return names;
}

const ClassFacts* ProjectIndex::find_class(const std::string& qualified) const {
  if (const ClassFacts* c = find_defined_class(qualified)) return c;
  // A package re-exporting a class (`from .base import AppView` in views/__init__.py): follow
  // the imports a few modules deep.
  constexpr int kMaxReexports = 8;
  std::string path = qualified;
  for (int hop = 0; hop < kMaxReexports; ++hop) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) break;
    auto module = modules_.find(path.substr(0, dot));
    if (module == modules_.end()) break;
    const auto& imports = files_[module->second].imports;
    auto imported = imports.find(path.substr(dot + 1));
    if (imported == imports.end() || imported->second == path) break;
    path = imported->second;
    if (const ClassFacts* c = find_defined_class(path)) return c;
  }
  return nullptr;
}

std::optional<bool> ProjectIndex::module_has(const std::string& module, const std::string& name) const {
  auto it = modules_.find(module);
  if (it == modules_.end() || files_[it->second].star_imports) return std::nullopt;
  const FileFacts& f = files_[it->second];
  return f.imports.count(name) > 0 ||
         std::any_of(f.classes.begin(), f.classes.end(), [&](const ClassFacts& c) { return c.name == name; });
}

const ClassFacts* ProjectIndex::find_defined_class(const std::string& qualified) const {
  if (auto it = classes_by_name_.find(qualified); it != classes_by_name_.end()) return it->second;
  // The module path may start below the project root (a src/ layout): match on whole components.
  auto it = classes_by_suffix_.find(qualified);
  return it == classes_by_suffix_.end() ? nullptr : it->second;
}

bool ProjectIndex::has_subclasses(const ClassFacts& c) const { return subclassed_.count(&c) > 0; }

ProjectIndex::Handlers ProjectIndex::handlers_of(const ClassFacts& c) const {
  Handlers out;
  std::set<const ClassFacts*> seen;
  auto visit = [&](const ClassFacts& k, auto& self) -> void {
    if (!seen.insert(&k).second) return;
    for (const auto& h : k.handlers) out.callable.insert(h.name);
    for (const auto& m : k.methods)
      if (!out.callable.count(m)) out.plain.insert(m);
    for (const auto& base : k.bases) {
      if (base == "object") continue;
      if (base.starts_with("djust.")) {
        if (const nlohmann::json* known = djust_class(last_component(base))) {
          for (const auto& h : known->at("event_handlers")) out.callable.insert(h.get<std::string>());
          for (const auto& m : known->value("undecorated_methods", nlohmann::json::array()))
            out.plain.insert(m.get<std::string>());
        } else {
          out.complete = false;
        }
        continue;
      }
      if (const ClassFacts* b = find_class(base)) {
        self(*b, self);
      } else if (!base.starts_with("django.") && base.find('.') != std::string::npos) {
        // Django's classes define no djust handlers and an undotted unknown name is a builtin
        // (object, dict); anything else from outside the project may define some.
        out.complete = false;
      }
    }
  };
  visit(c, visit);
  for (const auto& name : out.callable) out.plain.erase(name);
  return out;
}

python::ClassKind ProjectIndex::kind_of(const ClassFacts& c) const {
  std::set<const ClassFacts*> seen;
  auto resolve = [&](const ClassFacts& k, auto& self) -> python::ClassKind {
    if (k.kind != python::ClassKind::unknown || !seen.insert(&k).second) return k.kind;
    // Other when every base is known to be other (a project base over Django's TemplateView).
    bool all_other = true;
    for (const auto& base : k.bases) {
      const ClassFacts* b = find_class(base);
      const auto kind = b                                  ? self(*b, self)
                        : python::is_framework_class(base) ? python::ClassKind::other
                                                           : python::ClassKind::unknown;
      if (kind == python::ClassKind::live_view || kind == python::ClassKind::live_component) return kind;
      all_other = all_other && kind == python::ClassKind::other;
    }
    return all_other ? python::ClassKind::other : python::ClassKind::unknown;
  };
  return resolve(c, resolve);
}

const ClassFacts* ProjectIndex::template_source(const ClassFacts& c) const {
  const ClassFacts* source = nullptr;
  std::set<const ClassFacts*> seen;
  auto find_source = [&](const ClassFacts& k, auto& self) -> void {
    if (source || !seen.insert(&k).second) return;
    if (k.inline_template || !k.template_names.empty() || k.computed_template) {
      source = &k;
      return;
    }
    for (const auto& base : k.bases)
      if (const ClassFacts* b = find_class(base)) self(*b, self);
  };
  find_source(c, find_source);
  return source;
}

ProjectIndex::Pages ProjectIndex::pages_of(const ClassFacts& c) const {
  Pages pages;
  const ClassFacts* source = template_source(c);
  if (!source) return pages;
  if (source->computed_template) pages.complete = false;
  std::set<fs::path> visited;
  if (source->inline_template) collect_pages(*source->inline_template, {}, pages, visited);
  for (const auto& name : source->template_names) {
    const auto found = templates_named(name);
    if (found.empty()) pages.complete = false;
    for (const FileFacts* f : found) collect_pages(*f->template_facts, f->file, pages, visited);
  }
  return pages;
}

void ProjectIndex::collect_pages(const TemplateFacts& facts, const fs::path& file, Pages& pages,
                                 std::set<fs::path>& seen) const {
  if (!file.empty()) {
    if (!seen.insert(file).second) return;
    pages.files.push_back(file);
  }
  pages.templates.push_back(&facts);
  if (facts.extends_computed || facts.includes_computed) pages.complete = false;
  std::vector<std::string> names = facts.includes;
  if (facts.extends) names.push_back(*facts.extends);
  for (const auto& name : names) {
    const auto found = templates_named(name);
    if (found.empty()) pages.complete = false;
    for (const FileFacts* f : found) collect_pages(*f->template_facts, f->file, pages, seen);
  }
}

std::vector<const ClassFacts*> ProjectIndex::classes_rendering(const fs::path& template_file) const {
  auto it = rendering_.find(template_file);
  return it == rendering_.end() ? std::vector<const ClassFacts*>{} : it->second;
}

ProjectIndex::PageMarkup ProjectIndex::page_markup(const TemplateFacts& facts) const {
  // Every template of the index was worked out when it was built; an inline template is not in
  // the index, so its own attributes are joined to what its includes and parent mark.
  if (auto it = page_markup_.find(&facts); it != page_markup_.end()) return it->second;
  PageMarkup markup{.root = facts.attribute_names.count("dj-root") > 0,
                    .view = facts.attribute_names.count("dj-view") > 0,
                    .filled_root = facts.view_filled_root,
                    .resolved = !facts.includes_computed && !facts.extends_computed};
  auto add = [&](const std::string& name, bool parent) {
    const auto found = templates_named(name);
    if (found.empty()) markup.resolved = false;
    for (const FileFacts* f : found) {
      const auto& known = parent ? page_markup_ : own_markup_;
      const PageMarkup& other = known.at(&*f->template_facts);
      markup.root |= other.root;
      markup.view |= other.view;
      markup.filled_root |= other.filled_root;
      markup.resolved &= other.resolved;
    }
  };
  for (const auto& name : facts.includes) add(name, false);
  if (facts.extends) add(*facts.extends, true);
  return markup;
}

ProjectIndex::PageMarkup ProjectIndex::markup_of(const TemplateFacts& facts, bool with_parents,
                                                 std::set<std::pair<const TemplateFacts*, bool>>& in_progress) {
  auto& known = with_parents ? page_markup_ : own_markup_;
  if (auto it = known.find(&facts); it != known.end()) return it->second;
  if (!in_progress.insert({&facts, with_parents}).second) return {.resolved = false};  // a cycle
  PageMarkup markup{.root = facts.attribute_names.count("dj-root") > 0,
                    .view = facts.attribute_names.count("dj-view") > 0,
                    .filled_root = facts.view_filled_root,
                    .resolved = !facts.includes_computed && !(with_parents && facts.extends_computed)};
  auto add = [&](const std::string& name, bool parent) {
    const auto found = templates_named(name);
    if (found.empty()) markup.resolved = false;
    for (const FileFacts* f : found) {
      const PageMarkup other = markup_of(*f->template_facts, parent, in_progress);
      markup.root |= other.root;
      markup.view |= other.view;
      markup.filled_root |= other.filled_root;
      markup.resolved &= other.resolved;
    }
  };
  for (const auto& name : facts.includes) add(name, false);
  if (with_parents && facts.extends) add(*facts.extends, true);
  in_progress.erase({&facts, with_parents});
  known[&facts] = markup;
  return markup;
}

bool ProjectIndex::included_elsewhere(const fs::path& template_file) const {
  return included_.count(template_file) > 0;
}

std::optional<fs::path> project_root_for(const std::vector<std::string>& paths) {
  std::error_code ec;
  fs::path start = fs::absolute(paths.empty() ? fs::path(".") : fs::path(paths.front()), ec).lexically_normal();
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "manage.py", ec)) return dir;
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

}  // namespace djust::lint::links
