#include "core/json_schema.h"

#include "core/linear_regex.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

namespace djust::core {
namespace {

using nlohmann::json;

// "1 item", "3 items": a schema bound with its noun.
std::string count_of(const json& bound, const std::string& noun) {
  return bound.dump() + " " + noun + (bound == 1 ? "" : "s");
}

// `format` is an annotation, as JSON Schema 2020-12 has it by default: shown, never asserted.
const std::set<std::string>& supported_keywords() {
  static const std::set<std::string> keywords = {"type",      "properties",  "required",    "additionalProperties",
                                                 "items",     "enum",        "const",       "pattern",
                                                 "minLength", "maxLength",   "minimum",     "maximum",
                                                 "minItems",  "maxItems",    "uniqueItems", "anyOf",
                                                 "oneOf",     "not",         "$ref",        "$defs",
                                                 "title",     "description", "default",     "examples",
                                                 "$schema",   "$id",         "format"};
  return keywords;
}

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Compiled once per pattern; throws RegexError for a pattern outside LinearRegex's subset. Our
// schemas hold a few dozen patterns; the bound keeps a caller with schemas of its own (the fuzzer)
// from growing the cache without end.
std::shared_ptr<const LinearRegex> cached_regex(const std::string& pattern) {
  constexpr std::size_t kMaxCached = 512;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const LinearRegex>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() >= kMaxCached) cache.clear();
    it = cache.emplace(pattern, std::make_shared<const LinearRegex>(pattern)).first;
  }
  return it->second;
}

// A hash consistent with json's operator==, which compares numbers by value (1 == 1.0).
std::size_t value_hash(const json& value) {
  switch (value.type()) {
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return std::hash<double>{}(value.get<double>());
    case json::value_t::array: {
      std::size_t h = value.size();
      for (const auto& item : value) h = h * 31 + value_hash(item);
      return h;
    }
    case json::value_t::object: {
      std::size_t h = value.size();
      for (const auto& [key, member] : value.items()) h = h * 31 + std::hash<std::string>{}(key) + value_hash(member);
      return h;
    }
    default:
      return std::hash<json>{}(value);
  }
}

// The index of the first item equal to an earlier one, and that earlier one's: expected linear
// time, one pointer per item.
std::optional<std::pair<std::size_t, std::size_t>> first_duplicate(const json& array) {
  struct Hash {
    std::size_t operator()(const json* v) const { return value_hash(*v); }
  };
  struct Equal {
    bool operator()(const json* a, const json* b) const { return *a == *b; }
  };
  std::unordered_map<const json*, std::size_t, Hash, Equal> first_index;
  first_index.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    const auto [it, inserted] = first_index.emplace(&array[i], i);
    if (!inserted) return std::pair{it->second, i};
  }
  return std::nullopt;
}

bool matches_type(const std::string& type, const json& value) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (value.is_number_float()) {
      // A whole number (3.0, 1e300); casting 1e300 to an integer type would be undefined.
      const double d = value.get<double>();
      return std::isfinite(d) && std::floor(d) == d;
    }
  }
  return false;
}

std::string join_values(const json& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void check(const json& schema, const json& value, const std::string& path, std::vector<SchemaViolation>& out) {
    // A $ref cycle that consumes no part of the instance would recurse until the stack ends.
    if (depth_ >= kMaxDepth) throw std::invalid_argument("schema recursion deeper than " + std::to_string(kMaxDepth));
    ++depth_;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out.push_back({path, "is not allowed here"});
      return;
    }
    if (!schema.is_object()) return;
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      check(resolve(ref->get<std::string>()), value, path, out);
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      const json types = type->is_array() ? *type : json::array({*type});
      const bool ok = std::any_of(types.begin(), types.end(),
                                  [&](const json& t) { return matches_type(t.get<std::string>(), value); });
      if (!ok) {
        std::string message = "must be of type " + join_values(types) + ", not " + json_type_name(value);
        // The allowed values are what the caller needs to correct the call.
        if (auto e = schema.find("enum"); e != schema.end()) message += " (one of: " + join_values(*e) + ")";
        out.push_back({path, message});
        return;  // further keywords would only repeat the same complaint
      }
    }
    if (auto e = schema.find("enum"); e != schema.end()) {
      if (std::find(e->begin(), e->end(), value) == e->end())
        out.push_back({path, "must be one of: " + join_values(*e)});
    }
    if (auto c = schema.find("const"); c != schema.end() && *c != value) out.push_back({path, "must be " + c->dump()});
    if (value.is_string()) check_string(schema, value.get_ref<const std::string&>(), path, out);
    if (value.is_number()) check_number(schema, value.get<double>(), path, out);
    if (value.is_array()) check_array(schema, value, path, out);
    if (value.is_object()) check_object(schema, value, path, out);
    check_combinators(schema, value, path, out);
  }

 private:
  const json& resolve(const std::string& ref) {
    static const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0) throw std::invalid_argument("unsupported $ref: " + ref);
    const auto& defs = root_.at("$defs");
    auto it = defs.find(ref.substr(prefix.size()));
    if (it == defs.end()) throw std::invalid_argument("unresolved $ref: " + ref);
    return *it;
  }

  void check_string(const json& schema, const std::string& s, const std::string& path,
                    std::vector<SchemaViolation>& out) {
    const std::size_t length = utf8_length(s);
    bool length_ok = true;
    if (auto m = schema.find("minLength"); m != schema.end() && length < m->get<std::size_t>()) {
      out.push_back({path, "must be at least " + count_of(*m, "character") + " long"});
      length_ok = false;
    }
    if (auto m = schema.find("maxLength"); m != schema.end() && length > m->get<std::size_t>()) {
      out.push_back({path, "must be at most " + count_of(*m, "character") + " long"});
      length_ok = false;
    }
    // A string of the wrong length is already refused; matching it would only cost time.
    if (auto p = schema.find("pattern"); p != schema.end() && length_ok) {
      if (!cached_regex(p->get<std::string>())->search(s))
        out.push_back({path, "must match the pattern " + p->get<std::string>()});
    }
  }

  void check_number(const json& schema, double d, const std::string& path, std::vector<SchemaViolation>& out) {
    if (auto m = schema.find("minimum"); m != schema.end() && d < m->get<double>())
      out.push_back({path, "must be >= " + m->dump()});
    if (auto m = schema.find("maximum"); m != schema.end() && d > m->get<double>())
      out.push_back({path, "must be <= " + m->dump()});
  }

  void check_array(const json& schema, const json& value, const std::string& path, std::vector<SchemaViolation>& out) {
    if (auto m = schema.find("minItems"); m != schema.end() && value.size() < m->get<std::size_t>())
      out.push_back({path, "must have at least " + count_of(*m, "item")});
    if (auto m = schema.find("maxItems"); m != schema.end() && value.size() > m->get<std::size_t>())
      out.push_back({path, "must have at most " + count_of(*m, "item")});
    if (auto u = schema.find("uniqueItems"); u != schema.end() && u->get<bool>()) {
      // The first duplicate is enough to refuse the array; listing every one would grow the
      // answer with the attacker's input.
      if (const auto duplicate = first_duplicate(value))
        out.push_back(
            {path + "/" + std::to_string(duplicate->second), "duplicates item " + std::to_string(duplicate->first)});
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) check(*items, value[i], path + "/" + std::to_string(i), out);
    }
  }

  void check_object(const json& schema, const json& value, const std::string& path, std::vector<SchemaViolation>& out) {
    const auto props = schema.find("properties");
    if (auto req = schema.find("required"); req != schema.end()) {
      for (const auto& name : *req) {
        if (!value.contains(name.get<std::string>()))
          out.push_back({path, "is missing the required property \"" + name.get<std::string>() + "\""});
      }
    }
    const auto additional = schema.find("additionalProperties");
    for (const auto& [key, member] : value.items()) {
      const std::string member_path = path + "/" + escape_pointer_token(key);
      if (props != schema.end() && props->contains(key)) {
        check(props->at(key), member, member_path, out);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          std::string allowed = props != schema.end() ? join_keys(*props) : std::string("none");
          out.push_back({member_path, "is not an allowed property (allowed: " + allowed + ")"});
        } else {
          check(*additional, member, member_path, out);
        }
      }
    }
  }

  static std::string join_keys(const json& object) {
    std::string out;
    for (const auto& [key, unused] : object.items()) {
      (void)unused;
      if (!out.empty()) out += ", ";
      out += key;
    }
    return out.empty() ? "none" : out;
  }

  void check_combinators(const json& schema, const json& value, const std::string& path,
                         std::vector<SchemaViolation>& out) {
    if (auto any = schema.find("anyOf"); any != schema.end()) {
      std::vector<SchemaViolation> first;
      bool ok = false;
      for (const auto& branch : *any) {
        std::vector<SchemaViolation> errs;
        check(branch, value, path, errs);
        if (errs.empty()) {
          ok = true;
          break;
        }
        if (first.empty()) first = std::move(errs);
      }
      if (!ok) {
        out.push_back({path, "does not match any of the allowed forms"});
        out.insert(out.end(), first.begin(), first.end());
      }
    }
    if (auto negated = schema.find("not"); negated != schema.end()) {
      std::vector<SchemaViolation> errs;
      check(*negated, value, path, errs);
      if (errs.empty()) out.push_back({path, "must not match " + negated->dump()});
    }
    if (auto one = schema.find("oneOf"); one != schema.end()) {
      int matches = 0;
      for (const auto& branch : *one) {
        std::vector<SchemaViolation> errs;
        check(branch, value, path, errs);
        if (errs.empty()) ++matches;
      }
      if (matches != 1)
        out.push_back({path, matches == 0 ? "does not match any of the allowed forms"
                                          : "matches more than one of the exclusive forms"});
    }
  }

  static constexpr int kMaxDepth = 256;
  const json& root_;
  int depth_ = 0;
};

void collect_unsupported(const json& schema, const std::string& path, std::vector<std::string>& out) {
  if (!schema.is_object()) return;
  for (const auto& [key, member] : schema.items()) {
    const std::string here = path + "/" + escape_pointer_token(key);
    if (!supported_keywords().count(key)) {
      out.push_back((path.empty() ? "/" : path) + ": " + key);
      continue;
    }
    if ((key == "properties" || key == "$defs") && member.is_object()) {
      for (const auto& [name, sub] : member.items())
        collect_unsupported(sub, here + "/" + escape_pointer_token(name), out);
    } else if (key == "items" || key == "additionalProperties" || key == "not") {
      collect_unsupported(member, here, out);
    } else if (key == "pattern" && member.is_string()) {
      try {
        cached_regex(member.get<std::string>());
      } catch (const RegexError& e) {
        out.push_back((path.empty() ? "/" : path) + ": pattern: " + e.what());
      }
    } else if ((key == "anyOf" || key == "oneOf") && member.is_array()) {
      for (std::size_t i = 0; i < member.size(); ++i)
        collect_unsupported(member[i], here + "/" + std::to_string(i), out);
    }
  }
}

json inline_refs(const json& schema, const json& defs, std::vector<std::string>& expanding) {
  if (schema.is_array()) {
    json out = json::array();
    for (const auto& item : schema) out.push_back(inline_refs(item, defs, expanding));
    return out;
  }
  if (!schema.is_object()) return schema;
  if (const auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
    static const std::string prefix = "#/$defs/";
    const std::string& text = ref->get_ref<const std::string&>();
    if (!text.starts_with(prefix)) throw std::invalid_argument("unsupported $ref: " + text);
    const std::string name = text.substr(prefix.size());
    const auto definition = defs.find(name);
    if (definition == defs.end()) throw std::invalid_argument("unresolved $ref: " + text);
    if (std::find(expanding.begin(), expanding.end(), name) != expanding.end())
      throw std::invalid_argument("$ref cycle through " + text);
    expanding.push_back(name);
    json out = inline_refs(*definition, defs, expanding);
    expanding.pop_back();
    return out;
  }
  json out = json::object();
  for (const auto& [key, member] : schema.items()) out[key] = inline_refs(member, defs, expanding);
  return out;
}

}  // namespace

json inline_refs(const json& schema, const json& defs) {
  std::vector<std::string> expanding;
  return inline_refs(schema, defs, expanding);
}

std::string json_type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::null:
      return "null";
    default:
      return "unknown";
  }
}

std::vector<SchemaViolation> validate_json(const nlohmann::json& schema, const nlohmann::json& instance) {
  std::vector<SchemaViolation> out;
  Validator(schema).check(schema, instance, "", out);
  return out;
}

std::string describe_violations(const std::vector<SchemaViolation>& violations) {
  if (violations.empty()) return {};
  const auto& first = violations.front();
  std::string text = "at " + (first.path.empty() ? std::string("/") : first.path) + ": " + first.message;
  if (violations.size() > 1) text += " (and " + std::to_string(violations.size() - 1) + " more)";
  return text;
}

std::vector<std::string> unsupported_schema_keywords(const nlohmann::json& schema) {
  std::vector<std::string> out;
  collect_unsupported(schema, "", out);
  return out;
}

}  // namespace djust::core
