#pragma once
// A lint rule's identity and documentation, and the reporter it writes findings through.
// Rules themselves live one per file under lint/<language>/rules/.

#include "lint/finding.h"

#include <string>
#include <string_view>
#include <vector>

namespace djust::lint {

struct RuleDoc {
  std::string_view id;    // djust's check id where djust checks the same thing (V004), else DJ###
  std::string_view name;  // kebab-case, e.g. "handler-missing-kwargs"
  Severity severity;
  bool default_enabled;      // in the default selection of `validate`
  std::string_view summary;  // one line
  std::string_view explanation;
  std::string_view bad_example;
  std::string_view good_example;
  std::string_view fix_hint;  // shown with every finding unless the rule gives a sharper one
  bool fixable = false;       // `--fix` can repair it
};

// True when the id is one of djust's own system-check ids (not one of ours).
bool is_djust_check_id(std::string_view id);

class Reporter {
 public:
  Reporter(const RuleDoc& doc, std::vector<Finding>& out) : doc_(doc), out_(out) {}
  void report(Span span, std::string message, std::optional<Fix> fix = std::nullopt) {
    out_.push_back(
        {std::string(doc_.id), doc_.severity, std::move(message), std::string(doc_.fix_hint), span, std::move(fix)});
  }

 private:
  const RuleDoc& doc_;
  std::vector<Finding>& out_;
};

}  // namespace djust::lint
