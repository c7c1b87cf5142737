#include "lint/discovery.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace djust::lint {
namespace fs = std::filesystem;
namespace {

// Folders that never hold the user's own views.
bool is_skipped_directory(const fs::path& dir) {
  static const std::set<std::string, std::less<>> names = {"node_modules", "__pycache__", "migrations",
                                                           "site-packages"};
  const std::string name = dir.filename().string();
  if (name.starts_with('.')) return true;  // .git, .venv, .tox, .mypy_cache, ...
  if (names.count(name)) return true;
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec);  // a virtualenv under any name
}

// A regex item matching one literal character.
std::string regex_literal(char c) {
  if (std::string_view(".^$|()[]{}*+?\\/-").find(c) != std::string_view::npos) return std::string("\\") + c;
  return std::string(1, c);
}

// POSIX's [:name:] classes as regex class members; nullopt for an unknown name.
std::optional<std::string_view> posix_class(std::string_view name) {
  static const std::map<std::string_view, std::string_view> classes = {{"alnum", "A-Za-z0-9"},
                                                                       {"alpha", "A-Za-z"},
                                                                       {"blank", " \\t"},
                                                                       {"cntrl", "\\x00-\\x1f\\x7f"},
                                                                       {"digit", "0-9"},
                                                                       {"graph", "\\x21-\\x7e"},
                                                                       {"lower", "a-z"},
                                                                       {"print", "\\x20-\\x7e"},
                                                                       {"punct", "!-\\/:-@\\[-`\\{-~"},
                                                                       {"space", "\\s"},
                                                                       {"upper", "A-Z"},
                                                                       {"xdigit", "0-9A-Fa-f"}};
  auto it = classes.find(name);
  if (it == classes.end()) return std::nullopt;
  return it->second;
}

// The bracket expression starting at glob[open] as a regex class, and the index of its ']';
// nullopt when it is not closed (the '[' is then a literal).
std::optional<std::pair<std::string, std::size_t>> glob_bracket(std::string_view glob, std::size_t open) {
  std::string out = "[";
  std::size_t i = open + 1;
  if (i < glob.size() && (glob[i] == '!' || glob[i] == '^')) {
    out += '^';
    ++i;
  }
  for (const std::size_t first = i; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == ']' && i > first) return std::pair{out + "]", i};
    if (c == '[' && i + 1 < glob.size() && glob[i + 1] == ':') {
      const std::size_t end = glob.find(":]", i + 2);
      if (end == std::string_view::npos) throw core::RegexError("unterminated [: class");
      const auto members = posix_class(glob.substr(i + 2, end - i - 2));
      if (!members) throw core::RegexError("unknown class [:" + std::string(glob.substr(i + 2, end - i - 2)) + ":]");
      out += *members;
      i = end + 1;
    } else if (c == '-' && i > first && i + 1 < glob.size() && glob[i + 1] != ']') {
      out += '-';  // a range between its neighbours
    } else if (c == '\\' && i + 1 < glob.size()) {
      out += regex_literal(glob[++i]);
    } else {
      out += regex_literal(c);
    }
  }
  return std::nullopt;
}

// gitignore(5)'s glob as a regex for the whole path: * and ? stay within a segment, ** as a whole
// segment crosses them ("**/" any leading folders, "/**" everything inside), any other ** is *.
std::string glob_to_regex(std::string_view glob) {
  std::string out;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == '*') {
      std::size_t stars = 1;
      while (i + stars < glob.size() && glob[i + stars] == '*') ++stars;
      const bool at_segment_start = i == 0 || glob[i - 1] == '/';
      const bool segment_end = i + stars == glob.size() || glob[i + stars] == '/';
      if (stars >= 2 && at_segment_start && segment_end) {
        if (i + stars < glob.size()) {
          out += "(?:.*/)?";  // "**/": any number of leading folders, including none
          ++stars;            // and its slash
        } else {
          out += ".*";
        }
      } else {
        out += "[^/]*";
      }
      i += stars - 1;
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '[') {
      if (auto bracket = glob_bracket(glob, i)) {
        out += bracket->first;
        i = bracket->second;
      } else {
        out += "\\[";
      }
    } else if (c == '\\' && i + 1 < glob.size()) {
      out += regex_literal(glob[++i]);
    } else {
      out += regex_literal(c);
    }
  }
  return out;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

using IgnoreStack = std::vector<std::shared_ptr<const GitIgnore>>;

bool ignored(const IgnoreStack& stack, const fs::path& path, bool is_directory) {
  // Deeper .gitignore files come later in the stack and win, like the patterns inside each.
  bool result = false;
  for (const auto& rules : stack)
    if (auto m = rules->match(path, is_directory)) result = *m;
  return result;
}

void push_gitignore(IgnoreStack& stack, const fs::path& dir) {
  std::error_code ec;
  if (fs::is_regular_file(dir / ".gitignore", ec)) {
    // Patterns match against absolute paths below the folder, so the base must be absolute too.
    const fs::path base = fs::absolute(dir, ec).lexically_normal();
    stack.push_back(std::make_shared<const GitIgnore>(base, read_text(dir / ".gitignore")));
  }
}

// The .gitignore files that apply to `dir` from the folders above it, up to the repository root.
IgnoreStack inherited_gitignores(const fs::path& dir) {
  std::vector<fs::path> chain;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir, ec).lexically_normal(); !p.empty(); p = p.parent_path()) {
    chain.push_back(p);
    if (fs::exists(p / ".git", ec) || p == p.parent_path()) break;
  }
  IgnoreStack stack;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (*it != chain.front()) push_gitignore(stack, *it);
  }
  return stack;
}

void walk_directory(const fs::path& root, const std::string& display_root, IgnoreStack stack, const GitIgnore& excludes,
                    std::vector<FileToLint>& out) {
  struct Pending {
    fs::path dir;
    IgnoreStack stack;
  };
  std::vector<Pending> pending = {{root, std::move(stack)}};
  while (!pending.empty()) {
    Pending current = std::move(pending.back());
    pending.pop_back();
    push_gitignore(current.stack, current.dir);
    std::vector<fs::directory_entry> entries;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(current.dir, fs::directory_options::skip_permission_denied, ec))
      entries.push_back(entry);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() > b.path(); });
    std::vector<FileToLint> files;
    for (const auto& entry : entries) {
      const fs::path absolute = fs::absolute(entry.path(), ec).lexically_normal();
      const bool is_dir = entry.is_directory(ec) && !entry.is_symlink(ec);  // never follow links into loops
      if (is_dir) {
        if (!is_skipped_directory(entry.path()) && !ignored(current.stack, absolute, true) &&
            excludes.match(absolute, true) != true)
          pending.push_back({entry.path(), current.stack});
      } else if (entry.is_regular_file(ec) && language_for(entry.path()) && !ignored(current.stack, absolute, false) &&
                 excludes.match(absolute, false) != true) {
        const fs::path relative = entry.path().lexically_relative(root);
        files.push_back({entry.path(), (fs::path(display_root) / relative).lexically_normal().generic_string()});
      }
    }
    // Entries were sorted descending for the stack; files go out ascending.
    out.insert(out.end(), files.rbegin(), files.rend());
  }
}

}  // namespace

GitIgnore::GitIgnore(fs::path base, std::string_view text) : base_(std::move(base)) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const bool negated = line[0] == '!';
    if (negated) line.erase(0, 1);
    const bool directory_only = !line.empty() && line.back() == '/';
    if (directory_only) line.pop_back();
    const bool anchored = line.find('/') != std::string::npos;
    if (!line.empty() && line[0] == '/') line.erase(0, 1);
    if (line.empty()) continue;
    try {
      patterns_.push_back({core::LinearRegex(glob_to_regex(line)), negated, directory_only, anchored});
    } catch (const core::RegexError&) {
      continue;  // a malformed pattern, which git does not match anything with either
    }
  }
}

std::optional<bool> GitIgnore::match(const fs::path& path, bool is_directory) const {
  const fs::path relative = path.lexically_relative(base_);
  const std::string rel = relative.generic_string();
  if (rel.empty() || rel == "." || rel.starts_with("..")) return std::nullopt;
  const std::string name = relative.filename().string();
  std::optional<bool> result;
  for (const auto& p : patterns_) {
    if (p.directory_only && !is_directory) continue;
    if (p.regex.full_match(p.anchored ? rel : name)) result = !p.negated;
  }
  return result;
}

Discovery discover_files(const std::vector<std::string>& paths, const std::vector<std::string>& extra_excludes) {
  Discovery discovery;
  std::error_code ec;
  std::string exclude_text;
  for (const auto& pattern : extra_excludes) exclude_text += pattern + "\n";
  const GitIgnore excludes(fs::current_path(ec), exclude_text);
  for (const auto& path : paths) {
    const fs::path p(path);
    if (!fs::exists(p, ec)) {
      FileResult missing;
      missing.path = path;
      missing.error = "no such file or directory";
      discovery.errors.push_back(std::move(missing));
    } else if (fs::is_directory(p, ec)) {
      walk_directory(p, path, inherited_gitignores(p), excludes, discovery.files);
    } else {
      discovery.files.push_back({p, path});  // named explicitly: checked even if ignored
    }
  }
  return discovery;
}

}  // namespace djust::lint
