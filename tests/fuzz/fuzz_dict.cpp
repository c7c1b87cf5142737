// Writes the libFuzzer dictionaries (OUTDIR/<target>.dict) from what the binary embeds: the tools'
// input and output schemas, the rule ids, the directive names and the strings of the framework
// schema. Generated at build time, so they follow the registry and data/ without a copy to keep.
// Usage: fuzz-dict OUTDIR

#include "core/embedded.h"
#include "knowledge/knowledge.h"
#include "lint/engine.h"

#include "fuzz_registry.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace {

using nlohmann::json;
using Words = std::set<std::string>;

// Longer strings (descriptions, examples) are prose, not tokens a mutation would splice in.
constexpr std::size_t kMaxToken = 64;

void add(Words& words, std::string_view token) {
  if (!token.empty() && token.size() <= kMaxToken) words.emplace(token);
}

// Every key and every short string value of a JSON document: schema keywords, property names,
// enum values, patterns, type names.
void collect(const json& value, Words& words) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      add(words, key);
      add(words, "\"" + key + "\":");
      collect(member, words);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) collect(item, words);
  } else if (value.is_string()) {
    add(words, value.get<std::string>());
  }
}

Words schema_words() {
  Words words;
  for (const auto& tool : fuzz_registry().tools()) {
    add(words, tool.name);
    collect(tool.input_schema, words);
    collect(tool.output_schema, words);
  }
  for (const auto& file : djust::core::embedded_files())
    if (file.path.starts_with("data/jsonschema/")) collect(json::parse(file.content), words);
  return words;
}

Words rule_ids() {
  Words words;
  for (const auto& rule : djust::lint::all_rules()) {
    add(words, rule.doc.id);
    add(words, "noqa: " + std::string(rule.doc.id));
  }
  return words;
}

Words framework_words() {
  Words words;
  for (const auto& name : djust::knowledge::directive_names()) add(words, name);
  for (const auto& section : djust::knowledge::schema_section_names())
    collect(djust::knowledge::schema_section(section), words);
  return words;
}

std::string escaped(std::string_view token) {
  std::string out = "\"";
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool write(const std::filesystem::path& file, std::initializer_list<const Words*> groups) {
  std::ofstream out(file);
  std::size_t count = 0;
  for (const Words* group : groups)
    for (const auto& word : *group) {
      out << escaped(word) << "\n";
      ++count;
    }
  if (!out || count == 0) {
    std::cerr << "fuzz-dict: could not write " << file.string() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz-dict OUTDIR\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const Words schemas = schema_words();
  const Words rules = rule_ids();
  const Words framework = framework_words();
  const Words protocol = {"jsonrpc",
                          "2.0",
                          "\"id\":",
                          "\"method\":",
                          "\"params\":",
                          "initialize",
                          "notifications/initialized",
                          "tools/list",
                          "tools/call",
                          "\"arguments\":",
                          "resources/list",
                          "resources/read",
                          "prompts/list",
                          "prompts/get",
                          "ping",
                          "notifications/cancelled",
                          "logging/setLevel",
                          "completion/complete",
                          "1e400",
                          "\\u0000",
                          "[[[[",
                          "{\"a\":"};
  const Words templates = {"{% ",   " %}",    "{{ ", " }}",   "{# ",     " #}",        "{% extends \"", "{% include \"",
                           "<div ", "</div>", "=\"", "|safe", "dj-root", "dj-view=\"", "<!--",          "-->"};
  const Words python = {
      "class ",  "(LiveView):", "(LiveComponent):",   "    def ", "(self, ", "**kwargs):", "@event_handler", "self.",
      "import ", "from djust",  "template_name = \"", "# noqa",   "\"\"\"",  "'''",        "async ",         "lambda "};
  const Words globs = {"**/",       "/**",       "/**/",  "*",  "?", "[!", "[^", "]",
                       "[:alpha:]", "[:digit:]", "[a-z]", "\\", "!", "#",  "/",  "*a*a*a*a*a*b"};
  const Words regex = {"(?:", "(?=", "(?!", "[^", "\\d", "\\w", "\\s", "\\S",     "\\D",   "{2,5}", "{1000}",
                       "*",   "+",   "?",   "|",  "^",   "$",   ".",   "\\u00e9", "\\x41", "(a*)*"};
  const bool ok = write(dir / "mcp.dict", {&protocol, &schemas, &rules, &framework}) &&
                  write(dir / "python.dict", {&python, &rules, &framework}) &&
                  write(dir / "template.dict", {&templates, &rules, &framework}) &&
                  write(dir / "schema.dict", {&schemas}) && write(dir / "gitignore.dict", {&globs}) &&
                  write(dir / "suggest.dict", {&framework, &schemas}) && write(dir / "regex.dict", {&regex, &schemas});
  return ok ? 0 : 1;
}
