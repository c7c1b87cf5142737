#include "core/paths.h"

#include <doctest/doctest.h>

#include "temp_dir.h"

namespace fs = std::filesystem;
using djust::core::is_within;
using djust::core::PathError;
using djust::core::resolve_within;

TEST_CASE("paths: is_within compares whole components") {
  CHECK(is_within("/srv/app", "/srv/app"));
  CHECK(is_within("/srv/app", "/srv/app/fixtures/a.json"));
  CHECK(is_within("/srv/app/", "/srv/app/a.json"));
  CHECK_FALSE(is_within("/srv/app", "/srv/app-other/a.json"));
  CHECK_FALSE(is_within("/srv/app", "/srv"));
  CHECK_FALSE(is_within("/srv/app", "/etc/passwd"));
  CHECK_FALSE(is_within("", "/srv/app"));
}

TEST_CASE("paths: resolve_within accepts files inside the root, by relative or absolute path") {
  TempDir tmp;
  const fs::path root = tmp.path() / "project";
  const auto file = tmp.write("project/fixtures/items.json", "[]");
  CHECK(resolve_within(root, "fixtures/items.json") == file);
  CHECK(resolve_within(root, file) == file);
  CHECK(resolve_within(root, "fixtures/../fixtures/items.json") == file);
  // A symlink that stays inside is fine: it is the target that counts.
  fs::create_symlink(file, root / "link.json");
  CHECK(resolve_within(root, "link.json") == file);
}

TEST_CASE("paths: resolve_within refuses escapes, symlinks out, look-alike siblings and missing files") {
  TempDir tmp;
  const fs::path root = tmp.path() / "project";
  tmp.write("project/inside.json", "[]");
  const auto outside = tmp.write("secret.json", "[]");
  const auto sibling = tmp.write("project-other/data.json", "[]");
  fs::create_symlink(outside, root / "escape.json");
  fs::create_directory_symlink(tmp.path(), root / "up");

  auto refused = [&](const fs::path& p, const std::string& fragment) {
    INFO(p.string());
    try {
      resolve_within(root, p);
      FAIL("accepted");
    } catch (const PathError& e) {
      CHECK(std::string(e.what()).find(fragment) != std::string::npos);
    }
  };
  refused("../secret.json", "is outside");
  refused(outside, "is outside");
  refused("escape.json", "resolves to " + outside.string());
  refused("up/secret.json", "is outside");
  refused(sibling, "is outside");
  refused("/etc/passwd", "is outside");
  refused("missing.json", "cannot be resolved");
  refused("", "empty path");
}
