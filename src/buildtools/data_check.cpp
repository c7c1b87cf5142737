// Build tool: checks every JSON file under data/ against data/jsonschema/<name>.schema.json, and
// every schema against the keyword subset our validator implements. Fails the build on any error.
// Usage: djust-data-check DATA_DIR
#include "core/json_schema.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<json> load(const fs::path& path) {
  std::ifstream in(path);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    std::cerr << path.string() << ": not valid JSON: " << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: djust-data-check DATA_DIR\n";
    return 2;
  }
  const fs::path data_dir = argv[1];
  const fs::path schema_dir = data_dir / "jsonschema";
  int errors = 0;
  int checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    if (entry.path().parent_path() == schema_dir) continue;
    const fs::path schema_path = schema_dir / (entry.path().stem().string() + ".schema.json");
    if (!fs::exists(schema_path)) {
      std::cerr << entry.path().string() << ": no schema (expected " << schema_path.string() << ")\n";
      ++errors;
      continue;
    }
    const auto schema = load(schema_path);
    const auto document = load(entry.path());
    if (!schema || !document) {
      ++errors;
      continue;
    }
    for (const auto& keyword : djust::core::unsupported_schema_keywords(*schema)) {
      std::cerr << schema_path.string() << ": unsupported keyword at " << keyword << "\n";
      ++errors;
    }
    try {
      for (const auto& v : djust::core::validate_json(*schema, *document)) {
        std::cerr << entry.path().string() << ":" << (v.path.empty() ? "/" : v.path) << ": " << v.message << "\n";
        ++errors;
      }
    } catch (const std::exception& e) {
      std::cerr << schema_path.string() << ": " << e.what() << "\n";
      ++errors;
    }
    ++checked;
  }
  if (errors) {
    std::cerr << "djust-data-check: " << errors << " error(s)\n";
    return 1;
  }
  std::cout << "djust-data-check: " << checked << " file(s) valid\n";
  return 0;
}
