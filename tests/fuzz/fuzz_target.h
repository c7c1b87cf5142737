#pragma once
// The libFuzzer entry point every target in this folder defines. Built with -fsanitize=fuzzer it
// is driven by libFuzzer; otherwise regression_main.cpp replays the kept inputs through it.

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

#include <string_view>
#include <utility>

// The fuzz input as text, split at its first newline: (first line, rest). Targets that take two
// things (a schema and an instance, a path and a .gitignore) read them so.
inline std::pair<std::string_view, std::string_view> split_first_line(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return {input, {}};
  return {input.substr(0, newline), input.substr(newline + 1)};
}
