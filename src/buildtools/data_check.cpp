// Build tool: checks every JSON file under data/ against data/jsonschema/<name>.schema.json, and
// every schema against the keyword subset our validator implements, and the schemas the bridge
// contract (data/bridge/contract.json) declares likewise. Fails the build on any error.
// Usage: djust-data-check DATA_DIR
#include "core/json_schema.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

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

// The bridge contract: each method once, and its params and reply schemas, with the contract's $defs inlined as the
// loader (project/bridge_contract.cpp) does it: every $ref defined, every keyword of our subset.
int check_contract_schemas(const fs::path& path, const json& contract) {
  int errors = 0;
  auto check = [&](const std::string& where, const json& schema) {
    try {
      for (const auto& keyword :
           djust::core::unsupported_schema_keywords(djust::core::inline_refs(schema, contract.at("$defs")))) {
        std::cerr << path.string() << ": " << where << ": unsupported keyword at " << keyword << "\n";
        ++errors;
      }
    } catch (const std::invalid_argument& e) {
      std::cerr << path.string() << ": " << where << ": " << e.what() << "\n";
      ++errors;
    }
  };
  check("ready reply", contract.at("ready").at("reply"));
  std::set<std::string> names;
  for (const auto& method : contract.at("methods")) {
    const std::string name = method.at("name");
    if (!names.insert(name).second) {
      std::cerr << path.string() << ": method " << name << " is declared twice\n";
      ++errors;
    }
    check(name + " params", method.at("params"));
    check(name + " reply", method.at("reply"));
  }
  return errors;
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
      const auto violations = djust::core::validate_json(*schema, *document);
      for (const auto& v : violations) {
        std::cerr << entry.path().string() << ":" << (v.path.empty() ? "/" : v.path) << ": " << v.message << "\n";
        ++errors;
      }
      if (violations.empty() && entry.path().stem() == "contract")
        errors += check_contract_schemas(entry.path(), *document);
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
