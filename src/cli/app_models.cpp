#include "cli/app_models.h"

#include "core/files.h"
#include "core/text.h"
#include "lint/python/model.h"

#include <fcntl.h>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;

// A models.py larger than this is not read: it is no ordinary app's.
constexpr std::size_t kMaxModelsBytes = 4 * 1024 * 1024;

}  // namespace

ModelLookup find_app_model(const fs::path& root, const fs::path& app_dir, const std::string& model) {
  const fs::path app = app_dir.lexically_relative(root);
  fs::path relative;
  for (const fs::path& candidate : {app / "models.py", app / "models" / "__init__.py"})
    if (fs::is_regular_file(root / candidate)) {
      relative = candidate;
      break;
    }
  if (relative.empty())
    return {ModelLookup::Found::no, app.string() + " has no models.py (nor models/__init__.py) to import " + model +
                                        " from: create the model first, or leave out --model for placeholder rows."};
  std::string text;
  try {
    const core::UniqueFd fd = core::open_beneath(root, relative, O_RDONLY);
    text = core::read_descriptor(fd.get(), kMaxModelsBytes, relative.string());
  } catch (const core::FileError& e) {
    return {ModelLookup::Found::unknown, "could not read " + relative.string() + " (" + e.what() + ")"};
  }
  const lint::python::Module module(lint::python::parse(std::move(text)));
  if (module.find_class(model) || module.imports().count(model)) return {ModelLookup::Found::yes, {}};
  if (module.has_star_imports())
    return {ModelLookup::Found::unknown,
            relative.string() + " imports names with *, so whether it has " + model + " cannot be read from it"};
  std::vector<std::string> names;
  for (const auto& c : module.classes()) names.push_back(c.name);
  for (const auto& [name, qualified] : module.imports()) names.push_back(name);
  std::string message = relative.string() + " neither defines nor imports a class " + model + ".";
  if (const auto guess = core::closest_match(model, names)) message += " Did you mean " + *guess + "?";
  return {ModelLookup::Found::no, message};
}

}  // namespace djust::cli
