// libFuzzer target: did-you-mean (core::closest_match and the bounded edit distance under it).
// The first line is the unknown word, the others the candidates; the word is also looked up among
// the directive names and the tool names, as the linter and the server do. A suggestion must be
// a candidate within the distance the word's length allows, the bounded distance must agree with
// the full one, and a long word must cost no time.

#include "fuzz_target.h"

#include "core/text.h"
#include "fuzz_registry.h"
#include "knowledge/knowledge.h"

#include <algorithm>
#include <cstdlib>

namespace {

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void check_suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const auto guess = djust::core::closest_match(word, candidates);
  if (!guess) return;
  if (word.size() > djust::core::kMaxSuggestedLength) std::abort();
  if (std::find(candidates.begin(), candidates.end(), *guess) == candidates.end()) std::abort();
  if (djust::core::edit_distance(word, *guess) > std::max<std::size_t>(1, word.size() / 3)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [word, rest] = split_first_line(data, size);
  const auto candidates = lines(rest);
  check_suggestion(word, candidates);
  check_suggestion(word, djust::knowledge::directive_names());
  check_suggestion(word, fuzz_registry().tool_names());
  // The early exit must not change a distance within the bound (short strings: the full table is
  // quadratic).
  if (word.size() <= 200 && !candidates.empty() && candidates.front().size() <= 200) {
    const std::size_t full = djust::core::edit_distance(word, candidates.front());
    for (std::size_t bound : {0, 1, 2, 5, 40})
      if (djust::core::edit_distance(word, candidates.front(), bound) != std::min(full, bound + 1)) std::abort();
  }
  return 0;
}
