#pragma once
// The libFuzzer entry point every target in this folder defines. Built with -fsanitize=fuzzer it
// is driven by libFuzzer; otherwise regression_main.cpp replays the kept inputs through it.

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
