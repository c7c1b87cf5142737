#include "core/linear_regex.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

namespace djust::core {
namespace {

using Range = LinearRegex::Range;
using Op = LinearRegex::Op;
using Instruction = LinearRegex::Instruction;

// Bounds on what a pattern may compile to, so that {m,n} cannot multiply a pattern into millions
// of states: matching costs text length times program size.
constexpr std::size_t kMaxProgram = 20000;
constexpr int kMaxRepeat = 1000;
constexpr int kMaxNesting = 100;
// A byte that is not valid UTF-8 decodes to this, outside Unicode, so only `.` and negated sets
// match it.
constexpr char32_t kInvalidByte = 0x110000;

struct Decoded {
  char32_t code_point;
  std::size_t length;
};

Decoded decode(std::string_view text, std::size_t at) {
  const Utf8Char c = decode_utf8(text, at);
  return {c.valid ? c.code_point : kInvalidByte, c.length};
}

bool is_line_terminator(char32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

std::vector<Range> normalized(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.first < b.first; });
  std::vector<Range> out;
  for (const auto& r : ranges) {
    if (!out.empty() && r.first <= out.back().last + 1)
      out.back().last = std::max(out.back().last, r.last);
    else
      out.push_back(r);
  }
  return out;
}

std::vector<Range> complement(const std::vector<Range>& sorted) {
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& r : sorted) {
    if (r.first > next) out.push_back({next, r.first - 1});
    next = r.last + 1;
  }
  if (next <= kInvalidByte) out.push_back({next, kInvalidByte});
  return out;
}

// ECMAScript's \d, \w and \s.
std::vector<Range> class_escape_ranges(char letter) {
  switch (letter) {
    case 'd':
      return {{'0', '9'}};
    case 'w':
      return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    default:  // 's'
      return {{'\t', '\r'},     {' ', ' '},       {0xA0, 0xA0},     {0x1680, 0x1680}, {0x2000, 0x200A},
              {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
  }
}

struct Node {
  enum class Kind { character, any, set, text_start, text_end, concat, alternation, repeat } kind;
  char32_t character = 0;
  std::vector<Range> ranges;  // set
  std::vector<std::unique_ptr<Node>> children;
  int min = 0;
  int max = -1;  // repeat; -1: unbounded
};

using NodePtr = std::unique_ptr<Node>;

NodePtr make(Node::Kind kind) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  return node;
}

class Parser {
 public:
  explicit Parser(std::string_view pattern) : pattern_(pattern) {}

  NodePtr parse() {
    NodePtr node = alternation(0);
    if (at_ < pattern_.size()) fail("unmatched ')'");
    return node;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw RegexError("pattern " + std::string(pattern_) + ": " + what + " at offset " + std::to_string(at_));
  }

  bool done() const { return at_ >= pattern_.size(); }
  char peek() const { return pattern_[at_]; }

  NodePtr alternation(int depth) {
    if (depth > kMaxNesting) fail("groups nested too deeply");
    auto first = concatenation(depth);
    if (done() || peek() != '|') return first;
    auto node = make(Node::Kind::alternation);
    node->children.push_back(std::move(first));
    while (!done() && peek() == '|') {
      ++at_;
      node->children.push_back(concatenation(depth));
    }
    return node;
  }

  NodePtr concatenation(int depth) {
    auto node = make(Node::Kind::concat);
    while (!done() && peek() != '|' && peek() != ')') node->children.push_back(repetition(depth));
    return node;
  }

  NodePtr repetition(int depth) {
    auto node = atom(depth);
    if (done()) return node;
    int min = 0;
    int max = -1;
    const char c = peek();
    if (c == '*') {
      ++at_;
    } else if (c == '+') {
      min = 1;
      ++at_;
    } else if (c == '?') {
      max = 1;
      ++at_;
    } else if (c == '{') {
      if (!bounds(min, max)) fail("a literal '{' must be escaped as \\{");
    } else {
      return node;
    }
    if (node->kind == Node::Kind::text_start || node->kind == Node::Kind::text_end) fail("nothing to repeat");
    if (!done() && peek() == '?') ++at_;  // lazy: the same texts match
    if (!done() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{')) fail("nothing to repeat");
    auto repeat = make(Node::Kind::repeat);
    repeat->min = min;
    repeat->max = max;
    repeat->children.push_back(std::move(node));
    return repeat;
  }

  // {m}, {m,} or {m,n} at at_; false (and at_ unchanged) if the brace starts none of them.
  bool bounds(int& min, int& max) {
    std::size_t i = at_ + 1;
    auto number = [&](int& out) {
      const std::size_t start = i;
      long value = 0;
      while (i < pattern_.size() && pattern_[i] >= '0' && pattern_[i] <= '9') {
        value = std::min<long>(value * 10 + (pattern_[i] - '0'), kMaxRepeat + 1);
        ++i;
      }
      out = static_cast<int>(value);
      return i > start;
    };
    if (!number(min)) return false;
    max = min;
    if (i < pattern_.size() && pattern_[i] == ',') {
      ++i;
      if (!number(max)) max = -1;
    }
    if (i >= pattern_.size() || pattern_[i] != '}') return false;
    at_ = i + 1;
    if (min > kMaxRepeat || max > kMaxRepeat) fail("a repeat count above " + std::to_string(kMaxRepeat));
    if (max != -1 && max < min) fail("a repeat range out of order");
    return true;
  }

  NodePtr atom(int depth) {
    const char c = peek();
    switch (c) {
      case '(': {
        ++at_;
        if (!done() && peek() == '?') {
          if (at_ + 1 < pattern_.size() && pattern_[at_ + 1] == ':')
            at_ += 2;
          else
            fail("unsupported group (lookaround and named groups are not supported)");
        }
        auto inner = alternation(depth + 1);
        if (done() || peek() != ')') fail("missing ')'");
        ++at_;
        return inner;
      }
      case '[':
        ++at_;
        return set();
      case '.': {
        ++at_;
        return make(Node::Kind::any);
      }
      case '^':
        ++at_;
        return make(Node::Kind::text_start);
      case '$':
        ++at_;
        return make(Node::Kind::text_end);
      case '*':
      case '+':
      case '?':
        fail("nothing to repeat");
      case '{':
        fail("a literal '{' must be escaped as \\{");
      case '\\':
        return escape_atom();
      default: {
        auto node = make(Node::Kind::character);
        node->character = literal();
        return node;
      }
    }
  }

  char32_t literal() {
    const Decoded d = decode(pattern_, at_);
    if (d.code_point == kInvalidByte) fail("invalid UTF-8");
    at_ += d.length;
    return d.code_point;
  }

  char32_t hex_digits(int count) {
    char32_t value = 0;
    for (int k = 0; k < count; ++k, ++at_) {
      if (done() || !std::isxdigit(static_cast<unsigned char>(peek()))) fail("a malformed \\x or \\u escape");
      const char h = static_cast<char>(std::tolower(static_cast<unsigned char>(peek())));
      value = value * 16 + static_cast<char32_t>(h <= '9' ? h - '0' : h - 'a' + 10);
    }
    return value;
  }

  // At a backslash: the character it stands for, or nullopt after filling `ranges` for a class
  // escape.
  std::optional<char32_t> escape(std::vector<Range>& ranges) {
    ++at_;  // the backslash
    if (done()) fail("a trailing backslash");
    const char c = peek();
    ++at_;
    switch (c) {
      case 'd':
      case 'w':
      case 's':
        ranges = class_escape_ranges(c);
        return std::nullopt;
      case 'D':
      case 'W':
      case 'S':
        ranges = complement(normalized(class_escape_ranges(static_cast<char>(std::tolower(c)))));
        return std::nullopt;
      case 'n':
        return U'\n';
      case 't':
        return U'\t';
      case 'r':
        return U'\r';
      case 'f':
        return U'\f';
      case 'v':
        return U'\v';
      case '0':
        return U'\0';
      case 'x':
        return hex_digits(2);
      case 'u':
        return hex_digits(4);
      default:
        break;
    }
    if (std::isalnum(static_cast<unsigned char>(c)))
      fail(std::string("unsupported escape \\") + c + (c >= '1' && c <= '9' ? " (backreferences)" : ""));
    --at_;
    return literal();  // escaped punctuation (or a non-ASCII character) stands for itself
  }

  NodePtr escape_atom() {
    std::vector<Range> ranges;
    if (auto c = escape(ranges)) {
      auto node = make(Node::Kind::character);
      node->character = *c;
      return node;
    }
    auto node = make(Node::Kind::set);
    node->ranges = normalized(std::move(ranges));
    return node;
  }

  // One member of a set: a character (returned) or a class escape (added to `ranges`).
  std::optional<char32_t> set_member(std::vector<Range>& ranges) {
    if (peek() != '\\') return literal();
    if (at_ + 1 < pattern_.size() && pattern_[at_ + 1] == 'b') {
      at_ += 2;
      return U'\b';
    }
    std::vector<Range> escaped;
    auto c = escape(escaped);
    ranges.insert(ranges.end(), escaped.begin(), escaped.end());
    return c;
  }

  NodePtr set() {
    bool negated = false;
    if (!done() && peek() == '^') {
      negated = true;
      ++at_;
    }
    std::vector<Range> ranges;
    while (true) {
      if (done()) fail("missing ']'");
      if (peek() == ']') {
        ++at_;
        break;
      }
      const auto first = set_member(ranges);
      const bool range = !done() && peek() == '-' && at_ + 1 < pattern_.size() && pattern_[at_ + 1] != ']';
      if (!range) {
        if (first) ranges.push_back({*first, *first});
        continue;
      }
      ++at_;  // '-'
      const auto last = set_member(ranges);
      if (!first || !last) fail("a range with a class escape");
      if (*last < *first) fail("a range out of order");
      ranges.push_back({*first, *last});
    }
    auto node = make(Node::Kind::set);
    node->ranges = normalized(std::move(ranges));
    if (negated) node->ranges = complement(node->ranges);
    return node;
  }

  std::string_view pattern_;
  std::size_t at_ = 0;
};

class Compiler {
 public:
  Compiler(std::string_view pattern, std::vector<Instruction>& program, std::vector<std::vector<Range>>& sets)
      : pattern_(pattern), program_(program), sets_(sets) {}

  void emit(const Node& node) {
    switch (node.kind) {
      case Node::Kind::character:
        push({Op::character, node.character});
        return;
      case Node::Kind::any:
        push({Op::any});
        return;
      case Node::Kind::set:
        sets_.push_back(node.ranges);
        push({Op::set, 0, sets_.size() - 1});
        return;
      case Node::Kind::text_start:
        push({Op::text_start});
        return;
      case Node::Kind::text_end:
        push({Op::text_end});
        return;
      case Node::Kind::concat:
        for (const auto& child : node.children) emit(*child);
        return;
      case Node::Kind::alternation:
        return alternation(node);
      case Node::Kind::repeat:
        return repeat(node);
    }
  }

  void finish() { push({Op::match}); }

 private:
  std::size_t push(Instruction instruction) {
    if (program_.size() >= kMaxProgram) throw RegexError("pattern " + std::string(pattern_) + ": too large");
    program_.push_back(instruction);
    return program_.size() - 1;
  }

  void alternation(const Node& node) {
    std::vector<std::size_t> jumps_to_end;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      const bool last = i + 1 == node.children.size();
      std::size_t split = 0;
      if (!last) split = push({Op::split});
      if (!last) program_[split].x = program_.size();
      emit(*node.children[i]);
      if (!last) {
        jumps_to_end.push_back(push({Op::jump}));
        program_[split].y = program_.size();
      }
    }
    for (std::size_t j : jumps_to_end) program_[j].x = program_.size();
  }

  void repeat(const Node& node) {
    const Node& body = *node.children.front();
    for (int i = 0; i < node.min; ++i) emit(body);
    if (node.max == -1) {
      const std::size_t loop = push({Op::split});
      program_[loop].x = program_.size();
      emit(body);
      push({Op::jump, 0, loop});
      program_[loop].y = program_.size();
      return;
    }
    std::vector<std::size_t> skips;
    for (int i = node.min; i < node.max; ++i) {
      const std::size_t split = push({Op::split});
      program_[split].x = program_.size();
      skips.push_back(split);
      emit(body);
    }
    for (std::size_t s : skips) program_[s].y = program_.size();
  }

  std::string_view pattern_;
  std::vector<Instruction>& program_;
  std::vector<std::vector<Range>>& sets_;
};

bool in_set(const std::vector<Range>& ranges, char32_t c) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c, [](char32_t v, const Range& r) { return v < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->last;
}

}  // namespace

LinearRegex::LinearRegex(std::string_view pattern) : pattern_(pattern) {
  const NodePtr tree = Parser(pattern).parse();
  Compiler compiler(pattern, program_, sets_);
  compiler.emit(*tree);
  compiler.finish();
}

bool LinearRegex::search(std::string_view text) const { return run(text, false); }

bool LinearRegex::full_match(std::string_view text) const { return run(text, true); }

bool LinearRegex::run(std::string_view text, bool whole) const {
  // The threads at the current position: program counters of consuming instructions. `seen`
  // stamps each pc with the step that added it, so each is visited once per step (no blow-up,
  // no endless epsilon loops).
  std::vector<std::size_t> current;
  std::vector<std::size_t> next;
  std::vector<std::size_t> seen(program_.size(), 0);
  std::vector<std::size_t> stack;
  std::size_t stamp = 0;
  bool matched = false;

  auto add = [&](std::vector<std::size_t>& list, std::size_t start, std::size_t position) {
    stack.push_back(start);
    while (!stack.empty()) {
      const std::size_t pc = stack.back();
      stack.pop_back();
      if (seen[pc] == stamp) continue;
      seen[pc] = stamp;
      const Instruction& in = program_[pc];
      switch (in.op) {
        case Op::jump:
          stack.push_back(in.x);
          break;
        case Op::split:
          stack.push_back(in.y);
          stack.push_back(in.x);
          break;
        case Op::text_start:
          if (position == 0) stack.push_back(pc + 1);
          break;
        case Op::text_end:
          if (position == text.size()) stack.push_back(pc + 1);
          break;
        case Op::match:
          if (!whole || position == text.size()) matched = true;
          break;
        default:
          list.push_back(pc);
      }
    }
  };

  std::size_t position = 0;
  ++stamp;
  add(current, 0, 0);
  while (!matched) {
    if (position >= text.size()) break;
    const Decoded d = decode(text, position);
    const std::size_t after = position + d.length;
    ++stamp;
    next.clear();
    for (std::size_t pc : current) {
      const Instruction& in = program_[pc];
      bool accepts = false;
      switch (in.op) {
        case Op::character:
          accepts = d.code_point == in.character;
          break;
        case Op::any:
          accepts = !is_line_terminator(d.code_point);
          break;
        case Op::set:
          accepts = in_set(sets_[in.x], d.code_point);
          break;
        default:
          break;
      }
      if (accepts) add(next, pc + 1, after);
    }
    if (!whole) add(next, 0, after);  // a match may start at any position
    std::swap(current, next);
    position = after;
    if (current.empty()) break;
  }
  return matched;
}

}  // namespace djust::core
