// DJ000: the file does not parse. The engine reports it (rules on a broken tree would only
// guess), but it is documented and listed like any rule.
#include "lint/rule.h"

namespace djust::lint::python {

const RuleDoc& syntax_error_doc() {
  static const RuleDoc doc{
      .id = "DJ000",
      .name = "syntax-error",
      .severity = Severity::error,
      .category = "quality",
      .summary = "The file does not parse",
      .explanation =
          "The source is not valid Python (or the template is not well-formed), so no other rule can "
          "check it. The finding points at the first place the parser gave up.",
      .bad_example = R"py(def mount(self, request **kwargs):
    pass
)py",
      .good_example = R"py(def mount(self, request, **kwargs):
    pass
)py",
      .fix_hint =
          "Fix the syntax at the reported line; Python's own error (python -m py_compile FILE) gives "
          "more detail."};
  return doc;
}

}  // namespace djust::lint::python
