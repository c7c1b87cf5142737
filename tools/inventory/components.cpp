// djust-inventory --components: the props of djust's built-in components, read from their source
// (the data of data/schema/components.json). See README.md.
#include "components.h"

#include "lint/python/python_parser.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using djust::lint::python::SyntaxTree;
using nlohmann::json;

namespace {

// The packages users import built-in components from (djust.components.<package>).
constexpr const char* kPackages[] = {"components", "ui", "layout"};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string text(const SyntaxTree& tree, TSNode node) {
  return ts_node_is_null(node) ? std::string() : std::string(tree.text(node));
}

std::string type(TSNode node) { return ts_node_is_null(node) ? "" : ts_node_type(node); }

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<std::uint32_t>(std::strlen(name)));
}

std::vector<TSNode> named_children(TSNode node) {
  std::vector<TSNode> out;
  for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i) out.push_back(ts_node_named_child(node, i));
  return out;
}

template <typename Visit>
void each_node(TSNode node, Visit visit) {
  visit(node);
  for (TSNode child : named_children(node)) each_node(child, visit);
}

// The attribute of self an expression reads first ("html.escape(self.action)" -> action): in
// `self.event or self.name` the second is only a fallback for an empty first.
std::set<std::string> self_attributes(const std::string& expression) {
  static const std::regex self_attribute(R"(\bself\.([A-Za-z_][A-Za-z_0-9]*))");
  std::smatch match;
  if (!std::regex_search(expression, match, self_attribute)) return {};
  return {match[1]};
}

// In one method: the self attributes whose value is written into a dj-* event attribute of the
// markup it builds, directly (dj-click="{self.action}") or through a local
// (e_event = html.escape(self.event); ... dj-click="{e_event}").
void event_attributes(const SyntaxTree& tree, TSNode method, std::set<std::string>& out) {
  std::map<std::string, std::set<std::string>> locals;
  each_node(method, [&](TSNode node) {
    if (type(node) != "assignment" || type(field(node, "left")) != "identifier") return;
    auto read = self_attributes(text(tree, field(node, "right")));
    locals[text(tree, field(node, "left"))].insert(read.begin(), read.end());
  });
  static const std::regex event_attribute(R"(dj-[a-z-]+=["']$)");
  each_node(method, [&](TSNode node) {
    if (type(node) != "string") return;
    std::string before;
    for (TSNode part : named_children(node)) {
      if (type(part) == "string_content") {
        before += text(tree, part);
      } else if (type(part) == "interpolation") {
        if (std::regex_search(before, event_attribute)) {
          const std::string expression = text(tree, field(part, "expression"));
          const auto read = self_attributes(expression);
          out.insert(read.begin(), read.end());
          if (auto it = locals.find(expression); it != locals.end()) out.insert(it->second.begin(), it->second.end());
        }
        before.clear();
      }
    }
  });
}

struct Component {
  std::string name;
  std::string module;
  std::string source;
  json props = json::array();
  json required = json::array();
  bool accepts_any_keyword = false;
  std::set<std::string> handler_props;
};

// Every top-level class of the file with its own __init__: its keyword parameters are its props.
std::vector<Component> components_in(const fs::path& root, const fs::path& file, const std::string& module) {
  const SyntaxTree tree = djust::lint::python::parse(slurp(file));
  std::vector<Component> out;
  for (TSNode statement : named_children(tree.root())) {
    if (type(statement) != "class_definition") continue;
    const std::string name = text(tree, field(statement, "name"));
    if (name.starts_with('_')) continue;
    std::vector<TSNode> methods;
    for (TSNode member : named_children(field(statement, "body"))) {
      if (type(member) == "decorated_definition") member = field(member, "definition");
      if (type(member) == "function_definition") methods.push_back(member);
    }
    auto init = std::find_if(methods.begin(), methods.end(),
                             [&](TSNode m) { return text(tree, field(m, "name")) == "__init__"; });
    if (init == methods.end()) continue;
    Component c;
    c.name = name;
    c.module = module;
    c.source = fs::relative(file, root).generic_string() + ":" + std::to_string(ts_node_start_point(*init).row + 1);
    std::map<std::string, std::string> prop_of_attribute;  // self.x = param
    for (TSNode parameter : named_children(field(*init, "parameters"))) {
      std::string kind = type(parameter);
      // `**kwargs: Any` is a typed parameter around the splat.
      if (kind == "typed_parameter") {
        const std::string inner = type(named_children(parameter).front());
        if (inner == "dictionary_splat_pattern" || inner == "list_splat_pattern") kind = inner;
      }
      if (kind == "dictionary_splat_pattern") {
        c.accepts_any_keyword = true;
        continue;
      }
      if (kind == "list_splat_pattern" || kind == "keyword_separator" || kind == "positional_separator") continue;
      const bool has_default = kind == "default_parameter" || kind == "typed_default_parameter";
      TSNode name_node = kind == "identifier" ? parameter : field(parameter, "name");
      if (kind == "typed_parameter") name_node = named_children(parameter).front();
      const std::string prop = text(tree, name_node);
      if (prop == "self" || prop.empty()) continue;
      c.props.push_back(prop);
      if (!has_default) c.required.push_back(prop);
      prop_of_attribute[prop] = prop;
    }
    each_node(field(*init, "body"), [&](TSNode node) {
      if (type(node) != "assignment") return;
      const std::string left = text(tree, field(node, "left"));
      const std::string right = text(tree, field(node, "right"));
      if (left.starts_with("self.") && std::find(c.props.begin(), c.props.end(), right) != c.props.end())
        prop_of_attribute[left.substr(5)] = right;
    });
    std::set<std::string> attributes;
    for (TSNode method : methods) event_attributes(tree, method, attributes);
    for (const auto& attribute : attributes)
      if (auto it = prop_of_attribute.find(attribute); it != prop_of_attribute.end())
        c.handler_props.insert(it->second);
    out.push_back(std::move(c));
  }
  return out;
}

// "from .button import Button" in djust/components/<package>/__init__.py: Button is importable
// from djust.components.<package>.
std::map<std::string, std::set<std::string>> exports_of(const fs::path& init, const std::string& package) {
  std::map<std::string, std::set<std::string>> out;  // defining module.Name -> importable paths
  if (!fs::exists(init)) return out;
  const SyntaxTree tree = djust::lint::python::parse(slurp(init));
  for (TSNode statement : named_children(tree.root())) {
    if (type(statement) != "import_from_statement") continue;
    const std::string from = text(tree, field(statement, "module_name"));
    if (!from.starts_with('.') || from.starts_with("..")) continue;
    const std::string defining = package + "." + from.substr(1);
    for (TSNode name : named_children(statement)) {
      if (ts_node_eq(name, field(statement, "module_name"))) continue;
      std::string imported = text(tree, type(name) == "aliased_import" ? field(name, "name") : name);
      const std::string alias = type(name) == "aliased_import" ? text(tree, field(name, "alias")) : imported;
      out[defining + "." + imported].insert(package + "." + alias);
    }
  }
  return out;
}

}  // namespace

json component_inventory(const fs::path& root) {
  const fs::path components = root / "python" / "djust" / "components";
  json out = json::array();
  // What djust.components itself re-exports from its packages.
  const auto top = exports_of(components / "__init__.py", "djust.components");
  for (const char* package : kPackages) {
    const std::string dotted = std::string("djust.components.") + package;
    const auto exported = exports_of(components / package / "__init__.py", dotted);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(components / package))
      if (entry.path().extension() == ".py" && entry.path().filename() != "__init__.py") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      for (auto& c : components_in(root, file, dotted + "." + file.stem().string())) {
        const std::string defined = c.module + "." + c.name;
        std::set<std::string> imports;
        if (auto it = exported.find(defined); it != exported.end()) imports = it->second;
        for (const auto& path : std::set<std::string>(imports))
          if (auto it = top.find(path); it != top.end()) imports.insert(it->second.begin(), it->second.end());
        json entry = {{"name", c.name},
                      {"module", c.module},
                      {"imported_from", json::array()},
                      {"source", c.source},
                      {"props", c.props},
                      {"required", c.required},
                      {"accepts_any_keyword", c.accepts_any_keyword},
                      {"handler_props", c.handler_props}};
        for (const auto& path : imports) entry["imported_from"].push_back(path.substr(0, path.rfind('.')));
        out.push_back(std::move(entry));
      }
    }
  }
  return {{"components", out}};
}
