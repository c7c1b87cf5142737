// djust-inventory: what a djust source tree offers (dj-* attributes its client reads, decorators,
// public mixins) against what data/ describes, and with --check-facts the facts of data/ that can be
// checked mechanically against the source. Not part of the shipped binary; see README.md.
#include "components.h"
#include "lint/python/python_parser.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// JavaScript: string literals outside comments, and the code just before each.
// ---------------------------------------------------------------------------------------------
struct Literal {
  std::string text;
  std::string before;  // the code on the same line before the literal
  std::size_t line;
};

// A small lexer: skips // and /* */ comments, collects '...', "..." and `...` literals (template
// literal text including ${...} parts). A regex literal is not recognised; the client's regexes
// contain no dj- names, so a mis-lexed one cannot add a name.
std::vector<Literal> string_literals(const std::string& src) {
  std::vector<Literal> out;
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < src.size();) {
    const char c = src[i];
    if (c == '\n') {
      ++line;
      line_start = ++i;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      while (i < src.size() && src[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      const std::size_t end = src.find("*/", i + 2);
      const std::size_t stop = end == std::string::npos ? src.size() : end + 2;
      line += static_cast<std::size_t>(
          std::count(src.begin() + static_cast<long>(i), src.begin() + static_cast<long>(stop), '\n'));
      i = stop;
    } else if (c == '\'' || c == '"' || c == '`') {
      Literal lit{.text = {}, .before = src.substr(line_start, i - line_start), .line = line};
      for (++i; i < src.size() && src[i] != c; ++i) {
        if (src[i] == '\\' && i + 1 < src.size()) {  // an escape is not part of a name
          ++i;
          lit.text += ' ';
          continue;
        }
        if (src[i] == '\n') {
          if (c != '`') break;  // an unterminated quote ends at the line
          ++line;
          line_start = i + 1;
        }
        lit.text += src[i];
      }
      if (i < src.size() && src[i] == c) ++i;  // an unterminated quote leaves its newline to be counted
      out.push_back(std::move(lit));
    } else if (c == '/' && src.compare(i + 1, 4, "^dj-") == 0) {
      // A regular expression anchored on an attribute name, such as /^dj-loading\.(.+)$/: its fixed
      // start is a prefix the client matches attribute names against.
      Literal lit{.text = {}, .before = src.substr(line_start, i - line_start), .line = line};
      for (i += 2; i < src.size(); ++i) {
        if (src[i] == '\\' && i + 1 < src.size() && src[i + 1] == '.') {
          lit.text += '.';
          ++i;
        } else if (std::islower(static_cast<unsigned char>(src[i])) ||
                   std::isdigit(static_cast<unsigned char>(src[i])) || src[i] == '-') {
          lit.text += src[i];
        } else {
          break;
        }
      }
      out.push_back(std::move(lit));
    } else {
      ++i;
    }
  }
  return out;
}

bool ends_with_call(const std::string& before, std::initializer_list<const char*> calls) {
  std::string tail = before;
  while (!tail.empty() && (tail.back() == ' ' || tail.back() == '(')) tail.pop_back();
  for (const char* call : calls)
    if (tail.ends_with(call)) return true;
  return false;
}

struct Sighting {
  std::string file;
  std::size_t line;
};

// Attribute names (or prefixes ending in '-' or '.') the client reads: a literal that is exactly a
// dj- name, unless the code hands it to a class, event or element API; and [dj-...] inside
// selector strings.
std::map<std::string, Sighting> js_attributes(const fs::path& root, const std::vector<fs::path>& files) {
  static const std::regex whole(R"(^dj-[a-z0-9]+(?:-[a-z0-9]+)*(?:-|\.[a-z]*)?$)");
  static const std::regex selector(R"(\[(dj-[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z]+)?)\s*[\]=~^$*|])");
  std::map<std::string, Sighting> found;
  for (const auto& file : files) {
    const std::string rel = fs::relative(file, root).string();
    for (const auto& lit : string_literals(read_file(file))) {
      auto add = [&](const std::string& name) { found.try_emplace(name, Sighting{rel, lit.line}); };
      if (std::regex_match(lit.text, whole)) {
        const bool not_attribute =
            ends_with_call(lit.before, {"classList.add", "classList.remove", "classList.contains", "classList.toggle",
                                        "CustomEvent", "addEventListener", "removeEventListener", "createElement",
                                        "getElementById", "className =", "className=", "id =", "_ID =", "||"});
        if (!not_attribute) add(lit.text);
      }
      for (std::sregex_iterator it(lit.text.begin(), lit.text.end(), selector), end; it != end; ++it) add((*it)[1]);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Python, with tree-sitter.
// ---------------------------------------------------------------------------------------------
using djust::lint::python::SyntaxTree;

std::string node_text(const SyntaxTree& tree, TSNode node) { return std::string(tree.text(node)); }

std::vector<TSNode> children(TSNode node) {
  std::vector<TSNode> out;
  for (std::uint32_t i = 0; i < ts_node_named_child_count(node); ++i) out.push_back(ts_node_named_child(node, i));
  return out;
}

std::string type_of(TSNode node) { return ts_node_type(node); }

// Top-level statements, looking through `if` blocks (decorators.py and theming define some names
// under a feature test).
void top_level(TSNode block, std::vector<TSNode>& out) {
  for (TSNode n : children(block)) {
    if (type_of(n) == "if_statement") {
      for (TSNode part : children(n))
        if (type_of(part) == "block") top_level(part, out);
    } else {
      out.push_back(n);
    }
  }
}

struct Definition {
  std::string kind;  // "def" or "class"
  std::size_t line;
  std::string docstring;
};

struct Module {
  std::map<std::string, Definition> definitions;
  std::vector<std::string> all;  // __all__, when the module declares one
};

std::string strip_quotes(std::string s) {
  const auto first = s.find_first_of("'\"");
  const auto last = s.find_last_of("'\"");
  return first == std::string::npos || last <= first ? s : s.substr(first + 1, last - first - 1);
}

Module read_module(const fs::path& path) {
  const SyntaxTree tree = djust::lint::python::parse(read_file(path));
  Module module;
  std::vector<TSNode> statements;
  top_level(tree.root(), statements);
  for (TSNode n : statements) {
    if (type_of(n) == "decorated_definition") n = ts_node_child_by_field_name(n, "definition", 10);
    const std::string t = type_of(n);
    if (t == "function_definition" || t == "class_definition") {
      const std::string name = node_text(tree, ts_node_child_by_field_name(n, "name", 4));
      std::string doc;
      const TSNode body = ts_node_child_by_field_name(n, "body", 4);
      if (!ts_node_is_null(body) && ts_node_named_child_count(body) > 0) {
        const TSNode first = ts_node_named_child(body, 0);
        if (type_of(first) == "expression_statement" && ts_node_named_child_count(first) > 0 &&
            type_of(ts_node_named_child(first, 0)) == "string")
          doc = node_text(tree, ts_node_named_child(first, 0));
      }
      module.definitions.try_emplace(
          name, Definition{t == "class_definition" ? "class" : "def", ts_node_start_point(n).row + 1, doc});
    } else if (t == "expression_statement" && ts_node_named_child_count(n) > 0 &&
               type_of(ts_node_named_child(n, 0)) == "assignment") {
      const TSNode assign = ts_node_named_child(n, 0);
      if (node_text(tree, ts_node_child_by_field_name(assign, "left", 4)) != "__all__") continue;
      const TSNode right = ts_node_child_by_field_name(assign, "right", 5);
      for (TSNode item : children(right))
        if (type_of(item) == "string") module.all.push_back(strip_quotes(node_text(tree, item)));
    }
  }
  return module;
}

std::string module_name(const fs::path& package_root, const fs::path& file) {
  fs::path rel = fs::relative(file, package_root.parent_path());
  std::string dotted;
  for (const auto& part : rel.replace_extension()) dotted += (dotted.empty() ? "" : ".") + part.string();
  if (dotted.ends_with(".__init__")) dotted.erase(dotted.size() - 9);
  return dotted;
}

bool private_path(const fs::path& rel) {
  for (const auto& part : rel) {
    const std::string s = part.string();
    if (s.starts_with('_') && s != "__init__.py") return true;
    if (s == "tests" || s == "testing.py" || s.starts_with("test_")) return true;
  }
  return false;
}

// Decorators: the public functions of djust/decorators.py (its __all__ and top-level defs, minus
// the is_* predicates), and names in djust/__init__.py's __all__ defined elsewhere as a def whose
// docstring calls it a decorator or shows it used with @.
std::map<std::string, Sighting> python_decorators(const fs::path& root, const fs::path& package) {
  std::map<std::string, Sighting> found;
  const fs::path decorators_py = package / "decorators.py";
  const Module decorators = read_module(decorators_py);
  const std::string rel = fs::relative(decorators_py, root).string();
  std::set<std::string> names(decorators.all.begin(), decorators.all.end());
  for (const auto& [name, def] : decorators.definitions)
    if (def.kind == "def" && !name.starts_with('_')) names.insert(name);
  for (const auto& name : names) {
    if (name.starts_with("is_")) continue;
    auto it = decorators.definitions.find(name);
    found.try_emplace(name, Sighting{rel, it == decorators.definitions.end() ? 0 : it->second.line});
  }
  const Module package_init = read_module(package / "__init__.py");
  const std::set<std::string> exported(package_init.all.begin(), package_init.all.end());
  for (const auto& entry : fs::recursive_directory_iterator(package)) {
    if (entry.path().extension() != ".py" || private_path(fs::relative(entry.path(), package))) continue;
    const Module m = read_module(entry.path());
    for (const auto& [name, def] : m.definitions) {
      if (def.kind != "def" || !exported.count(name) || found.count(name)) continue;
      std::string doc = def.docstring;
      std::transform(doc.begin(), doc.end(), doc.begin(), [](unsigned char c) { return std::tolower(c); });
      if (doc.find("decorator") != std::string::npos || doc.find("@" + name) != std::string::npos)
        found.try_emplace(name, Sighting{fs::relative(entry.path(), root).string(), def.line});
    }
  }
  return found;
}

// Mixins: every top-level class named *Mixin in a public module, keyed "module.Name".
std::map<std::string, Sighting> python_mixins(const fs::path& root, const fs::path& package) {
  std::map<std::string, Sighting> found;
  for (const auto& entry : fs::recursive_directory_iterator(package)) {
    if (entry.path().extension() != ".py" || private_path(fs::relative(entry.path(), package))) continue;
    const Module m = read_module(entry.path());
    for (const auto& [name, def] : m.definitions)
      if (def.kind == "class" && name.ends_with("Mixin") && !name.starts_with('_'))
        found.try_emplace(module_name(package, entry.path()) + "." + name,
                          Sighting{fs::relative(entry.path(), root).string(), def.line});
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// data/ and the comparison.
// ---------------------------------------------------------------------------------------------
json load_json(const fs::path& path) { return json::parse(read_file(path)); }

// Every dj-* name data/ describes: directives with their options, markers, internal attributes,
// families, attributes of optional scripts. A name ending in '*' covers a prefix.
// Directives data/ keeps although the client does not read them, with the reason in the entry:
// marked inert (documented by djust, ignored by its client) or read by the server (a source outside
// static/).
std::set<std::string> explained_directives(const json& directives) {
  std::set<std::string> names;
  for (const auto& d : directives.at("directives"))
    if (d.contains("inert") ||
        (d.contains("source") && d.at("source").get<std::string>().find("/static/") == std::string::npos))
      names.insert(d.at("name").get<std::string>());
  return names;
}

std::set<std::string> data_attribute_names(const json& directives) {
  std::set<std::string> names;
  for (const auto& d : directives.at("directives")) {
    const std::string name = d.at("name");
    names.insert(name);
    for (const auto& o : d.value("options", json::array())) names.insert(o.at("name").get<std::string>());
    // dj-model's .lazy and .debounce-N: the client reads "dj-model.lazy" and the prefix "dj-model.debounce".
    if (!name.ends_with('*'))
      for (const auto& m : d.at("modifiers")) {
        std::string modifier = m.at("name");
        if (modifier.ends_with("-N")) modifier.erase(modifier.size() - 2);
        names.insert(name + modifier);
      }
  }
  for (const char* key : {"template_markers", "internal_attributes", "optional_script_attributes"})
    for (const auto& e : directives.value(key, json::array())) names.insert(e.at("name"));
  for (const auto& f : directives.value("families", json::array())) names.insert(f.at("pattern"));
  return names;
}

// A source name is covered by an exact data name, by a data family (dj-window-* covers dj-window-
// and dj-window-keydown), or, for a prefix the client reads (dj-loading.), by data names under it.
bool covered(const std::string& name, const std::set<std::string>& data) {
  if (data.count(name)) return true;
  for (const auto& d : data) {
    if (d.ends_with('*') && name.starts_with(d.substr(0, d.size() - 1))) return true;
    if ((name.ends_with('-') || name.ends_with('.')) && d.starts_with(name)) return true;
  }
  return false;
}

struct Figures {
  std::string list;
  std::size_t in_source = 0, covered = 0, omitted = 0, explained_extra = 0;
  std::vector<std::string> missing, extra;
};

void print(const Figures& f, bool verbose) {
  const std::size_t explained = f.covered + f.omitted;
  std::cout << f.list << ": in source " << f.in_source << ", covered by data " << f.covered << ", deliberately omitted "
            << f.omitted << ", missing " << f.missing.size() << ", in data but not in source "
            << f.extra.size() + f.explained_extra << " (" << f.explained_extra << " explained in data)"
            << "  (covered " << f.covered << "/" << f.in_source << ", explained " << explained << "/" << f.in_source
            << ")\n";
  if (!verbose) return;
  for (const auto& m : f.missing) std::cout << "  missing: " << m << "\n";
  for (const auto& e : f.extra) std::cout << "  not in source: " << e << "\n";
}

json omitted_names(const json& omitted, const char* key) {
  json names = json::object();
  for (const auto& e : omitted.value(key, json::array())) names[e.at("name").get<std::string>()] = e.at("reason");
  return names;
}

Figures compare(const std::string& list, const std::map<std::string, Sighting>& source,
                const std::set<std::string>& data, const json& omitted,
                const std::function<bool(const std::string&)>& in_scope, const std::set<std::string>& explained = {}) {
  Figures f;
  f.list = list;
  for (const auto& [name, where] : source) {
    if (!in_scope(name)) continue;
    ++f.in_source;
    if (covered(name, data))
      ++f.covered;
    else if (omitted.contains(name))
      ++f.omitted;
    else
      f.missing.push_back(name + "  (" + where.file + ":" + std::to_string(where.line) + ")");
  }
  for (const auto& d : data) {
    const bool seen =
        std::any_of(source.begin(), source.end(), [&](const auto& s) { return s.first == d || covered(s.first, {d}); });
    if (seen || !in_scope(d)) continue;
    if (explained.count(d))
      ++f.explained_extra;
    else
      f.extra.push_back(d);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// --check-facts: the facts of data/ that can be checked mechanically against the source.
// ---------------------------------------------------------------------------------------------

// The line a `source` ("path:line") names, or "" past the end of the file.
std::string source_line(const fs::path& root, const std::string& source) {
  const auto colon = source.find(':');
  if (colon == std::string::npos || !std::isdigit(static_cast<unsigned char>(source[colon + 1])))
    throw std::runtime_error("source \"" + source + "\" is not path:line");
  const std::size_t number = std::stoul(source.substr(colon + 1));
  std::istringstream lines(read_file(root / source.substr(0, colon)));
  std::string line;
  for (std::size_t i = 1; std::getline(lines, line); ++i)
    if (i == number) return line;
  return "";
}

// Whether python/<module> (module.py or module/__init__.py) defines `name` or imports it, which
// re-exports it (`from .x import name`, or a parenthesised import list with the name on its own line).
bool defines_or_exports(const fs::path& root, const std::string& module, const std::string& name) {
  std::string path = module;
  std::replace(path.begin(), path.end(), '.', '/');
  const fs::path base = root / "python" / path;
  const std::regex found(R"(\b(class|def) )" + name + R"(\b|\bimport\b[^\n]*\b)" + name + R"(\b|^\s+)" + name + ",?$",
                         std::regex::ECMAScript | std::regex::multiline);
  for (const fs::path& file : {fs::path(base.string() + ".py"), base / "__init__.py"})
    if (fs::exists(file) && std::regex_search(read_file(file), found)) return true;
  return false;
}

// Methods decorated with @event_handler (in any form, such as @event_handler("name")) or @action in
// any class of a file, methods under an `if` in a class body included.
void event_handlers(const SyntaxTree& tree, TSNode node, bool in_class, std::set<std::string>& out) {
  const std::string type = type_of(node);
  const TSNode definition = ts_node_child_by_field_name(node, "definition", 10);
  if (in_class && type == "decorated_definition" && type_of(definition) == "function_definition")
    for (TSNode decorator : children(node)) {
      if (type_of(decorator) != "decorator") continue;
      const std::string text = node_text(tree, ts_node_named_child(decorator, 0));
      if (text.find("event_handler") != std::string::npos || text == "action")
        out.insert(node_text(tree, ts_node_child_by_field_name(definition, "name", 4)));
    }
  for (TSNode child : children(node)) event_handlers(tree, child, in_class || type == "class_definition", out);
}

// A description as separate facts: its sentences (split after ". ").
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot; (dot = text.find(". ", start)) != std::string::npos; start = dot + 2)
    out.push_back(text.substr(start, dot + 1 - start));
  out.push_back(text.substr(start));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Check ids and signatures.
// ---------------------------------------------------------------------------------------------

// Every node under `node`, depth first, handed to `visit`.
void walk(TSNode node, const std::function<void(TSNode)>& visit) {
  visit(node);
  for (TSNode child : children(node)) walk(child, visit);
}

struct CheckSighting {
  std::set<std::string> severities;
  Sighting where;  // the first place the id is emitted (its id= line, or its table entry)
};

// "DjustWarning" / "Warning" / "checks.Error" -> "warning" / "warning" / "error".
std::string severity_of_callee(std::string callee) {
  callee.erase(0, callee.rfind('.') + 1);
  if (callee.starts_with("Djust")) callee.erase(0, 5);
  std::transform(callee.begin(), callee.end(), callee.begin(), [](unsigned char c) { return std::tolower(c); });
  return callee;
}

// Check ids with every severity they are emitted at: `id="djust.X000"` keywords of the message
// calls in djust/checks/ (DjustWarning(..., id="djust.V001") is a warning), and the audit
// commands' tables in any public module ("X001": ("error", "title")), which become djust.X001.
std::map<std::string, CheckSighting> check_ids(const fs::path& root, const fs::path& package) {
  static const std::regex code(R"(^[A-Z][0-9]{3}$)");
  static const std::set<std::string> severities = {"critical", "error", "warning", "info", "debug"};
  std::map<std::string, CheckSighting> found;
  const auto add = [&](const std::string& id, const std::string& severity, const fs::path& file, TSNode at) {
    auto& sighting = found[id];
    if (sighting.where.file.empty())
      sighting.where = {fs::relative(file, root).string(), ts_node_start_point(at).row + 1};
    sighting.severities.insert(severity);
  };
  for (const auto& entry : fs::recursive_directory_iterator(package)) {
    const fs::path rel = fs::relative(entry.path(), package);
    if (entry.path().extension() != ".py" || private_path(rel)) continue;
    const bool registered_checks = *rel.begin() == "checks";
    const SyntaxTree tree = djust::lint::python::parse(read_file(entry.path()));
    walk(tree.root(), [&](TSNode n) {
      const std::string type = type_of(n);
      if (type == "call" && registered_checks) {
        const TSNode arguments = ts_node_child_by_field_name(n, "arguments", 9);
        if (ts_node_is_null(arguments)) return;
        for (TSNode argument : children(arguments)) {
          if (type_of(argument) != "keyword_argument") continue;
          if (node_text(tree, ts_node_child_by_field_name(argument, "name", 4)) != "id") continue;
          const TSNode value = ts_node_child_by_field_name(argument, "value", 5);
          const std::string id = strip_quotes(node_text(tree, value));
          if (type_of(value) == "string" && id.starts_with("djust.") && id.find('{') == std::string::npos)
            add(id, severity_of_callee(node_text(tree, ts_node_child_by_field_name(n, "function", 8))), entry.path(),
                argument);
        }
      } else if (type == "pair") {
        const TSNode key = ts_node_child_by_field_name(n, "key", 3);
        const TSNode value = ts_node_child_by_field_name(n, "value", 5);
        const std::string id = strip_quotes(node_text(tree, key));
        if (type_of(key) != "string" || !std::regex_match(id, code) || type_of(value) != "tuple" ||
            ts_node_named_child_count(value) == 0)
          return;
        const TSNode first = ts_node_named_child(value, 0);
        const std::string severity = strip_quotes(node_text(tree, first));
        if (type_of(first) == "string" && severities.count(severity)) add("djust." + id, severity, entry.path(), n);
      }
    });
  }
  return found;
}

// The parameters of a `def` as written without annotations: "name", "name=default", "*args",
// "**kwargs", "*" and "/"; string defaults with double quotes, so 'x' and "x" compare equal.
std::vector<std::string> parameters_of(const SyntaxTree& tree, TSNode definition) {
  std::vector<std::string> out;
  const auto bare = [&](TSNode n) {  // a parameter without its annotation and default
    const std::string t = type_of(n);
    if (t == "identifier" || t == "list_splat_pattern" || t == "dictionary_splat_pattern") return node_text(tree, n);
    if (t == "typed_parameter") return node_text(tree, ts_node_named_child(n, 0));
    return node_text(tree, ts_node_child_by_field_name(n, "name", 4));
  };
  for (TSNode p : children(ts_node_child_by_field_name(definition, "parameters", 10))) {
    const std::string t = type_of(p);
    if (t == "keyword_separator" || t == "positional_separator") {
      out.push_back(t == "keyword_separator" ? "*" : "/");
      continue;
    }
    if (t == "comment") continue;
    std::string rendered = bare(p);
    if (t == "default_parameter" || t == "typed_default_parameter") {
      std::string value = node_text(tree, ts_node_child_by_field_name(p, "value", 5));
      if (type_of(ts_node_child_by_field_name(p, "value", 5)) == "string") value = "\"" + strip_quotes(value) + "\"";
      rendered += "=" + value;
    }
    out.push_back(rendered);
  }
  return out;
}

// The parameters a data `signature` ("name(a, b=1, *, c=\"\")") lists, split at top-level commas.
std::vector<std::string> parameters_of(const std::string& signature) {
  std::vector<std::string> out;
  const auto open = signature.find('('), close = signature.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string current;
  int depth = 0;
  const auto flush = [&] {
    current.erase(0, current.find_first_not_of(' '));
    current.erase(current.find_last_not_of(' ') + 1);
    if (!current.empty()) out.push_back(current);
    current.clear();
  };
  for (char c : signature.substr(open + 1, close - open - 1)) {
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0)
      flush();
    else if (c != ' ' || depth > 0 || !current.empty())
      current += c;
  }
  flush();
  for (auto& p : out) {  // "a = 1" -> "a=1"
    const auto eq = p.find('=');
    if (eq == std::string::npos) continue;
    std::string name = p.substr(0, eq), value = p.substr(eq + 1);
    name.erase(name.find_last_not_of(' ') + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (!value.empty() && value.front() == '\'') value = "\"" + strip_quotes(value) + "\"";
    p = name + "=" + value;
  }
  return out;
}

// The function_definition starting on `line` (1-based) of a parsed file, or a null node.
TSNode definition_at(const SyntaxTree& tree, std::size_t line) {
  TSNode found{};
  walk(tree.root(), [&](TSNode n) {
    if (ts_node_is_null(found) && type_of(n) == "function_definition" && ts_node_start_point(n).row + 1 == line)
      found = n;
  });
  return found;
}

// Whether a function definition carries @overload (a typing stub, not the implementation).
bool is_overload(const SyntaxTree& tree, TSNode definition) {
  const TSNode parent = ts_node_parent(definition);
  if (ts_node_is_null(parent) || type_of(parent) != "decorated_definition") return false;
  for (TSNode d : children(parent))
    if (type_of(d) == "decorator" && node_text(tree, d).find("overload") != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Public exports: djust/__init__.py's __all__, each with where a public module defines it (a
// class, or a def with its parameters), for --list. Names the package re-exports from a compiled
// extension or imports as a module have no definition here.
struct Export {
  Sighting where;
  std::string shape;  // "class", "def(params)" or "" when not defined in Python source
};

std::map<std::string, Export> public_exports(const fs::path& root, const fs::path& package) {
  std::map<std::string, Export> found;
  for (const auto& name : read_module(package / "__init__.py").all)
    found.emplace(name, Export{Sighting{"python/djust/__init__.py", 0}, std::string()});
  for (const auto& entry : fs::recursive_directory_iterator(package)) {
    if (entry.path().extension() != ".py" || private_path(fs::relative(entry.path(), package))) continue;
    const Module m = read_module(entry.path());
    const SyntaxTree tree = djust::lint::python::parse(read_file(entry.path()));
    for (const auto& [name, def] : m.definitions) {
      auto it = found.find(name);
      if (it == found.end() || it->second.where.line != 0) continue;
      it->second.where = {fs::relative(entry.path(), root).string(), def.line};
      if (def.kind == "class") {
        it->second.shape = "class";
      } else {
        TSNode d = definition_at(tree, def.line);
        it->second.shape = ts_node_is_null(d) ? "def" : "def(" + joined(parameters_of(tree, d)) + ")";
      }
    }
  }
  return found;
}

// One list of a data/schema file, by value (a range-for over a member of a temporary would dangle).
json data_list(const fs::path& data_dir, const std::string& file, const char* key) {
  return load_json(data_dir / "schema" / (file + ".json")).at(key);
}

// Every name data/ describes as an entry a user imports: decorators, mixins, base classes and the
// routing functions.
std::set<std::string> data_export_names(const fs::path& data_dir) {
  std::set<std::string> names;
  const json mixins = load_json(data_dir / "schema" / "mixins.json");
  for (const char* list : {"mixins", "base_classes"})
    for (const auto& e : mixins.at(list)) names.insert(e.at("name").get<std::string>());
  for (const auto& e : data_list(data_dir, "decorators", "decorators")) names.insert(e.at("name").get<std::string>());
  for (const auto& e : data_list(data_dir, "routing", "functions")) names.insert(e.at("name").get<std::string>());
  return names;
}

// The ids data/ describes.
std::set<std::string> check_names(const fs::path& data_dir) {
  std::set<std::string> names;
  for (const auto& c : data_list(data_dir, "checks", "checks")) names.insert(c.at("id").get<std::string>());
  return names;
}

// Entries data/ describes that djust.__all__ does not export: imported from their own module.
std::set<std::string> export_extras(const fs::path& data_dir) {
  std::set<std::string> names;
  const json mixins = load_json(data_dir / "schema" / "mixins.json").at("mixins");
  for (const auto& m : mixins)
    if (m.at("module") != "djust") names.insert(m.at("name").get<std::string>());
  for (const auto& d : data_list(data_dir, "decorators", "decorators"))
    if (!d.at("import").get<std::string>().starts_with("from djust import"))
      names.insert(d.at("name").get<std::string>());
  return names;
}

template <typename T>
std::map<std::string, Sighting> sightings_of(const std::map<std::string, T>& items) {
  std::map<std::string, Sighting> out;
  for (const auto& [name, item] : items) out.emplace(name, item.where);
  return out;
}

// --list lines for check ids (with their severities) and exports (with their signatures).
void list_checks_and_exports(const std::map<std::string, CheckSighting>& checks,
                             const std::map<std::string, Export>& exports) {
  for (const auto& [id, c] : checks)
    std::cout << "check " << id << " " << joined({c.severities.begin(), c.severities.end()}) << " " << c.where.file
              << ":" << c.where.line << "\n";
  for (const auto& [name, e] : exports)
    std::cout << "export " << name << " " << (e.shape.empty() ? "(not defined in Python source)" : e.shape) << " "
              << e.where.file << ":" << e.where.line << "\n";
}

// --check-facts for checks.json: each id is emitted by the source at exactly the severities data
// gives (severity plus also_severities), its `source` line names it, and every id the source
// emits is in data or omitted with a reason.
void check_check_ids(const fs::path& root, const fs::path& package, const fs::path& data_dir, const json& omitted,
                     const std::function<void(bool, const std::string&)>& check) {
  const auto source = check_ids(root, package);
  std::set<std::string> in_data;
  for (const auto& c : data_list(data_dir, "checks", "checks")) {
    const std::string id = c.at("id");
    in_data.insert(id);
    auto it = source.find(id);
    check(it != source.end(), id + " is emitted by the source");
    if (it == source.end()) continue;
    std::set<std::string> severities = {c.at("severity").get<std::string>()};
    for (const auto& s : c.value("also_severities", json::array())) severities.insert(s.get<std::string>());
    std::vector<std::string> emitted(it->second.severities.begin(), it->second.severities.end());
    check(severities == it->second.severities,
          id + " severity: data says " + joined({severities.begin(), severities.end()}) + ", source emits " +
              joined(emitted) + " (" + it->second.where.file + ":" + std::to_string(it->second.where.line) + ")");
    if (c.contains("source")) {
      const std::string code = id.substr(id.find('.') + 1);
      check(source_line(root, c.at("source")).find(code) != std::string::npos,
            "source of " + id + ": " + c.at("source").get<std::string>());
    }
  }
  const json reasons = omitted_names(omitted, "checks");
  for (const auto& [id, sighting] : source)
    check(
        in_data.count(id) || reasons.contains(id),
        id + " (" + sighting.where.file + ":" + std::to_string(sighting.where.line) + ") is in data/ or omitted.json");
}

// --check-facts for signatures: each decorator's `source` is its implementation (not an @overload
// stub) and its parameters are the data `signature`'s; every documented param is in the signature.
// Routing functions are found by name in their module.
void check_signatures(const fs::path& root, const fs::path& data_dir,
                      const std::function<void(bool, const std::string&)>& check) {
  const auto compare = [&](const json& entry, const std::string& file, std::size_t line) {
    const std::string name = entry.at("name");
    const SyntaxTree tree = djust::lint::python::parse(read_file(root / file));
    const TSNode definition = definition_at(tree, line);
    check(!ts_node_is_null(definition) && !is_overload(tree, definition),
          name + ": " + file + ":" + std::to_string(line) + " is its implementation, not an @overload stub");
    if (ts_node_is_null(definition)) return;
    const auto written = parameters_of(tree, definition);
    const auto documented = parameters_of(entry.at("signature").get<std::string>());
    check(written == documented,
          "signature of " + name + ": data (" + joined(documented) + "), source (" + joined(written) + ")");
    for (const auto& p : entry.value("params", json::array())) {
      const std::string param = p.at("name");
      check(std::any_of(documented.begin(), documented.end(),
                        [&](const std::string& d) { return d == param || d.starts_with(param + "="); }),
            name + " param " + param + " is in its signature");
    }
  };
  for (const auto& d : data_list(data_dir, "decorators", "decorators")) {
    const std::string source = d.at("source");
    const auto colon = source.find(':');
    compare(d, source.substr(0, colon), std::stoul(source.substr(colon + 1)));
  }
  for (const auto& f : data_list(data_dir, "routing", "functions")) {
    std::string path = f.at("module");
    std::replace(path.begin(), path.end(), '.', '/');
    std::string file;
    std::size_t line = 0;
    for (const std::string& candidate : {"python/" + path + ".py", "python/" + path + "/__init__.py"}) {
      if (!fs::exists(root / candidate)) continue;
      const Module m = read_module(root / candidate);
      auto it = m.definitions.find(f.at("name").get<std::string>());
      if (it != m.definitions.end() && it->second.kind == "def") file = candidate, line = it->second.line;
    }
    if (file.empty()) continue;  // a class (DjustMiddlewareStack): no signature to compare
    compare(f, file, line);
  }
}

// Prints how many mechanical facts hold and each that fails, then `sample` prose facts (sentences
// of descriptions) picked with the seeded generator, to check by reading. Exit status 1 when a fact
// fails.
int check_facts(const fs::path& root, const fs::path& data_dir, std::size_t sample, std::uint32_t seed) {
  const json directives = load_json(data_dir / "schema" / "directives.json");
  const json decorators = load_json(data_dir / "schema" / "decorators.json").at("decorators");
  const json mixins = load_json(data_dir / "schema" / "mixins.json").at("mixins");
  // The prose facts first, so that a --sample too large fails before any output.
  struct ProseFact {
    std::string name, sentence, source;
  };
  std::vector<ProseFact> facts;
  const auto described = [&](const std::string& name, const json& entry) {
    for (const auto& s : sentences(entry.at("description"))) facts.push_back({name, s, entry.value("source", "")});
  };
  for (const auto& d : directives.at("directives")) {
    described(d.at("name"), d);
    for (const auto& o : d.value("options", json::array())) described(o.at("name"), o);
  }
  for (const auto& d : decorators) described("@" + d.at("name").get<std::string>(), d);
  for (const auto& m : mixins) described(m.at("name"), m);
  if (sample > facts.size())
    throw std::runtime_error("--sample " + std::to_string(sample) + " is more than the " +
                             std::to_string(facts.size()) + " prose facts");
  std::size_t checked = 0;
  std::vector<std::string> failed;
  const auto check = [&](bool holds, const std::string& what) {
    ++checked;
    if (!holds) failed.push_back(what);
  };
  const auto line_holds = [&](const json& entry, const std::string& text) {
    return source_line(root, entry.at("source")).find(text) != std::string::npos;
  };
  const auto defines = [&](const char* keyword, const json& entry) {
    const std::regex definition(std::string(keyword) + " " + entry.at("name").get<std::string>() + R"(\b)");
    return std::regex_search(source_line(root, entry.at("source")), definition);
  };
  const auto imported = [&](const json& entry) {  // the module of "from MODULE import NAME"
    std::istringstream words(entry.at("import").get<std::string>());
    std::string from, module;
    words >> from >> module;
    return defines_or_exports(root, module, entry.at("name"));
  };

  for (const auto& d : directives.at("directives")) {
    std::string key = d.at("name");
    while (key.ends_with('*')) key.pop_back();
    const std::string source = d.at("source");
    const std::string text = source_line(root, source);
    const auto dot = key.find('.');
    // The line holds the name, or the suffix the client compares a modifier with ('show' for
    // dj-loading.show); dj-stream is read by the server's stream_to; an inert directive's source is
    // where djust documents it.
    const std::string suffix = dot == std::string::npos ? "" : key.substr(dot + 1, key.find('.', dot + 1) - dot - 1);
    const bool holds = text.find(key) != std::string::npos ||
                       (!suffix.empty() && text.find("'" + suffix + "'") != std::string::npos) ||
                       source.find("stream_to") != std::string::npos || text.find("[dj-stream=") != std::string::npos ||
                       (d.contains("inert") && !d.at("inert").is_null());
    // A line that only names the attribute in a log message, or skips it (`=== 'dj-model') continue`
    // in a loop about other attributes), is not where the client reads it.
    const std::regex skipped("===\\s*'" + std::regex_replace(key, std::regex(R"([.*])"), R"(\$&)") +
                             R"('\)\s*continue)");
    const bool reads = text.find("console.") == std::string::npos && !std::regex_search(text, skipped);
    std::string stripped = text;
    stripped.erase(0, stripped.find_first_not_of(" \t"));
    stripped.erase(stripped.find_last_not_of(" \t\r") + 1);
    check(holds && reads, "source of " + d.at("name").get<std::string>() + ": " + source + ": " + stripped);
    for (const auto& o : d.value("options", json::array()))
      check(line_holds(o, o.at("name")),
            "source of " + o.at("name").get<std::string>() + ": " + o.at("source").get<std::string>());
  }
  for (const auto& a : directives.value("optional_script_attributes", json::array()))
    check(line_holds(a, a.at("name")), "source of " + a.at("name").get<std::string>());
  for (const auto& d : decorators) check(defines("def", d), "source of @" + d.at("name").get<std::string>());
  for (const auto& m : mixins) {
    const std::string name = m.at("name");
    check(defines("class", m), "source of " + name);
    check(imported(m), "import of " + name + ": " + m.at("import").get<std::string>());
    const std::string source = m.at("source");
    const SyntaxTree tree = djust::lint::python::parse(read_file(root / source.substr(0, source.find(':'))));
    std::set<std::string> handlers;
    event_handlers(tree, tree.root(), false, handlers);
    for (const auto& h : m.value("event_handlers", json::array()))
      check(handlers.count(h), name + "." + h.get<std::string>() + " is an @event_handler");
  }
  for (const auto& d : decorators)
    check(imported(d), "import of @" + d.at("name").get<std::string>() + ": " + d.at("import").get<std::string>());
  check_check_ids(root, root / "python" / "djust", data_dir, load_json(fs::path(DJUST_INVENTORY_OMITTED)), check);
  check_signatures(root, data_dir, check);

  std::cout << checked - failed.size() << " of " << checked << " mechanical facts hold\n";
  for (const auto& f : failed) std::cout << "  FAILS: " << f << "\n";

  // A partial Fisher-Yates shuffle on mt19937, whose output the standard fixes: the same seed gives
  // the same sample with any compiler.
  std::mt19937 random(seed);
  for (std::size_t i = 0; i < sample; ++i) {
    std::swap(facts[i], facts[i + random() % (facts.size() - i)]);
    std::cout << "SAMPLE " << facts[i].name << " (" << facts[i].source << "): " << facts[i].sentence << "\n";
  }
  return failed.empty() ? 0 : 1;
}

// The seed of the accuracy sample, kept in the repository (tools/inventory/sample_seed), so that a
// reviewer draws the same facts.
std::size_t kept_seed() {
  std::istringstream text(read_file(fs::path(DJUST_INVENTORY_SEED_FILE)));
  std::size_t seed = 0;
  if (!(text >> seed)) throw std::runtime_error(std::string(DJUST_INVENTORY_SEED_FILE) + " holds no number");
  return seed;
}

// Moves the number after `flag` out of args into value; false when the number is missing or malformed.
bool take_number(std::vector<std::string>& args, const std::string& flag, std::size_t& value) {
  const auto it = std::find(args.begin(), args.end(), flag);
  if (it == args.end()) return true;
  const auto number = it + 1;
  if (number == args.end() || number->empty() || number->size() > 9 ||
      !std::all_of(number->begin(), number->end(), [](unsigned char c) { return std::isdigit(c); }))
    return false;
  value = std::stoul(*number);
  args.erase(it, number + 1);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool verbose = std::erase(args, std::string("--verbose")) > 0;
  const bool list = std::erase(args, std::string("--list")) > 0;
  const bool check = std::erase(args, std::string("--check-facts")) > 0;
  const bool components = std::erase(args, std::string("--components")) > 0;
  const bool seed_given = std::find(args.begin(), args.end(), "--seed") != args.end();
  std::size_t sample = 0, seed = 0;
  if (!take_number(args, "--sample", sample) || !take_number(args, "--seed", seed) || args.empty() || args.size() > 2) {
    std::cerr << "usage: djust-inventory DJUST_SOURCE_TREE [DATA_DIR] [--verbose] [--list]\n"
                 "       djust-inventory --check-facts DJUST_SOURCE_TREE [DATA_DIR] [--sample N [--seed S]]\n"
                 "       djust-inventory --components DJUST_SOURCE_TREE > data/schema/components.json\n"
                 "DJUST_SOURCE_TREE is a checkout of djust-org/djust (the folder holding python/djust).\n";
    return 2;
  }
  try {
    const fs::path root = fs::canonical(args[0]);
    const fs::path package = root / "python" / "djust";
    const fs::path data_dir = args.size() > 1 ? fs::path(args[1]) : fs::path(DJUST_INVENTORY_DATA_DIR);
    if (!fs::is_directory(package))
      throw std::runtime_error(package.string() + " is not a folder: pass the djust repository root");
    if (check) return check_facts(root, data_dir, sample, static_cast<std::uint32_t>(seed_given ? seed : kept_seed()));
    if (components) {
      std::cout << component_inventory(root).dump(2) << "\n";
      return 0;
    }

    // The client's sources in bundle order, then the optional PWA script: a name is reported where
    // the main client reads it first.
    std::vector<fs::path> js_files;
    for (const auto& e : fs::directory_iterator(package / "static" / "djust" / "src"))
      if (e.path().extension() == ".js") js_files.push_back(e.path());
    std::sort(js_files.begin(), js_files.end());
    if (fs::exists(package / "static" / "djust" / "js" / "pwa.js"))
      js_files.push_back(package / "static" / "djust" / "js" / "pwa.js");

    const auto attributes = js_attributes(root, js_files);
    const auto decorators = python_decorators(root, package);
    const auto mixins = python_mixins(root, package);
    const auto checks = check_ids(root, package);
    const auto exports = public_exports(root, package);
    if (list) {
      for (const auto& [title, items] :
           {std::pair{"attribute", &attributes}, {"decorator", &decorators}, {"mixin", &mixins}})
        for (const auto& [name, where] : *items)
          std::cout << title << " " << name << " " << where.file << ":" << where.line << "\n";
      list_checks_and_exports(checks, exports);
    }

    const json omitted = load_json(fs::path(DJUST_INVENTORY_OMITTED));
    const json directives = load_json(data_dir / "schema" / "directives.json");
    const json decorator_data = load_json(data_dir / "schema" / "decorators.json");
    const json mixin_data = load_json(data_dir / "schema" / "mixins.json");
    std::set<std::string> decorator_names, mixin_names;
    for (const auto& d : decorator_data.at("decorators")) decorator_names.insert(d.at("name").get<std::string>());
    for (const auto& m : mixin_data.at("mixins"))
      mixin_names.insert(m.at("module").get<std::string>() + "." + m.at("name").get<std::string>());
    // The data names a mixin by the module users import it from; the scan finds where it is defined.
    std::map<std::string, Sighting> mixins_by_import;
    for (const auto& [key, where] : mixins) {
      std::string name = key.substr(key.rfind('.') + 1);
      auto same = std::find_if(mixin_names.begin(), mixin_names.end(), [&](const std::string& m) {
        return m.ends_with("." + name) && key.starts_with(m.substr(0, m.rfind('.')));
      });
      mixins_by_import.try_emplace(same == mixin_names.end() ? key : *same, where);
    }

    const auto everything = [](const std::string&) { return true; };
    const auto core = [](const std::string& n) { return !n.starts_with("djust.components."); };
    const std::vector<Figures> figures = {
        compare("directives", attributes, data_attribute_names(directives), omitted_names(omitted, "attributes"),
                everything, explained_directives(directives)),
        compare("decorators", decorators, decorator_names, omitted_names(omitted, "decorators"), everything),
        compare("mixins (core)", mixins_by_import, mixin_names, omitted_names(omitted, "mixins"), core),
        compare("mixins (with djust.components)", mixins_by_import, mixin_names, omitted_names(omitted, "mixins"),
                everything),
        compare("check ids", sightings_of(checks), check_names(data_dir), omitted_names(omitted, "checks"), everything),
        compare("public exports (djust.__all__)", sightings_of(exports), data_export_names(data_dir),
                omitted_names(omitted, "exports"), everything, export_extras(data_dir))};
    bool complete = true;
    for (const auto& f : figures) {
      print(f, verbose);
      complete = complete && f.missing.empty() && f.extra.empty();
    }
    return complete ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "djust-inventory: " << e.what() << "\n";
    return 2;
  }
}
