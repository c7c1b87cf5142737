// libFuzzer target: the .gitignore matcher (src/lint/discovery). The first line is a path below
// the folder of the .gitignore, the rest the .gitignore itself; the path is matched as a file and
// as a folder. Any pattern must cost time linear in the path (a *a*a*...*b line once hung
// validate), and no bytes may crash the glob translation.

#include "fuzz_target.h"

#include "lint/discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [path, gitignore] = split_first_line(data, size);
  const std::filesystem::path base = "/project";
  const djust::lint::GitIgnore rules(base, gitignore);
  const std::filesystem::path file = base / std::filesystem::path(std::string(path)).relative_path();
  rules.match(file, false);
  rules.match(file, true);
  return 0;
}
