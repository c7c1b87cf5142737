// libFuzzer target: the Python validator (parser, model and every rule) on one source file.

#include "fuzz_target.h"
#include "lint_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_lint("fuzz.py", std::string(reinterpret_cast<const char*>(data), size), djust::lint::Language::python);
  return 0;
}
