// Q003: console.log in a page script, not behind djust's debug flag.
#include "lint/html/rules/template_rule.h"

namespace djust::lint::html {
namespace {

// Whether a djustDebug test governs `at`: `if (window.djustDebug) { ... console.log(...) }`,
// `if (djustDebug) console.log(...)` or `djustDebug && console.log(...)`.
bool guarded(std::string_view script, std::size_t at) {
  for (std::size_t flag = script.rfind("djustDebug", at); flag != std::string_view::npos;
       flag = flag == 0 ? std::string_view::npos : script.rfind("djustDebug", flag - 1)) {
    // The test governs `at` until its block closes or, without a block, its statement ends.
    int depth = 0;
    bool ended = false;
    for (std::size_t i = flag; i < at && !ended; ++i) {
      if (script[i] == '{') ++depth;
      if (script[i] == '}') ended = --depth <= 0;
      if (script[i] == ';' && depth == 0) ended = true;
    }
    if (!ended) return true;
  }
  return false;
}

void check(const Template& document, Reporter& reporter) {
  for (const auto& element : document.elements()) {
    if (element.tag != "script" || element.text.empty()) continue;
    const std::string_view script = element.text;
    const std::size_t base = element.start_tag_end_byte;
    for (std::size_t at = script.find("console.log"); at != std::string_view::npos;
         at = script.find("console.log", at + 1)) {
      if (!guarded(script, at))
        reporter.report(
            document.span_of(static_cast<std::uint32_t>(base + at), static_cast<std::uint32_t>(base + at + 11)),
            "console.log without a djustDebug guard");
    }
  }
}

}  // namespace

const TemplateRule& console_log_rule() {
  static const TemplateRule rule{
      {.id = "Q003",
       .name = "console-log",
       .default_enabled = false,
       .summary = "console.log without a djustDebug guard",
       .explanation = "Logging left in page scripts fills every visitor's console. djust's own client logs only "
                      "when window.djustDebug is set (it is in development); guard page scripts the same way.",
       .bad_example = R"html(<script>
  console.log("loaded");
</script>
)html",
       .good_example = R"html(<script>
  if (window.djustDebug) {
    console.log("loaded");
  }
</script>
)html",
       .fix_hint = "Wrap it in if (window.djustDebug) { ... } or remove it."},
      check};
  return rule;
}

}  // namespace djust::lint::html
