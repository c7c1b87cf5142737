#pragma once
// How big one answer may be. Clients hand a tool result to the model whole (its text block and
// structuredContent both), and Claude Code cuts results over its MCP output budget: default
// answers are indexes, and long lists come in pages of at most kPageBytes of compact JSON, so
// that a whole result stays well under 24 KB.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace djust::tools {

constexpr std::size_t kPageBytes = 9000;

// The most one answer may take as a whole (its text block, which holds the result as escaped
// JSON, and its structuredContent), less room for the envelope and the paging fields.
constexpr std::size_t kAnswerBytes = 24 * 1024 - 1024;

// How many items of result[key], from `offset` on, fit in one answer of kAnswerBytes with the rest
// of `result` beside them; at least one while any are left.
std::size_t items_fitting_answer(const nlohmann::json& result, const std::string& key, std::size_t offset);

// How many items of the array `items`, from `offset` on, fit in `budget` bytes of compact JSON;
// at least one while any are left, so that an item larger than the budget still gets a page.
std::size_t items_fitting(const nlohmann::json& items, std::size_t offset, std::size_t budget);

// The first index of each page of `items`: the first page holds `first_budget` bytes (room left
// beside what else page 1 carries), the others kPageBytes. An empty array has one empty page.
std::vector<std::size_t> page_starts(const nlohmann::json& items, std::size_t first_budget);

// The items of page `page` (1-based, within range) of `items` split at `starts`.
nlohmann::json page_items(const nlohmann::json& items, const std::vector<std::size_t>& starts, std::size_t page);

// Compact JSON size of a value.
std::size_t json_bytes(const nlohmann::json& value);

// The first sentence of `text` (up to its first ". "), for one-line index entries.
std::string first_sentence(std::string_view text);

}  // namespace djust::tools
