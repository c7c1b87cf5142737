#include "lint/html/template.h"

#include "core/text.h"
#include "lint/syntax_walk.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

extern "C" const TSLanguage* tree_sitter_html();

namespace djust::lint::html {
namespace {

bool starts_with_at(std::string_view s, std::size_t at, std::string_view prefix) {
  return s.size() >= at + prefix.size() && s.compare(at, prefix.size(), prefix) == 0;
}

// tree-sitter-html's scanner rebuilds its stack of open elements before every token, so a file
// that leaves n elements open takes time in n squared (28,000 took 20 s under ASan, found by
// fuzz-template); past 65535 Debian's libtree-sitter 0.20.7 even frees a pointer into an array
// as it recovers at the end of the file (heap corruption). Templates nested this deep are
// refused after parsing anyway (the engine's depth limit), so refuse them before.
constexpr std::uint32_t kMaxOpenElements = 1000;

// About how many elements are open at once: start tags less end tags. Void and self-closing
// elements do not count, nor those a sibling closes implicitly (<li><li>), which do not pile up.
std::uint32_t most_open_elements(std::string_view html) {
  static const std::set<std::string, std::less<>> not_counted = {
      "area",   "base",  "br",    "col",   "embed", "hr",       "img", "input",  "link",     "meta",
      "source", "track", "wbr",   "p",     "li",    "dt",       "dd",  "option", "optgroup", "tr",
      "td",     "th",    "thead", "tbody", "tfoot", "colgroup", "rb",  "rt",     "rp"};
  std::uint32_t open = 0;
  std::uint32_t most = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i + 1)) {
    const bool end_tag = html[i + 1] == '/';
    const std::size_t name = i + (end_tag ? 2 : 1);
    std::size_t k = name;
    while (k < html.size() && (std::isalnum(static_cast<unsigned char>(html[k])) || html[k] == '-')) ++k;
    if (k == name || not_counted.count(core::to_lower(html.substr(name, k - name)))) continue;  // "<!--", "a < b"
    if (end_tag) {
      if (open > 0) --open;
      continue;
    }
    // Up to the next '<' only, so that a file of unterminated tags stays linear.
    const std::size_t close = html.find_first_of("<>", k);
    if (close != std::string_view::npos && html[close] == '>' && html[close - 1] == '/') continue;
    most = std::max(most, ++open);
  }
  return most;
}

// Where a {% comment %} block ends: after its {% endcomment %}, or nullopt if it never does.
std::optional<std::size_t> end_of_comment_block(std::string_view source, std::size_t from) {
  for (std::size_t open = source.find("{%", from); open != std::string_view::npos; open = source.find("{%", open + 2)) {
    const std::size_t close = source.find("%}", open + 2);
    if (close == std::string_view::npos) return std::nullopt;
    if (core::trim(source.substr(open + 2, close - open - 2)) == "endcomment") return close + 2;
  }
  return std::nullopt;
}

}  // namespace

std::pair<std::string, std::vector<TemplateConstruct>> mask_template_syntax(std::string_view source) {
  std::string masked(source);
  std::vector<TemplateConstruct> constructs;
  // Just enough of HTML to know whether template code sits in text, inside a tag, or inside a
  // quoted attribute value (where a filler keeps the value non-empty).
  enum class State { text, tag, quoted, html_comment, raw_text };
  State state = State::text;
  char quote = 0;
  std::string tag_name;
  std::string raw_end;  // "</script" or "</style" while in raw text
  auto fill = [&](std::size_t from, std::size_t to, char filler) {
    for (std::size_t k = from; k < to; ++k)
      if (masked[k] != '\n') masked[k] = filler;
  };
  std::size_t i = 0;
  const std::size_t n = source.size();
  while (i < n) {
    if (source[i] == '{' && i + 1 < n && (source[i + 1] == '%' || source[i + 1] == '{' || source[i + 1] == '#')) {
      const char opener = source[i + 1];
      const std::string_view closing = opener == '%' ? "%}" : opener == '{' ? "}}" : "#}";
      const std::size_t close = source.find(closing, i + 2);
      if (close != std::string_view::npos) {
        TemplateConstruct c;
        c.kind = opener == '%'   ? TemplateConstruct::Kind::tag
                 : opener == '{' ? TemplateConstruct::Kind::variable
                                 : TemplateConstruct::Kind::comment;
        c.content = std::string(core::trim(source.substr(i + 2, close - i - 2)));
        if (c.kind == TemplateConstruct::Kind::tag) c.name = c.content.substr(0, c.content.find_first_of(" \t\r\n"));
        std::size_t end = close + 2;
        if (c.kind == TemplateConstruct::Kind::tag && c.name == "comment") {
          if (auto block_end = end_of_comment_block(source, end)) end = *block_end;
        }
        c.start_byte = static_cast<std::uint32_t>(i);
        c.end_byte = static_cast<std::uint32_t>(end);
        fill(i, end, state == State::quoted ? 'x' : ' ');
        constructs.push_back(std::move(c));
        i = end;
        continue;
      }
    }
    const char ch = source[i];
    switch (state) {
      case State::text:
        if (starts_with_at(source, i, "<!--")) {
          state = State::html_comment;
          i += 4;
          continue;
        }
        if (ch == '<' && i + 1 < n &&
            (std::isalpha(static_cast<unsigned char>(source[i + 1])) || source[i + 1] == '/')) {
          state = State::tag;
          std::size_t k = i + 1;
          while (k < n && (std::isalnum(static_cast<unsigned char>(source[k])) || source[k] == '-')) ++k;
          tag_name = core::to_lower(source.substr(i + 1, k - i - 1));
        }
        break;
      case State::tag:
        if (ch == '"' || ch == '\'') {
          state = State::quoted;
          quote = ch;
        } else if (ch == '>') {
          state = State::text;
          if (tag_name == "script" || tag_name == "style") {
            state = State::raw_text;
            raw_end = "</" + tag_name;
          }
        }
        break;
      case State::quoted:
        if (ch == quote) state = State::tag;
        break;
      case State::html_comment:
        if (starts_with_at(source, i, "-->")) {
          state = State::text;
          i += 3;
          continue;
        }
        break;
      case State::raw_text:
        if (ch == '<' && core::to_lower(source.substr(i, raw_end.size())) == raw_end) state = State::text;
        break;
    }
    ++i;
  }
  return {std::move(masked), std::move(constructs)};
}

const Attribute* Element::attribute(std::string_view name) const {
  auto it = std::find_if(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == name; });
  return it == attributes.end() ? nullptr : &*it;
}

Span Template::span_of(std::uint32_t start_byte, std::uint32_t end_byte) const {
  auto locate = [this](std::uint32_t byte) {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
    const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    return std::pair<std::uint32_t, std::uint32_t>{line, byte - line_starts_[line - 1] + 1};
  };
  const auto [line, column] = locate(start_byte);
  const auto [end_line, end_column] = locate(end_byte);
  return {line, column, end_line, end_column};
}

bool Template::contains(const Element& outer, const Element& inner) const {
  return inner.start_byte >= outer.start_byte && inner.end_byte <= outer.end_byte;
}

bool Template::has_tag_inside(const Element& element, std::string_view tag_name) const {
  return std::any_of(constructs_.begin(), constructs_.end(), [&](const TemplateConstruct& c) {
    return c.kind == TemplateConstruct::Kind::tag && c.name == tag_name && c.start_byte >= element.start_byte &&
           c.end_byte <= element.end_byte;
  });
}

bool Template::has_generated_attributes(const Element& element) const {
  // Control flow only chooses between attributes written out literally, which the model sees.
  static const std::set<std::string, std::less<>> control = {"if",    "elif",   "else", "endif",   "for",
                                                             "empty", "endfor", "with", "endwith", "comment"};
  return std::any_of(constructs_.begin(), constructs_.end(), [&](const TemplateConstruct& c) {
    if (c.start_byte < element.start_byte || c.start_byte >= element.start_tag_end_byte) return false;
    if (c.kind == TemplateConstruct::Kind::comment) return false;
    if (c.kind == TemplateConstruct::Kind::tag && control.count(c.name)) return false;
    return std::none_of(element.attributes.begin(), element.attributes.end(),
                        [&](const Attribute& a) { return c.start_byte >= a.start_byte && c.end_byte <= a.end_byte; });
  });
}

Template::Template(std::string source) : source_(std::move(source)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < source_.size(); ++i)
    if (source_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));

  auto [masked, constructs] = mask_template_syntax(source_);
  constructs_ = std::move(constructs);
  for (auto& c : constructs_) c.span = span_of(c.start_byte, c.end_byte);
  if (const auto open = most_open_elements(masked); open > kMaxOpenElements) {
    depth_ = open;  // the engine refuses it as nested too deep
    return;
  }

  std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), &ts_parser_delete);
  if (!ts_parser_set_language(parser.get(), tree_sitter_html()))
    throw std::runtime_error("tree-sitter-html's ABI is not supported by this tree-sitter library");
  std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
      ts_parser_parse_string(parser.get(), nullptr, masked.data(), static_cast<std::uint32_t>(masked.size())),
      &ts_tree_delete);
  if (!tree) throw std::runtime_error("tree-sitter could not parse the template");

  auto text = [this](TSNode node) {
    return std::string_view(source_).substr(ts_node_start_byte(node),
                                            ts_node_end_byte(node) - ts_node_start_byte(node));
  };
  auto dynamic = [this](std::uint32_t from, std::uint32_t to) {
    return std::any_of(constructs_.begin(), constructs_.end(),
                       [&](const TemplateConstruct& c) { return c.start_byte < to && c.end_byte > from; });
  };
  auto read_attribute = [&](TSNode node) {
    Attribute a;
    a.start_byte = ts_node_start_byte(node);
    a.end_byte = ts_node_end_byte(node);
    const std::uint32_t count = ts_node_named_child_count(node);
    for (std::uint32_t k = 0; k < count; ++k) {
      const TSNode child = ts_node_named_child(node, k);
      const std::string_view type = ts_node_type(child);
      if (type == "attribute_name") {
        a.name = std::string(text(child));
        a.name_span = span_of(ts_node_start_byte(child), ts_node_end_byte(child));
        a.value_span = a.name_span;
      } else if (type == "attribute_value" || type == "quoted_attribute_value") {
        a.has_value = true;
        std::uint32_t from = ts_node_start_byte(child);
        std::uint32_t to = ts_node_end_byte(child);
        if (type == "quoted_attribute_value" && to - from >= 2) {  // strip the quotes
          ++from;
          --to;
        }
        a.value = source_.substr(from, to - from);
        a.value_start_byte = from;
        a.value_span = span_of(from, to);
        a.dynamic = dynamic(from, to);
      }
    }
    return a;
  };

  // One iterative traversal: elements with their attributes and parents, and the depth.
  std::vector<std::pair<std::uint32_t, std::size_t>> open;  // (end byte, element index)
  depth_ = visit_preorder(ts_tree_root_node(tree.get()), [&](TSNode node) {
    const std::string_view type = ts_node_type(node);
    const std::uint32_t start = ts_node_start_byte(node);
    while (!open.empty() && start >= open.back().first) open.pop_back();
    if (type == "element" || type == "script_element" || type == "style_element") {
      Element e;
      e.start_byte = start;
      e.end_byte = ts_node_end_byte(node);
      e.content_end_byte = e.end_byte;
      e.span = span_of(e.start_byte, e.end_byte);
      if (!open.empty()) e.parent = open.back().second;
      const std::uint32_t count = ts_node_named_child_count(node);
      for (std::uint32_t k = 0; k < count; ++k) {
        const TSNode child = ts_node_named_child(node, k);
        const std::string_view child_type = ts_node_type(child);
        if (child_type == "start_tag" || child_type == "self_closing_tag") {
          e.start_tag_end_byte = ts_node_end_byte(child);
          const std::uint32_t parts = ts_node_named_child_count(child);
          for (std::uint32_t p = 0; p < parts; ++p) {
            const TSNode part = ts_node_named_child(child, p);
            if (std::string_view(ts_node_type(part)) == "tag_name") {
              e.tag = core::to_lower(text(part));
              e.tag_span = span_of(ts_node_start_byte(part), ts_node_end_byte(part));
            } else if (std::string_view(ts_node_type(part)) == "attribute") {
              e.attributes.push_back(read_attribute(part));
            }
          }
        } else if (child_type == "end_tag") {
          e.content_end_byte = ts_node_start_byte(child);
        } else if (child_type == "raw_text") {
          e.text = std::string(text(child));
        }
      }
      open.emplace_back(e.end_byte, elements_.size());
      elements_.push_back(std::move(e));
    }
  });
}

}  // namespace djust::lint::html
