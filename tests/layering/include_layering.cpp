// Reads the `#include "..."` graph of a source tree (src/) and reports every edge the layering of
// its rooms (the table below) forbids, as FILE:LINE: FROM -> TO. Exit status: 0 when there is none, 1 when
// there is one (or a file sits in a room the table does not know), 2 for a usage error.
// Usage: include-layering SRC_DIR
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Each room (a folder of src/; "main" is main.cpp) and the other rooms it may include. Calls go
// downward: cli -> mcp -> registry -> tools -> (knowledge | lint | scaffold | project) -> core.
// app/, the composition root, puts the tool families into one registry for the front ends (cli/),
// so it may include tools/ while registry/ knows descriptors only. cli/ also calls lint/ and
// project/ directly for `validate`, `rules`, `rule` and `doctor` (registry/descriptors.h says
// why). Among the four domain rooms knowledge/ (djust's facts) is the lowest: the others may read
// it. http/ is a library beside them: the dev-server client for project/, a transport for mcp/.
// buildtools/ are the build's own programs (data check, embedder).
const std::map<std::string, std::set<std::string>>& allowed_edges() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"main", {"cli"}},
      {"cli", {"app", "mcp", "registry", "tools", "knowledge", "lint", "scaffold", "project", "http", "core"}},
      {"app", {"registry", "tools", "core"}},
      {"mcp", {"registry", "http", "core"}},
      {"registry", {"core"}},
      {"tools", {"registry", "knowledge", "lint", "scaffold", "project", "core"}},
      {"lint", {"knowledge", "core"}},
      {"scaffold", {"knowledge", "core"}},
      {"project", {"knowledge", "http", "core"}},
      {"knowledge", {"core"}},
      {"http", {"core"}},
      {"core", {}},
      {"buildtools", {"core"}},
  };
  return table;
}

bool is_source(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".h" || ext == ".cpp" || ext == ".in";
}

// The room of a path relative to SRC_DIR: its first folder, or "main" for a file at the top.
std::string room_of(const fs::path& relative) {
  auto first = relative.begin();
  return std::next(first) == relative.end() ? "main" : first->string();
}

std::string listed(const std::set<std::string>& rooms) {
  if (rooms.empty()) return "no other room";
  std::string text;
  for (const auto& room : rooms) text += (text.empty() ? "" : ", ") + room;
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || !fs::is_directory(argv[1])) {
    std::cerr << "usage: include-layering SRC_DIR\n";
    return 2;
  }
  const fs::path root = fs::path(argv[1]).lexically_normal();
  // Printed paths start with the tree's own name (src/...), as they appear in the repository.
  const fs::path shown_root = root.has_filename() ? root.filename() : root.parent_path().filename();

  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && is_source(entry.path())) files.push_back(entry.path().lexically_relative(root));
  }
  std::sort(files.begin(), files.end());

  const auto& table = allowed_edges();
  const std::regex include_line(R"re(^\s*#\s*include\s*"([^"]+)")re");
  int problems = 0;
  for (const auto& file : files) {
    const std::string from = room_of(file);
    const std::string shown = (shown_root / file).generic_string();
    const auto rule = table.find(from);
    if (rule == table.end()) {
      std::cout << shown << ": room `" << from
                << "` is not in the layering table (tests/layering/include_layering.cpp): add it there\n";
      ++problems;
      continue;
    }
    std::ifstream in(root / file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      std::smatch match;
      if (!std::regex_search(line, match, include_line)) continue;
      const fs::path target(match[1].str());
      // A bare name ("x.h") is found next to the including file: the same room.
      const std::string to = std::next(target.begin()) == target.end() ? from : target.begin()->string();
      if (to == from || rule->second.count(to)) continue;
      std::cout << shown << ":" << number << ": " << from << " -> " << to << " (#include \"" << match[1].str()
                << "\") is against the layering: " << from << " may include " << listed(rule->second) << "\n";
      ++problems;
    }
  }
  if (problems)
    std::cout << problems
              << " layering problem(s); the rooms and what each may include: tests/layering/include_layering.cpp\n";
  return problems ? 1 : 0;
}
