// libFuzzer target: the template linter (template syntax masking, HTML model, every rule).

#include "fuzz_target.h"
#include "lint_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_lint("fuzz.html", std::string(reinterpret_cast<const char*>(data), size), djust::lint::Language::html);
  return 0;
}
