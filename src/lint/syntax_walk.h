#pragma once
// Pre-order traversal of a tree-sitter tree without recursion, so that deeply nested sources
// cannot exhaust the stack. Shared by the Python and template models.

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstdint>

namespace djust::lint {

// Calls visit(node) for every node under `root`, parents before children; returns the deepest
// nesting seen (the root is depth 0).
template <typename Visit>
std::uint32_t visit_preorder(TSNode root, Visit visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::uint32_t depth = 0;
  std::uint32_t deepest = 0;
  for (bool more = true; more;) {
    visit(ts_tree_cursor_current_node(&cursor));
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      deepest = std::max(deepest, ++depth);
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
      --depth;
    }
  }
  ts_tree_cursor_delete(&cursor);
  return deepest;
}

}  // namespace djust::lint
