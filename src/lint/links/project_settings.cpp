#include "lint/links/project_settings.h"

#include "lint/engine.h"
#include "lint/python/model.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace djust::lint::links {
namespace fs = std::filesystem;
namespace {

// Settings modules import each other in short chains (base <- dev <- local); deeper means a cycle
// or something this reader should not chase.
constexpr int kMaxImportDepth = 8;

// A setting's value as far as it could be read: literals only. `complete` is false when some part
// (or all of it) is computed; that part is null in `json`.
struct Value {
  nlohmann::json json;
  bool complete = false;
};

using Settings = std::map<std::string, Value, std::less<>>;

// The text of a plain string literal; nullopt for f-strings and anything else.
std::optional<std::string> string_value(const python::SyntaxTree& tree, TSNode node) {
  if (python::node_type(node) == "concatenated_string") {
    std::string joined;
    bool plain = true;
    python::for_each_child(node, [&](TSNode part, std::string_view) {
      auto text = string_value(tree, part);
      plain = plain && text;
      if (text) joined += *text;
    });
    return plain ? std::optional(joined) : std::nullopt;
  }
  if (python::node_type(node) != "string") return std::nullopt;
  std::string text;
  bool plain = true;
  python::for_each_child(node, [&](TSNode child, std::string_view) {
    const std::string_view type = python::node_type(child);
    if (type == "string_start") plain = plain && tree.text(child).find_first_of("fF") == std::string_view::npos;
    if (type == "interpolation") plain = false;
    if (type == "string_content" || type == "escape_sequence") text += tree.text(child);
  });
  return plain ? std::optional(text) : std::nullopt;
}

// Settings nest a few levels; a value nested deeper than this (hostile or generated input, 20,000
// parentheses) is unknown rather than a stack overflow.
constexpr int kMaxValueDepth = 64;

Value evaluate(const python::SyntaxTree& tree, TSNode node, const Settings& known, int depth = 0) {
  if (depth > kMaxValueDepth) return {};
  const std::string_view type = python::node_type(node);
  if (auto text = string_value(tree, node)) return {*text, true};
  if (type == "true" || type == "false") return {type == "true", true};
  if (type == "none") return {nullptr, true};
  if (type == "parenthesized_expression") return evaluate(tree, ts_node_named_child(node, 0), known, depth + 1);
  if (type == "identifier") {
    auto it = known.find(tree.text(node));
    return it == known.end() ? Value{} : it->second;
  }
  if (type == "list" || type == "tuple") {
    Value out{nlohmann::json::array(), true};
    python::for_each_child(node, [&](TSNode element, std::string_view) {
      if (!ts_node_is_named(element) || python::node_type(element) == "comment") return;
      Value v = evaluate(tree, element, known, depth + 1);
      out.complete = out.complete && v.complete;
      out.json.push_back(std::move(v.json));
    });
    return out;
  }
  if (type == "dictionary") {
    Value out{nlohmann::json::object(), true};
    python::for_each_child(node, [&](TSNode pair, std::string_view) {
      if (python::node_type(pair) == "comment" || !ts_node_is_named(pair)) return;
      const auto key =
          python::node_type(pair) == "pair" ? string_value(tree, python::child_by_field(pair, "key")) : std::nullopt;
      if (!key) {
        out.complete = false;  // **other or a computed key
        return;
      }
      Value v = evaluate(tree, python::child_by_field(pair, "value"), known, depth + 1);
      out.complete = out.complete && v.complete;
      out.json[*key] = std::move(v.json);
    });
    return out;
  }
  if (type == "binary_operator") {
    const TSNode op = python::child_by_field(node, "operator");
    Value left = evaluate(tree, python::child_by_field(node, "left"), known, depth + 1);
    Value right = evaluate(tree, python::child_by_field(node, "right"), known, depth + 1);
    if (!python::is_null(op) && tree.text(op) == "+" && left.json.is_array() && right.json.is_array()) {
      left.json.insert(left.json.end(), right.json.begin(), right.json.end());
      return {std::move(left.json), left.complete && right.complete};
    }
  }
  return {};
}

// The module a `from X import *` names, as a file under the project root.
std::optional<fs::path> module_file(const fs::path& root, const std::string& dotted) {
  if (dotted.empty()) return std::nullopt;
  fs::path path = root;
  for (std::size_t start = 0; start <= dotted.size();) {
    const std::size_t dot = std::min(dotted.find('.', start), dotted.size());
    path /= dotted.substr(start, dot - start);
    start = dot + 1;
  }
  std::error_code ec;
  if (fs::is_regular_file(fs::path(path).concat(".py"), ec)) return fs::path(path).concat(".py");
  if (fs::is_regular_file(path / "__init__.py", ec)) return path / "__init__.py";
  return std::nullopt;
}

std::string parent_module(const std::string& dotted) {
  const std::size_t dot = dotted.rfind('.');
  return dot == std::string::npos ? std::string() : dotted.substr(0, dot);
}

// ".base" imported in package "site.settings" -> "site.settings.base"; absolute names unchanged.
std::string absolute_module(std::string package, std::string_view name) {
  std::size_t dots = 0;
  while (dots < name.size() && name[dots] == '.') ++dots;
  if (dots == 0) return std::string(name);
  for (std::size_t i = 1; i < dots; ++i) package = parent_module(package);
  const std::string rest(name.substr(dots));
  if (package.empty()) return rest;
  return rest.empty() ? package : package + "." + rest;
}

class SettingsReader {
 public:
  explicit SettingsReader(fs::path root) : root_(std::move(root)) {}

  // Runs module `dotted` (its file `file`) over `settings`, as `import` would.
  void run(const std::string& dotted, const fs::path& file, Settings& settings, int depth) {
    if (depth > kMaxImportDepth || !visiting_.insert(file).second) return;
    SourceText source = read_source(file);
    if (!source.error)
      run_text(std::move(source.text), file.filename() == "__init__.py" ? dotted : parent_module(dotted), settings,
               depth);
    visiting_.erase(file);
  }

  // `package`: the package relative imports start from.
  void run_text(std::string text, const std::string& package, Settings& settings, int depth) {
    const python::SyntaxTree tree = python::parse(std::move(text));
    python::for_each_child(tree.root(), [&](TSNode statement, std::string_view) {
      run_statement(tree, statement, package, settings, depth, true);
    });
  }

 private:
  // `top_level` false: the statement sits in an if/for/with body, so whatever it assigns may or
  // may not have run; try bodies count as run (a failing import falls through to except).
  void run_statement(const python::SyntaxTree& tree, TSNode statement, const std::string& package, Settings& settings,
                     int depth, bool top_level) {
    const std::string_view type = python::node_type(statement);
    if (type == "import_from_statement") {
      bool star = false;
      python::for_each_child(statement, [&](TSNode child, std::string_view) {
        star = star || python::node_type(child) == "wildcard_import";
      });
      const TSNode from = python::child_by_field(statement, "module_name");
      if (!star || python::is_null(from)) return;
      const std::string imported = absolute_module(package, tree.text(from));
      if (root_.empty()) return;  // text on its own: its imports cannot be found
      if (auto file = module_file(root_, imported)) run(imported, *file, settings, depth + 1);
      return;
    }
    if (type == "expression_statement") {
      python::for_each_child(statement, [&](TSNode child, std::string_view) {
        const std::string_view kind = python::node_type(child);
        if (kind == "assignment" || kind == "augmented_assignment") assign(tree, child, settings, top_level);
      });
      return;
    }
    if (type == "try_statement") {
      python::for_each_child(python::child_by_field(statement, "body"), [&](TSNode child, std::string_view) {
        run_statement(tree, child, package, settings, depth, top_level);
      });
      return;
    }
    if (type == "if_statement" || type == "for_statement" || type == "while_statement" || type == "with_statement") {
      visit_assignments(statement, [&](TSNode assignment) { assign(tree, assignment, settings, false); });
    }
  }

  template <typename Visit>
  static void visit_assignments(TSNode node, Visit visit) {
    python::for_each_child(node, [&](TSNode child, std::string_view) {
      const std::string_view kind = python::node_type(child);
      if (kind == "assignment" || kind == "augmented_assignment")
        visit(child);
      else if (kind != "function_definition" && kind != "class_definition")
        visit_assignments(child, visit);
    });
  }

  static void assign(const python::SyntaxTree& tree, TSNode assignment, Settings& settings, bool certain) {
    const TSNode left = python::child_by_field(assignment, "left");
    const TSNode right = python::child_by_field(assignment, "right");
    if (python::node_type(left) == "subscript") {
      // LIVEVIEW_CONFIG["event_security"] = "open"
      const std::string name(tree.text(python::child_by_field(left, "value")));
      const auto key = string_value(tree, python::child_by_field(left, "subscript"));
      auto it = settings.find(name);
      if (it == settings.end()) return;
      if (!certain || !key || !it->second.json.is_object()) {
        it->second = {};
        return;
      }
      Value v = evaluate(tree, right, settings);
      it->second.complete = it->second.complete && v.complete;
      it->second.json[*key] = std::move(v.json);
      return;
    }
    if (python::node_type(left) != "identifier") return;
    const std::string name(tree.text(left));
    Value v = python::is_null(right) ? Value{} : evaluate(tree, right, settings);
    if (python::node_type(assignment) == "augmented_assignment") {
      const TSNode op = python::child_by_field(assignment, "operator");
      auto it = settings.find(name);
      if (it != settings.end() && tree.text(op) == "+=" && it->second.json.is_array() && v.json.is_array()) {
        it->second.json.insert(it->second.json.end(), v.json.begin(), v.json.end());
        it->second.complete = it->second.complete && v.complete;
        v = it->second;
      } else {
        v = {};
      }
    }
    if (!certain) v.complete = false;
    settings[name] = std::move(v);
  }

  fs::path root_;
  std::set<fs::path> visiting_;
};

// The module manage.py sets DJANGO_SETTINGS_MODULE to: os.environ.setdefault("...", "site.settings").
std::optional<std::string> settings_module_named_by(const fs::path& manage_py) {
  const SourceText source = read_source(manage_py);
  if (source.error) return std::nullopt;
  const std::string& text = source.text;
  const std::size_t key = text.find("DJANGO_SETTINGS_MODULE");
  if (key == std::string::npos) return std::nullopt;
  const std::size_t comma = text.find(',', key);
  if (comma == std::string::npos) return std::nullopt;
  const std::size_t open = text.find_first_not_of(" \t\r\n", comma + 1);
  if (open == std::string::npos || (text[open] != '"' && text[open] != '\'')) return std::nullopt;
  const std::size_t close = text.find(text[open], open + 1);
  if (close == std::string::npos) return std::nullopt;
  return text.substr(open + 1, close - open - 1);
}

std::optional<std::vector<std::string>> string_list(const Value& value) {
  if (!value.complete || !value.json.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& entry : value.json) {
    if (!entry.is_string()) return std::nullopt;
    out.push_back(entry.get<std::string>());
  }
  return out;
}

// djust merges DJUST_CONFIG under LIVEVIEW_CONFIG: the latter wins a key both set (config.py).
std::optional<nlohmann::json> event_security_value(const Settings& settings) {
  for (const char* name : {"LIVEVIEW_CONFIG", "DJUST_CONFIG"}) {
    auto it = settings.find(name);
    if (it == settings.end()) continue;
    if (!it->second.json.is_object()) return std::nullopt;  // computed: cannot tell
    if (auto value = it->second.json.find("event_security"); value != it->second.json.end()) return *value;
  }
  return nlohmann::json("strict");
}

ProjectSettings settings_from(const Settings& settings) {
  ProjectSettings out;
  if (auto mode = event_security_value(settings); mode && mode->is_string()) {
    // An invalid mode falls back to strict, as djust's config does.
    const std::string name = mode->get<std::string>();
    for (EventSecurity m : {EventSecurity::warn, EventSecurity::open})
      if (name == event_security_name(m)) out.event_security = m;
  }
  if (auto it = settings.find("LIVEVIEW_ALLOWED_MODULES"); it != settings.end()) {
    auto modules = string_list(it->second);
    if (modules) std::erase(*modules, std::string());
    if (modules && !modules->empty()) out.allowed_modules = std::move(modules);
  }
  if (auto it = settings.find("INSTALLED_APPS"); it != settings.end()) out.installed_apps = string_list(it->second);
  if (auto it = settings.find("TEMPLATES"); it != settings.end() && it->second.json.is_array()) {
    auto member = [](const nlohmann::json& object, const char* key) {
      auto found = object.find(key);
      return found == object.end() ? nlohmann::json() : *found;
    };
    for (const auto& backend : it->second.json)
      if (backend.is_object() && member(backend, "BACKEND") == "django.template.backends.django.DjangoTemplates")
        out.app_dirs = member(backend, "APP_DIRS") == true;
  }
  return out;
}

}  // namespace

std::string_view event_security_name(EventSecurity mode) {
  switch (mode) {
    case EventSecurity::strict:
      return "strict";
    case EventSecurity::warn:
      return "warn";
    case EventSecurity::open:
      return "open";
  }
  return "strict";
}

bool module_within(std::string_view module, std::string_view prefix) {
  while (!prefix.empty() && prefix.back() == '.') prefix.remove_suffix(1);
  if (prefix.empty()) return false;
  return module == prefix ||
         (module.starts_with(prefix) && module.size() > prefix.size() && module[prefix.size()] == '.');
}

std::optional<std::vector<std::string>> ProjectSettings::mountable_prefixes() const {
  if (allowed_modules) return allowed_modules;
  if (!installed_apps) return std::nullopt;
  std::set<std::string> prefixes{"djust"};
  for (const auto& app : *installed_apps)
    if (!app.empty()) prefixes.insert(app.substr(0, app.find('.')));
  return std::vector<std::string>(prefixes.begin(), prefixes.end());
}

ProjectSettings read_project_settings(const fs::path& root) {
  const auto dotted = settings_module_named_by(root / "manage.py");
  const auto file = dotted ? module_file(root, *dotted) : std::nullopt;
  if (!file) return {};
  Settings settings;
  SettingsReader(root).run(*dotted, *file, settings, 0);
  ProjectSettings out = settings_from(settings);
  out.file = *file;
  return out;
}

ProjectSettings read_settings_text(std::string text) {
  Settings settings;
  SettingsReader({}).run_text(std::move(text), "", settings, 0);
  return settings_from(settings);
}

}  // namespace djust::lint::links
