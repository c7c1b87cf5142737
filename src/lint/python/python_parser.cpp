#include "lint/python/python_parser.h"

#include <limits>
#include <stdexcept>

extern "C" const TSLanguage* tree_sitter_python();

namespace djust::lint::python {
namespace {

// tree-sitter 0.20.7 has no ts_node_is_error; ERROR nodes carry the reserved symbol 65535.
bool is_error_node(TSNode node) { return ts_node_symbol(node) == std::numeric_limits<TSSymbol>::max(); }

// Iterative, so that deeply nested sources cannot exhaust the stack.
std::optional<SyntaxErrorLocation> find_error(TSNode root) {
  if (!ts_node_has_error(root)) return std::nullopt;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::optional<SyntaxErrorLocation> found;
  while (!found) {
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    if (is_error_node(node) || ts_node_is_missing(node)) {
      const TSPoint p = ts_node_start_point(node);
      found = SyntaxErrorLocation{p.row + 1, p.column + 1};
      break;
    }
    // Descend only into subtrees that contain the error; otherwise move on.
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        const TSPoint p = ts_node_start_point(root);
        found = SyntaxErrorLocation{p.row + 1, p.column + 1};
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

}  // namespace

SyntaxTree::SyntaxTree(std::string source, TSTree* tree) : source_(std::move(source)), tree_(tree, &ts_tree_delete) {}

std::string_view SyntaxTree::text(TSNode node) const {
  const std::uint32_t start = ts_node_start_byte(node);
  const std::uint32_t end = ts_node_end_byte(node);
  return std::string_view(source_).substr(start, end - start);
}

std::optional<SyntaxErrorLocation> SyntaxTree::first_error() const { return find_error(root()); }

SyntaxTree parse(std::string source) {
  std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), &ts_parser_delete);
  if (!ts_parser_set_language(parser.get(), tree_sitter_python()))
    throw std::runtime_error("tree-sitter-python's ABI is not supported by this tree-sitter library");
  TSTree* tree =
      ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<std::uint32_t>(source.size()));
  if (!tree) throw std::runtime_error("tree-sitter could not parse the source");
  return SyntaxTree(std::move(source), tree);
}

}  // namespace djust::lint::python
