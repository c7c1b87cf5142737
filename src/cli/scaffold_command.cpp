#include "cli/scaffold_command.h"

#include "cli/app_models.h"
#include "cli/tool_commands.h"
#include "core/files.h"
#include "core/paths.h"
#include "core/text.h"
#include "project/project_locator.h"
#include "scaffold/python_syntax.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace djust::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kView = "view";
constexpr const char* kComponent = "component";
constexpr const char* kHandler = "handler";

const char* tool_for(const std::string& kind) {
  if (kind == kView) return "scaffold_view";
  if (kind == kComponent) return "scaffold_component";
  return "add_event_handler";
}

// The app the files go into: --app (an existing folder of the project), else the one folder of
// the project that holds an apps.py.
fs::path find_app_dir(const fs::path& root, const std::string& app) {
  if (!app.empty()) {
    const fs::path dir = core::resolve_within(root, app);
    if (!fs::is_directory(dir))
      throw core::PathError("--app " + app + " is not a folder of the project " + root.string());
    return dir;
  }
  std::vector<std::string> apps;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && fs::exists(entry.path() / "apps.py")) apps.push_back(entry.path().filename().string());
  std::sort(apps.begin(), apps.end());
  if (apps.size() == 1) return root / apps.front();
  throw core::PathError(apps.empty() ? "no app folder (with apps.py) in " + root.string() + ": give --app"
                                     : "several apps in " + root.string() + " (" + core::join(apps, ", ") +
                                           "): choose one with --app");
}

// --model names a class the app's models define or import: refused (1) when they do not, and a
// note on stderr when that cannot be read (no project found, an unreadable models.py).
bool model_is_defined(const std::string& model, const std::optional<fs::path>& root, const fs::path& app_dir,
                      const std::string& why_unchecked) {
  if (!root) {
    std::cerr << "djust-mcp scaffold: note: --model " << model << " was not checked against the app's models ("
              << why_unchecked << ")\n";
    return true;
  }
  const auto lookup = find_app_model(*root, app_dir, model);
  if (lookup.found == ModelLookup::Found::no) {
    std::cerr << "djust-mcp scaffold: " << lookup.message << " Nothing was generated.\n";
    return false;
  }
  if (lookup.found == ModelLookup::Found::unknown)
    std::cerr << "djust-mcp scaffold: note: --model " << model << " was not checked: " << lookup.message << "\n";
  return true;
}

// Where the new view's URL goes: the app's urls.py, or a new one included from the root URLconf.
void print_url_advice(const fs::path& root, const fs::path& app_dir, const json& result) {
  const fs::path app = fs::relative(app_dir, root);
  const std::string import = result.at("urls_import"), line = result.at("urls_line");
  if (fs::exists(app_dir / "urls.py")) {
    std::cout << "\nAdd to " << (app / "urls.py").string() << ":\n  " << import << "\n  " << line << "\n";
    return;
  }
  const std::string module = app.generic_string();
  std::string dotted = module;
  std::replace(dotted.begin(), dotted.end(), '/', '.');
  std::cout << "\n"
            << (app / "urls.py").string() << " does not exist: create it with\n"
            << "  from django.urls import path\n  " << import << "\n\n  urlpatterns = [\n      " << line
            << "\n  ]\nand include it from the root URLconf (ROOT_URLCONF), e.g.\n"
            << "  path(\"" << app_dir.filename().string() << "/\", include(\"" << dotted << ".urls\")),\n";
}

struct PlannedFile {
  fs::path target;
  std::string content;
};

}  // namespace

ScaffoldCommand::ScaffoldCommand(CLI::App& app) {
  scaffold_ = app.add_subcommand("scaffold", "Generate a djust view, component or event handler");
  scaffold_->add_option("kind", kind_, "What to generate")
      ->required()
      ->check(CLI::IsMember({kView, kComponent, kHandler}));
  scaffold_->add_option("name", name_, "Class name (view, component) or method name (handler)")->required();
  scaffold_->add_option("--features", features_, "view: search, crud, pagination, form, presence, streaming, auth")
      ->delimiter(',');
  scaffold_->add_option("--model", model_, "view: the app's model class, imported from .models");
  scaffold_->add_option("--props", props_, "component: e.g. \"message:str=Saved, count:int\"");
  scaffold_->add_option("--params", params_, "handler: e.g. \"item_id:int, quantity:int=1\"");
  scaffold_->add_option("--decorators", decorators_, "handler: e.g. \"rate_limit(rate=5, burst=3), debounce\"");
  scaffold_->add_option("--app", app_, "The app folder of the project (default: the one holding apps.py)");
  scaffold_->add_flag("--write", write_, "view, component: create the files in the app and print what was created");
  scaffold_->add_flag("--force", force_, "With --write: replace files that exist");
  scaffold_->footer(
      "Examples:\n  djust-mcp scaffold view ProductList --features search,crud,auth --model Item --app shop\n"
      "  djust-mcp scaffold view ProductList --features crud --model Item --write\n"
      "  djust-mcp scaffold component Alert --props \"message:str=Saved, level:str=info\"\n"
      "  djust-mcp scaffold handler add_to_cart --params \"item_id:int, quantity:int=1\" "
      "--decorators \"rate_limit(rate=5, burst=3)\"\n"
      "Without --write the code is printed. --write never replaces a file without --force and never writes\n"
      "outside the project. Exit status: 0 done, 1 refused or invalid input, 2 usage error.");
}

json ScaffoldCommand::tool_arguments(const std::optional<std::string>& app) const {
  if (kind_ == kHandler) return {{"handler_name", name_}, {"params", params_}, {"decorators", decorators_}};
  json args = {{"name", name_}};
  if (app) args["app"] = *app;
  if (kind_ == kComponent) {
    args["props"] = props_;
  } else {
    args["features"] = features_;
    if (!model_.empty()) args["model"] = model_;
  }
  return args;
}

std::optional<int> ScaffoldCommand::run(const registry::Registry& registry, const tools::ToolOptions& options) const {
  if (!*scaffold_) return std::nullopt;
  const bool for_view = kind_ == kView;
  const bool for_component = kind_ == kComponent;
  const std::vector<std::pair<bool, const char*>> misplaced = {
      {!features_.empty() && !for_view, "--features is for views"},
      {!model_.empty() && !for_view, "--model is for views"},
      {!props_.empty() && !for_component, "--props is for components"},
      {(!params_.empty() || !decorators_.empty()) && kind_ != kHandler, "--params and --decorators are for handlers"},
      {(write_ || !app_.empty()) && kind_ == kHandler, "a handler is printed to paste into a class: no --write/--app"},
      {force_ && !write_, "--force only goes with --write"}};
  for (const auto& [wrong, message] : misplaced) {
    if (!wrong) continue;
    std::cerr << "djust-mcp scaffold: " << message << "\n";
    return kExitUsage;
  }

  if (!app_.empty()) {
    try {  // before anything is looked up under it: a path is refused, not searched
      scaffold::require_identifier(app_, "app name");
    } catch (const scaffold::ScaffoldError& e) {
      std::cerr << "djust-mcp scaffold: " << e.what() << "\n";
      return kExitToolError;  // as when the tool refuses it
    }
  }
  fs::path root;
  fs::path app_dir;
  std::optional<std::string> app = app_.empty() ? std::nullopt : std::optional<std::string>(app_);
  if (write_) {
    try {
      root = fs::canonical(project::locate_project(project::process_project_hints(options.project_dir)).path);
      app_dir = find_app_dir(root, app_);
      app = app_dir.filename().string();
    } catch (const std::exception& e) {  // LocateError, PathError, filesystem errors
      std::cerr << "djust-mcp scaffold: " << e.what() << "\n";
      return kExitToolError;
    }
  }
  if (for_view && !model_.empty()) {
    std::optional<fs::path> checked_root;
    std::string why_unchecked;
    fs::path checked_app = app_dir;
    try {
      checked_root =
          write_ ? root
                 : fs::canonical(project::locate_project(project::process_project_hints(options.project_dir)).path);
      if (!write_) checked_app = find_app_dir(*checked_root, app_);
    } catch (const std::exception& e) {  // no project or app here: the printed code is not checked
      checked_root.reset();
      why_unchecked = e.what();
    }
    if (!model_is_defined(model_, checked_root, checked_app, why_unchecked)) return kExitToolError;
  }
  registry::CallContext context;
  const auto outcome = registry.call(*registry.find_tool(tool_for(kind_)), tool_arguments(app), context);
  if (outcome.is_error) {
    std::cerr << "djust-mcp scaffold: " << outcome.error << "\n";
    return kExitToolError;
  }
  const json& result = outcome.structured;
  if (kind_ == kHandler) {
    for (const auto& note : result.value("notes", json::array()))
      std::cerr << "djust-mcp scaffold: note: " << note.get<std::string>() << "\n";
    std::cout << result.at("import_line").get<std::string>() << "\n\n" << result.at("code").get<std::string>();
    return 0;
  }
  if (!write_) {
    for (const auto& file : result.at("files"))
      std::cout << "# " << file.at("path").get<std::string>() << "\n" << file.at("content").get<std::string>() << "\n";
    if (for_view)
      std::cout << "# urls.py\n"
                << result.at("urls_import").get<std::string>() << "\n"
                << result.at("urls_line").get<std::string>() << "\n";
    return 0;
  }

  std::vector<PlannedFile> planned;
  std::vector<std::string> existing;
  std::vector<std::string> links;
  for (const auto& file : result.at("files")) {
    // Folders are resolved (a symlinked folder of the app pointing elsewhere is refused); the file
    // itself is not, so a link there is seen as a link, dangling or not.
    const fs::path wanted = app_dir / file.at("path").get<std::string>();
    const fs::path target = fs::weakly_canonical(wanted.parent_path()) / wanted.filename();
    if (!core::is_within(root, target)) {
      std::cerr << "djust-mcp scaffold: " << target.string() << " is outside the project " << root.string() << "\n";
      return kExitToolError;
    }
    std::error_code error;
    const auto status = fs::symlink_status(target, error);
    const std::string shown = target.lexically_relative(root).string();  // fs::relative would follow the link
    if (fs::is_symlink(status)) links.push_back(shown);
    if (fs::exists(status)) existing.push_back(shown);
    planned.push_back({target, file.at("content")});
  }
  if (!links.empty()) {
    std::cerr << "djust-mcp scaffold: " << core::join(links, ", ")
              << (links.size() == 1 ? " is a symbolic link" : " are symbolic links")
              << ", which scaffold never writes through or replaces (--force included); nothing was written\n";
    return kExitToolError;
  }
  if (!existing.empty() && !force_) {
    std::cerr << "djust-mcp scaffold: not overwriting " << core::join(existing, ", ")
              << " (--force replaces them); nothing was written\n";
    return kExitToolError;
  }
  core::WriteOptions confined;
  confined.within = root;
  for (const auto& file : planned) {
    const bool replaced = fs::exists(fs::symlink_status(file.target));
    std::string error;
    std::error_code ignored;
    fs::create_directories(file.target.parent_path(), ignored);
    if (!core::write_file_atomically(file.target, file.content, error, confined)) {
      std::cerr << "djust-mcp scaffold: " << error << "\n";
      return kExitToolError;
    }
    std::cout << (replaced ? "replaced " : "created ") << fs::relative(file.target, root).string() << "\n";
  }
  if (for_view) print_url_advice(root, app_dir, result);
  return 0;
}

}  // namespace djust::cli
