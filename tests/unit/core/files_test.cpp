#include "core/files.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "temp_dir.h"

#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;
using djust::core::FileError;
using djust::core::FileReplacement;
using djust::core::open_beneath;
using djust::core::write_file_atomically;
using djust::core::WriteOptions;

namespace {

// Sets the process umask for the scope.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

mode_t mode_of(const fs::path& file) {
  struct stat status {};
  REQUIRE(::lstat(file.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A file outside the folder written to, which planted links point at: it must never change.
struct Victim {
  explicit Victim(const TempDir& tmp) : file(tmp.write("outside/authorized_keys", "ssh-ed25519 AAAA victim\n")) {
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  }
  void check_untouched() const {
    CHECK(read(file) == "ssh-ed25519 AAAA victim\n");
    CHECK(mode_of(file) == 0600);
    CHECK(names_in(file.parent_path()) == std::vector<std::string>{"authorized_keys"});
  }
  fs::path file;
};

// Temporary names in a fixed order, to plant files under them beforehand.
std::function<std::string()> suffixes(std::vector<std::string> names) {
  auto next = std::make_shared<std::size_t>(0);
  return [names = std::move(names), next] { return names.at(std::min((*next)++, names.size() - 1)); };
}

}  // namespace

TEST_CASE("files: a new file gets the mode the umask allows, a replaced one keeps its own") {
  TempDir tmp;
  std::string error;
  {
    ScopedUmask mask(022);
    REQUIRE_MESSAGE(write_file_atomically(tmp.path() / "new.py", "x = 1\n", error), error);
    CHECK(mode_of(tmp.path() / "new.py") == 0644);
  }
  {
    ScopedUmask mask(077);
    REQUIRE(write_file_atomically(tmp.path() / "private.py", "x = 1\n", error));
    CHECK(mode_of(tmp.path() / "private.py") == 0600);
  }
  ScopedUmask mask(0);
  WriteOptions secret;
  secret.new_file_mode = 0600;
  REQUIRE(write_file_atomically(tmp.path() / "claude.json", "{}\n", error, secret));
  CHECK(mode_of(tmp.path() / "claude.json") == 0600);

  const fs::path script = tmp.write("run.sh", "old\n");
  fs::permissions(script, fs::perms::owner_all | fs::perms::group_read);  // 0740, whatever the umask says
  REQUIRE(write_file_atomically(script, "new\n", error));
  CHECK(read(script) == "new\n");
  CHECK(mode_of(script) == 0740);
  CHECK(names_in(tmp.path()) == std::vector<std::string>{"claude.json", "new.py", "private.py", "run.sh"});
}

TEST_CASE("files: the temporary file has its final mode before the first byte, even with umask 0") {
  TempDir tmp;
  ScopedUmask mask(0);
  const fs::path tokens = tmp.write("claude.json", "{\"token\": \"old\"}\n");
  fs::permissions(tokens, fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& [file, expected] :
       std::vector<std::pair<fs::path, mode_t>>{{tokens, 0600}, {tmp.path() / "new", 0666}}) {
    FileReplacement replacement(file, {});
    struct stat status {};
    REQUIRE(::fstat(replacement.descriptor(), &status) == 0);
    CHECK(status.st_size == 0);
    CHECK((status.st_mode & 07777) == expected);
    CHECK(mode_of(tmp.path() / replacement.temporary_name()) == expected);
    replacement.commit("{\"token\": \"new\"}\n");
    CHECK(mode_of(file) == expected);
  }
  CHECK(read(tokens) == "{\"token\": \"new\"}\n");
}

TEST_CASE("files: a planted temporary name is never opened; the next name is tried") {
  TempDir tmp;
  const Victim victim(tmp);
  const fs::path target = tmp.write("app/views.py", "old\n");
  // The name the writer used to take, and the names this writer will try first.
  fs::create_symlink(victim.file, tmp.path() / "app/views.py.djust-mcp-tmp");
  fs::create_symlink(victim.file, tmp.path() / "app/.djust-mcp-planted");
  tmp.write("app/.djust-mcp-taken", "someone else's\n");
  WriteOptions options;
  options.temporary_suffix = suffixes({"planted", "taken", "free"});
  std::string error;
  REQUIRE_MESSAGE(write_file_atomically(target, "new\n", error, options), error);
  CHECK(read(target) == "new\n");
  CHECK(read(tmp.path() / "app/.djust-mcp-taken") == "someone else's\n");
  CHECK(fs::is_symlink(tmp.path() / "app/.djust-mcp-planted"));
  CHECK(names_in(tmp.path() / "app") ==
        std::vector<std::string>{".djust-mcp-planted", ".djust-mcp-taken", "views.py", "views.py.djust-mcp-tmp"});
  victim.check_untouched();

  // Every name taken: an error, and the file stays as it was.
  options.temporary_suffix = suffixes({"planted"});
  CHECK_FALSE(write_file_atomically(target, "newer\n", error, options));
  CHECK(error.find("every name tried was taken") != std::string::npos);
  CHECK(read(target) == "new\n");
  victim.check_untouched();
}

TEST_CASE("files: a symbolic link at the target is refused, dangling or not") {
  TempDir tmp;
  const Victim victim(tmp);
  fs::create_directories(tmp.path() / "app");
  fs::create_symlink(victim.file, tmp.path() / "app/views.py");
  fs::create_symlink(tmp.path() / "outside/not-there", tmp.path() / "app/dangling.py");
  fs::create_symlink("views.py", tmp.path() / "app/inside.py");
  for (const char* name : {"views.py", "dangling.py", "inside.py"}) {
    INFO(name);
    std::string error;
    CHECK_FALSE(write_file_atomically(tmp.path() / "app" / name, "pwned\n", error));
    CHECK(error ==
          (tmp.path() / "app" / name).string() + " is a symbolic link; djust-mcp does not write through links");
    CHECK(fs::is_symlink(tmp.path() / "app" / name));
  }
  CHECK(names_in(tmp.path() / "app") == std::vector<std::string>{"dangling.py", "inside.py", "views.py"});
  victim.check_untouched();

  std::string error;
  CHECK_FALSE(write_file_atomically(tmp.path() / "app", "x", error));
  CHECK_FALSE(write_file_atomically(tmp.path() / "outside", "x", error));
  CHECK(error.find("is not a regular file") != std::string::npos);
}

TEST_CASE("files: within a folder, no folder on the way may be a link, even one swapped in later") {
  TempDir tmp;
  const Victim victim(tmp);
  const fs::path root = tmp.path() / "project";
  fs::create_directories(root / "shop");
  fs::create_symlink(victim.file.parent_path(), root / "linked");
  WriteOptions confined;
  confined.within = root;
  std::string error;
  REQUIRE_MESSAGE(write_file_atomically(root / "shop/views.py", "ok\n", error, confined), error);
  CHECK(read(root / "shop/views.py") == "ok\n");

  CHECK_FALSE(write_file_atomically(root / "linked/views.py", "pwned\n", error, confined));
  CHECK(error == (root / "linked").string() + " has a symbolic link on its way, which djust-mcp does not follow here");
  CHECK_FALSE(write_file_atomically(tmp.path() / "outside/views.py", "pwned\n", error, confined));
  CHECK(error.find("is outside " + root.string()) != std::string::npos);
  victim.check_untouched();

  // The folder checked by the caller becomes a link after the check: still refused.
  FileReplacement replacement(root / "shop/views.py", confined);  // the folder is held open from here
  fs::rename(root / "shop", root / "shop-moved");
  fs::create_symlink(victim.file.parent_path(), root / "shop");
  replacement.commit("new\n");
  CHECK(read(root / "shop-moved/views.py") == "new\n");
  CHECK_FALSE(write_file_atomically(root / "shop/views.py", "pwned\n", error, confined));
  victim.check_untouched();
}

TEST_CASE("files: a replacement that is not committed leaves the file and the folder as they were") {
  TempDir tmp;
  const fs::path target = tmp.write("views.py", "old\n");
  {
    FileReplacement replacement(target, {});
    CHECK(names_in(tmp.path()).size() == 2);
  }
  CHECK(names_in(tmp.path()) == std::vector<std::string>{"views.py"});
  CHECK(read(target) == "old\n");
  std::string error;
  CHECK_FALSE(write_file_atomically(tmp.path() / "missing/views.py", "x", error));
  CHECK(error.find("cannot open the folder " + (tmp.path() / "missing").string()) == 0);
}

TEST_CASE("files: open_beneath opens only what lies below the folder without links") {
  TempDir tmp;
  const fs::path root = tmp.path() / "project";
  tmp.write("project/fx/items.json", "[]");
  tmp.write("outside.json", "[1]");
  fs::create_symlink(tmp.path() / "outside.json", root / "fx/link.json");
  fs::create_symlink(root / "fx", root / "fxlink");
  CHECK(open_beneath(root, "fx/items.json", O_RDONLY));
  CHECK_THROWS_WITH_AS(
      open_beneath(root, "fx/link.json", O_RDONLY),
      ((root / "fx/link.json").string() + " has a symbolic link on its way, which djust-mcp does not follow here")
          .c_str(),
      FileError);
  CHECK_THROWS_AS(open_beneath(root, "fxlink/items.json", O_RDONLY), FileError);
  CHECK_THROWS_WITH_AS(open_beneath(root, "../outside.json", O_RDONLY),
                       ("../outside.json is not a path below " + root.string()).c_str(), FileError);
  CHECK_THROWS_AS(open_beneath(root, "fx/missing.json", O_RDONLY), FileError);
}
