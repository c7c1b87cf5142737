#include "lint/cache/codec.h"

#include <bit>
#include <concepts>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <type_traits>

namespace djust::lint::cache {
namespace field_counting {
// A value that converts to anything, only ever named in unevaluated checks. Outside the anonymous
// namespace: clang warns about an undefined function with internal linkage.
struct AnyField {
  template <typename T>
  operator T() const;
};
}  // namespace field_counting

namespace {

namespace fs = std::filesystem;
using field_counting::AnyField;

// How many fields an aggregate has: the most initialisers it accepts from a value that converts
// to anything.
template <typename T, typename... Fields>
consteval std::size_t field_count() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; })
    return field_count<T, Fields..., AnyField>();
  else
    return sizeof...(Fields);
}

template <typename T, typename Plain>
concept either = std::same_as<std::remove_const_t<T>, Plain>;

// Each type's fields, in the order they are stored. A new field must be added here, or the
// cache would hand back facts without it: the static_asserts stop the build until it is.
template <typename Io, either<Span> T>
void fields(Io& io, T& v) {
  static_assert(field_count<Span>() == 4, "Span changed: list its fields here");
  io(v.line, v.column, v.end_line, v.end_column);
}
template <typename Io, either<Edit> T>
void fields(Io& io, T& v) {
  static_assert(field_count<Edit>() == 3, "Edit changed: list its fields here");
  io(v.start_byte, v.end_byte, v.replacement);
}
template <typename Io, either<Fix> T>
void fields(Io& io, T& v) {
  static_assert(field_count<Fix>() == 2, "Fix changed: list its fields here");
  io(v.description, v.edits);
}
template <typename Io, either<Finding> T>
void fields(Io& io, T& v) {
  static_assert(field_count<Finding>() == 6, "Finding changed: list its fields here");
  io(v.rule_id, v.severity, v.message, v.fix_hint, v.span, v.fix);
}
template <typename Io, either<links::NamedSpan> T>
void fields(Io& io, T& v) {
  static_assert(field_count<links::NamedSpan>() == 2, "NamedSpan changed: list its fields here");
  io(v.name, v.span);
}
template <typename Io, either<links::HandlerCallFact> T>
void fields(Io& io, T& v) {
  static_assert(field_count<links::HandlerCallFact>() == 3, "HandlerCallFact changed: list its fields here");
  io(v.name, v.span, v.in_component);
}
template <typename Io, either<links::TemplateFacts> T>
void fields(Io& io, T& v) {
  static_assert(field_count<links::TemplateFacts>() == 16, "TemplateFacts changed: list its fields here");
  io(v.handler_calls, v.computed_handlers, v.attribute_names, v.live_attribute, v.view_marker, v.view_paths,
     v.view_filled_root, v.unfilled_root, v.words, v.extends, v.extends_computed, v.includes, v.includes_computed,
     v.embedded_views, v.partial, v.component);
}
template <typename Io, either<links::ClassFacts> T>
void fields(Io& io, T& v) {
  static_assert(field_count<links::ClassFacts>() == 13, "ClassFacts changed: list its fields here");
  io(v.name, v.qualified, v.name_span, v.kind, v.abstract, v.bases, v.template_names, v.template_name_span,
     v.computed_template, v.inline_template, v.methods, v.handlers, v.component_handlers);
}
template <typename Io, either<links::FileFacts> T>
void fields(Io& io, T& v) {
  static_assert(field_count<links::FileFacts>() == 7, "FileFacts changed: list its fields here");
  io(v.file, v.classes, v.template_facts, v.template_dirs, v.module, v.imports, v.star_imports);
}
template <typename Io, either<CheckedText> T>
void fields(Io& io, T& v) {
  static_assert(field_count<CheckedText>() == 4, "CheckedText changed: list its fields here");
  io(v.findings, v.facts, v.error, v.noqa);
}

// The largest value of each stored enum, so a corrupt byte never becomes an impossible value.
constexpr Severity last_value(Severity) { return Severity::info; }
constexpr python::ClassKind last_value(python::ClassKind) { return python::ClassKind::unknown; }

struct Put {
  Writer& out;

  template <typename... T>
  void operator()(const T&... values) {
    (put(values), ...);
  }
  void put(bool v) { out.number(v ? 1 : 0); }
  void put(std::uint32_t v) { out.number(v); }
  template <typename E>
  requires std::is_enum_v<E>
  void put(E v) { out.number(static_cast<std::uint64_t>(v)); }
  void put(const std::string& v) { out.text(v); }
  void put(const fs::path& v) { out.text(v.native()); }
  template <typename T>
  void put(const std::optional<T>& v) {
    out.number(v ? 1 : 0);
    if (v) put(*v);
  }
  template <typename First, typename Second>
  void put(const std::pair<First, Second>& v) {
    put(v.first);
    put(v.second);
  }
  template <typename Range>
  requires requires(const Range& r) { r.size(), r.begin(); }
  void put(const Range& items) {
    out.number(items.size());
    for (const auto& item : items) put(item);
  }
  template <typename T>
  requires requires(Put& p, const T& t) { fields(p, t); }
  void put(const T& v) { fields(*this, v); }
};

struct Get {
  Reader& in;
  std::size_t remaining;  // bytes left, to refuse a count no file of this size could hold

  template <typename... T>
  void operator()(T&... values) {
    (get(values), ...);
  }
  std::uint64_t bounded(std::uint64_t limit) {
    const std::uint64_t n = in.number();
    if (n > limit) throw CorruptData("value out of range");
    return n;
  }
  void get(bool& v) { v = bounded(1) == 1; }
  void get(std::uint32_t& v) { v = static_cast<std::uint32_t>(bounded(std::numeric_limits<std::uint32_t>::max())); }
  template <typename E>
  requires std::is_enum_v<E>
  void get(E& v) { v = static_cast<E>(bounded(static_cast<std::uint64_t>(last_value(E{})))); }
  void get(std::string& v) { v = in.text(); }
  void get(fs::path& v) { v = in.text(); }
  template <typename T>
  void get(std::optional<T>& v) {
    v.reset();
    if (bounded(1)) get(v.emplace());
  }
  template <typename T>
  void get(std::vector<T>& items) {
    const std::uint64_t n = bounded(remaining);  // every item takes at least one byte
    items.clear();
    items.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) get(items.emplace_back());
  }
  template <typename T, typename Compare>
  void get(std::set<T, Compare>& items) {
    const std::uint64_t n = bounded(remaining);
    items.clear();
    for (std::uint64_t i = 0; i < n; ++i) {
      T item;
      get(item);
      items.insert(items.end(), std::move(item));
    }
  }
  template <typename Key, typename Value, typename Compare>
  void get(std::map<Key, Value, Compare>& items) {
    const std::uint64_t n = bounded(remaining);
    items.clear();
    for (std::uint64_t i = 0; i < n; ++i) {
      Key key;
      get(key);
      get(items[std::move(key)]);
    }
  }
  template <typename T>
  requires requires(Get& g, T& t) { fields(g, t); }
  void get(T& v) { fields(*this, v); }
};

std::uint64_t load_word(const char* p, std::size_t n) {
  std::uint64_t word = 0;
  std::memcpy(&word, p, n);
  return word;
}

// splitmix64's finaliser: every input bit reaches every output bit.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

void Writer::number(std::uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void Writer::text(std::string_view value) {
  number(value.size());
  bytes_.append(value);
}

void Writer::checked(const CheckedText& value) { Put{*this}(value); }

std::uint64_t Reader::number() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at_ >= bytes_.size()) throw CorruptData("ends early");
    const auto byte = static_cast<unsigned char>(bytes_[at_++]);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return value;
  }
  throw CorruptData("number too long");
}

std::string Reader::text() {
  const std::uint64_t size = number();
  if (size > bytes_.size() - at_) throw CorruptData("ends early");
  std::string out(bytes_.substr(at_, static_cast<std::size_t>(size)));
  at_ += static_cast<std::size_t>(size);
  return out;
}

CheckedText Reader::checked() {
  CheckedText out;
  Get{*this, bytes_.size() - at_}(out);
  return out;
}

std::uint64_t content_hash(std::string_view bytes) {
  constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t k2 = 0xC2B2AE3D27D4EB4FULL;
  std::uint64_t a = bytes.size() * k1;
  std::uint64_t b = ~bytes.size() * k2;
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  // Two independent lanes of 8 bytes each keep both multipliers busy.
  for (; left >= 16; p += 16, left -= 16) {
    a = std::rotl(a ^ (load_word(p, 8) * k2), 31) * k1;
    b = std::rotl(b ^ (load_word(p + 8, 8) * k1), 29) * k2;
  }
  if (left > 8) {
    a = std::rotl(a ^ (load_word(p, 8) * k2), 31) * k1;
    b = std::rotl(b ^ (load_word(p + 8, left - 8) * k1), 29) * k2;
  } else if (left > 0) {
    a = std::rotl(a ^ (load_word(p, left) * k2), 31) * k1;
  }
  return mix(a ^ std::rotl(b, 17));
}

}  // namespace djust::lint::cache
