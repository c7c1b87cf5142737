// .gitignore matching (lint/discovery): git's glob semantics, and linear time on hostile lines.
#include "lint/discovery.h"

#include <doctest/doctest.h>

#include <string>

using djust::lint::GitIgnore;

namespace {

const std::filesystem::path kBase = "/repo";

// "ignored", "included" (a ! pattern matched last) or "-" (no pattern matched).
std::string verdict(const GitIgnore& rules, const std::string& path, bool directory = false) {
  const auto m = rules.match(kBase / path, directory);
  return m ? (*m ? "ignored" : "included") : "-";
}

}  // namespace

TEST_CASE("gitignore: names, anchoring, directories and negation") {
  const GitIgnore rules(kBase, "# comment\ngenerated/\n*_views.py\n!keep_views.py\n/build\ndocs/*.html\n");
  CHECK(verdict(rules, "app/generated", true) == "ignored");
  CHECK(verdict(rules, "app/generated") == "-");  // a file of that name: the pattern wants a folder
  CHECK(verdict(rules, "app/generated_views.py") == "ignored");
  CHECK(verdict(rules, "app/keep_views.py") == "included");
  CHECK(verdict(rules, "build", true) == "ignored");
  CHECK(verdict(rules, "app/build", true) == "-");  // anchored to the .gitignore's folder
  CHECK(verdict(rules, "docs/index.html") == "ignored");
  CHECK(verdict(rules, "docs/api/index.html") == "-");  // * stays within one folder
  CHECK(verdict(rules, "views.py") == "-");
  CHECK(verdict(rules, "../outside_views.py") == "-");
}

TEST_CASE("gitignore: ** as a whole segment crosses folders, anywhere else it is *") {
  const GitIgnore rules(kBase, "**/cache\nlogs/**\na/**/b.py\nx**y\n");
  CHECK(verdict(rules, "cache", true) == "ignored");
  CHECK(verdict(rules, "src/deep/cache", true) == "ignored");
  CHECK(verdict(rules, "logs/2026/12/app.py") == "ignored");
  CHECK(verdict(rules, "logs", true) == "-");  // what is inside, not the folder itself
  CHECK(verdict(rules, "a/b.py") == "ignored");
  CHECK(verdict(rules, "a/x/y/b.py") == "ignored");
  CHECK(verdict(rules, "xaby") == "ignored");
  CHECK(verdict(rules, "x/y") == "-");
}

TEST_CASE("gitignore: ?, bracket expressions, classes and escapes") {
  const GitIgnore rules(kBase, "?.py\n*.py[cod]\n[!a-c]x.html\n[[:digit:]]*.txt\n\\#literal\n\\!bang\n*.[\n");
  CHECK(verdict(rules, "a.py") == "ignored");
  CHECK(verdict(rules, "ab.py") == "-");
  CHECK(verdict(rules, "m.pyc") == "ignored");
  CHECK(verdict(rules, "m.pyx") == "-");
  CHECK(verdict(rules, "dx.html") == "ignored");
  CHECK(verdict(rules, "bx.html") == "-");
  CHECK(verdict(rules, "2026.txt") == "ignored");
  CHECK(verdict(rules, "notes.txt") == "-");
  CHECK(verdict(rules, "#literal") == "ignored");
  CHECK(verdict(rules, "!bang") == "ignored");
  CHECK(verdict(rules, "file.[") == "ignored");  // an unclosed [ is a literal
}

TEST_CASE("gitignore: a backtracking-hostile line against a 60-character name finishes at once") {
  // *a*a*a...*b hung validate and find_handlers_for_template forever (std::regex backtracking).
  std::string line;
  for (int i = 0; i < 30; ++i) line += "*a";
  line += "*b\n";
  const GitIgnore rules(kBase, line + "**a**a**a**a**a**a**a**a**a**a**a**a**a**b\n");
  CHECK(verdict(rules, std::string(60, 'a')) == "-");
  CHECK(verdict(rules, std::string(60, 'a') + "b") == "ignored");
  CHECK(verdict(rules, std::string(10'000, 'a')) == "-");
}
