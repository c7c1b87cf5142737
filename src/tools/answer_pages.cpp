#include "tools/answer_pages.h"

namespace djust::tools {

using nlohmann::json;

std::size_t json_bytes(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace).size(); }

std::size_t items_fitting(const json& items, std::size_t offset, std::size_t budget) {
  std::size_t used = 0;
  std::size_t count = 0;
  for (std::size_t i = offset; i < items.size(); ++i) {
    used += json_bytes(items[i]) + 1;  // and its comma
    if (count > 0 && used > budget) break;
    ++count;
  }
  return count;
}

namespace {

// What a value adds to an answer: its compact JSON in structuredContent, and again escaped inside
// the text block.
std::size_t answer_bytes(const json& value) {
  const std::string compact = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return compact.size() + json_bytes(json(compact));
}

}  // namespace

std::size_t items_fitting_answer(const json& result, const std::string& key, std::size_t offset) {
  const json& items = result.at(key);
  json rest = result;
  rest[key] = json::array();
  std::size_t used = answer_bytes(rest);
  std::size_t count = 0;
  for (std::size_t i = offset; i < items.size(); ++i) {
    used += answer_bytes(items[i]);  // its two commas take the place of the quotes counted
    if (count > 0 && used > kAnswerBytes) break;
    ++count;
  }
  return count;
}

std::vector<std::size_t> page_starts(const json& items, std::size_t first_budget) {
  std::vector<std::size_t> starts = {0};
  std::size_t offset = items_fitting(items, 0, first_budget);
  // A first page with no room at all still takes one item (items_fitting), so this always ends.
  while (offset < items.size()) {
    starts.push_back(offset);
    offset += items_fitting(items, offset, kPageBytes);
  }
  return starts;
}

json page_items(const json& items, const std::vector<std::size_t>& starts, std::size_t page) {
  const std::size_t begin = starts.at(page - 1);
  const std::size_t end = page < starts.size() ? starts[page] : items.size();
  return json(items.begin() + static_cast<std::ptrdiff_t>(begin), items.begin() + static_cast<std::ptrdiff_t>(end));
}

std::string first_sentence(std::string_view text) {
  const auto stop = text.find(". ");
  return std::string(stop == std::string_view::npos ? text : text.substr(0, stop + 1));
}

}  // namespace djust::tools
