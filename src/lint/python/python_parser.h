#pragma once
// Python source to a tree-sitter syntax tree (tree-sitter-python, pinned in grammars/).
// Never imports or executes the code it reads.

#include <tree_sitter/api.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace djust::lint::python {

struct SyntaxErrorLocation {
  std::uint32_t line;    // 1-based
  std::uint32_t column;  // 1-based, in bytes
};

class SyntaxTree {
 public:
  SyntaxTree(std::string source, TSTree* tree);
  TSNode root() const { return ts_tree_root_node(tree_.get()); }
  const std::string& source() const { return source_; }
  std::string_view text(TSNode node) const;
  // The first ERROR or MISSING node in document order, if the source does not parse cleanly.
  std::optional<SyntaxErrorLocation> first_error() const;

 private:
  std::string source_;
  std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree_;
};

SyntaxTree parse(std::string source);

}  // namespace djust::lint::python
