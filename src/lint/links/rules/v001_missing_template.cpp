// V001: a LiveView with no template_name or template has nothing to render; nor has one whose
// template_name is a misspelling of a project template's name.
#include "core/text.h"
#include "lint/links/rules/project_rule.h"

#include <filesystem>

namespace djust::lint::links {
namespace {

namespace fs = std::filesystem;

std::string folder_of(const std::string& name) {
  const std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? std::string() : name.substr(0, slash);
}

// The words of a template's file name, without its folder and extension: "maintenance", "form".
std::vector<std::string> stem_words(const std::string& name) {
  const std::size_t slash = name.rfind('/');
  const std::string file = slash == std::string::npos ? name : name.substr(slash + 1);
  const std::string stem = file.substr(0, file.rfind('.'));
  std::vector<std::string> words(1);
  for (char ch : stem) {
    if (ch == '_' || ch == '-' || ch == '.')
      words.emplace_back();
    else
      words.back() += ch;
  }
  return words;
}

// A misspelling slips letters within the words of a name ("maintenence_form") or the separators
// between them ("maintenanceform"); a name with another word in it ("maintenance_list") is another
// template. Each word is held to the product's suggestion distance (core::closest_match).
bool is_misspelling_of(const std::string& name, const std::string& candidate) {
  if (folder_of(name) != folder_of(candidate) || fs::path(name).extension() != fs::path(candidate).extension())
    return false;
  const auto words = stem_words(name);
  const auto candidate_words = stem_words(candidate);
  if (words.size() != candidate_words.size()) return core::join(words, "") == core::join(candidate_words, "");
  for (std::size_t i = 0; i < words.size(); ++i)
    if (!core::closest_match(words[i], {candidate_words[i]})) return false;
  return true;
}

// Only names in a folder the project's own templates use are checked: "account/login.html" may
// come from an installed app (allauth), whose templates are not in the project.
std::optional<std::string> near_match(const std::string& name, const ProjectIndex& project) {
  if (!name.ends_with(".html") && !name.ends_with(".htm")) return std::nullopt;  // only these are read
  std::vector<std::string> misspelt;
  for (const auto& known : project.template_names())
    if (is_misspelling_of(name, known)) misspelt.push_back(known);
  return core::closest_match(name, misspelt);
}

void check_template_name(const ClassFacts& c, const ProjectIndex& project, Reporter& reporter) {
  if (c.template_names.empty() || !c.template_name_span) return;
  const std::string& name = c.template_names.front();
  if (!project.templates_named(name).empty()) return;
  if (auto suggestion = near_match(name, project))
    reporter.report(*c.template_name_span, "template_name '" + name + "' of '" + c.name +
                                               "' names no template in the project, so it cannot render; did you "
                                               "mean '" +
                                               *suggestion + "'?");
}

void check(const FileFacts& file, const ProjectIndex& project, Reporter& reporter) {
  for (const auto& c : file.classes) {
    const auto kind = project.kind_of(c);
    if (kind == python::ClassKind::live_view || kind == python::ClassKind::live_component)
      check_template_name(c, project, reporter);
    // Base classes (abstract, or inherited from anywhere in the project) need no template of their own.
    if (kind != python::ClassKind::live_view || c.abstract || project.has_subclasses(c)) continue;
    if (!project.handlers_of(c).complete) continue;  // a base we cannot read may supply it
    if (!project.template_source(c))
      reporter.report(c.name_span, "LiveView '" + c.name + "' has no template_name or template, so it cannot render");
  }
}

}  // namespace

const ProjectRule& missing_template_rule() {
  static const ProjectRule rule{
      {.id = "V001",
       .name = "missing-template",
       .default_enabled = true,
       .summary = "LiveView without template_name or template",
       .explanation =
           "A LiveView renders its template_name (a template file) or its template (an inline string). "
           "Without either, and without get_template_names(), rendering fails at the first request. "
           "Classes marked `abstract = True` and classes that other classes in the project inherit from "
           "are base classes and are not checked; neither are views with a base that cannot be read, "
           "since it may supply the template. A template_name that no templates/ folder of the project (nor a "
           "TEMPLATES DIRS entry) holds, when one of the project's templates is a near match, is a "
           "misspelling and is reported with that name. A near match sits in the same folder, has the same "
           "extension and differs only by slips within the words of the file name (each word within about a "
           "third of its letters) or by the separators between them: 'maintenance_list.html' is no "
           "suggestion for 'maintenance_form.html'. Other names may come from an installed app, whose "
           "templates are not read, and are left alone.",
       .bad_example = R"py(from djust import LiveView


class CounterView(LiveView):
    def mount(self, request, **kwargs):
        self.count = 0
)py",
       .good_example = R"py(from djust import LiveView


class CounterView(LiveView):
    template_name = "counter/counter.html"

    def mount(self, request, **kwargs):
        self.count = 0
)py",
       .fix_hint = "Set template_name = \"app/name.html\" (or an inline template = \"...\") on the class."},
      check};
  return rule;
}

}  // namespace djust::lint::links
