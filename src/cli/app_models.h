#pragma once
// Whether a Django app defines (or imports) a model class, read statically from its models.py or
// models/__init__.py: scaffold_view's `from .models import X` must import something real.

#include <filesystem>
#include <string>

namespace djust::cli {

struct ModelLookup {
  enum class Found { yes, no, unknown };
  Found found = Found::unknown;
  // For `no`: why, with a did-you-mean when a close name exists; for `unknown`: why it could not
  // be checked.
  std::string message;
};

// Looks for `model` in the app folder `app_dir` (relative to the canonical project `root`,
// opened without following links out of it). Never throws for an unreadable file: that is
// `unknown`.
ModelLookup find_app_model(const std::filesystem::path& root, const std::filesystem::path& app_dir,
                           const std::string& model);

}  // namespace djust::cli
