#include "tools/project_session.h"

#include "core/log.h"
#include "knowledge/knowledge.h"
#include "project/bridge_contract.h"
#include "project/project_locator.h"
#include "registry/descriptors.h"

namespace djust::tools {

namespace fs = std::filesystem;
using nlohmann::json;
using registry::ToolError;

std::shared_ptr<project::Bridge> ProjectSession::bridge(const std::stop_token& stop) {
  const project::ProjectHints hints = project::with_client_roots(project::process_project_hints(options_.project_dir),
                                                                 options_.client_roots.get(), stop);
  const std::uint64_t roots_version = options_.client_roots ? options_.client_roots->version() : 0;
  std::lock_guard lock(mutex_);
  if (bridge_ && roots_version == roots_version_) return bridge_;
  try {
    const auto project = project::locate_project(hints);
    roots_version_ = roots_version;
    if (bridge_ && bridge_->options().project_dir == project.path) return bridge_;
    const auto python = project::locate_python(options_.python, project.path, project::virtual_env_from_environment());
    core::log(core::LogLevel::info, "project",
              "project " + project.path.string() + " (" + project.reason + "), interpreter " + python.path.string() +
                  " (" + python.reason + ")");
    // A call still using the previous project's bridge keeps it until it returns.
    bridge_ = std::make_shared<project::Bridge>(
        project::BridgeOptions{project.path, python.path, options_.bridge_timeout, python.reason});
    return bridge_;
  } catch (const project::LocateError& e) {
    throw ToolError(std::string(e.what()) + " `djust-mcp doctor` shows what djust-mcp finds.");
  }
}

void ProjectSession::note_djust(project::Bridge& bridge, const std::stop_token& stop) {
  if (!options_.project_djust_version) return;
  auto& known = *options_.project_djust_version;
  known.set(bridge.info(stop).value("djust", json()));
  const auto version = known.get();
  if (!version) return;
  const std::string key = bridge.options().project_dir.string() + "\n" + *version;
  {
    std::lock_guard lock(installed_mutex_);
    if (installed_for_ == key) return;
    installed_for_ = key;
  }
  static const auto& method = project::bridge_method("installed_djust");
  try {
    known.set_installed(bridge.request(method, {{"names", knowledge::importable_paths()}}, stop));
  } catch (const project::BridgeError& e) {
    std::lock_guard lock(installed_mutex_);
    installed_for_.clear();  // ask again next time
    core::log(core::LogLevel::warning, "project",
              std::string("Could not list the installed djust's names: ") + e.what());
  }
}

void ProjectSession::request_probe() {
  std::lock_guard lock(probe_mutex_);
  probe_wanted_ = true;
  if (probe_thread_.joinable()) {
    probe_wanted_changed_.notify_one();
    return;
  }
  probe_thread_ = std::jthread([this](std::stop_token stop) { probe_loop(stop); });
}

void ProjectSession::probe_loop(const std::stop_token& stop) {
  while (true) {
    {
      std::unique_lock lock(probe_mutex_);
      if (!probe_wanted_changed_.wait(lock, stop, [this] { return probe_wanted_; })) return;
      probe_wanted_ = false;
    }
    probe(stop);
  }
}

void ProjectSession::probe(const std::stop_token& stop) {
  std::shared_ptr<project::Bridge> found;
  try {
    found = bridge(stop);
  } catch (const ToolError& e) {
    // A project that was named but is not there is a problem; no project at all is normal for
    // someone who only asks about the framework.
    core::log(options_.project_dir ? core::LogLevel::error : core::LogLevel::info, "project",
              std::string("The project tools (list_views, get_view_schema, ...) have no project: ") + e.what());
    return;
  }
  const fs::path dir = found->options().project_dir;
  if (dir == probed_project_) return;  // one report per project
  probed_project_ = dir;
  try {
    const json info = found->info(stop);
    note_djust(*found, stop);
    core::log(core::LogLevel::info, "project",
              "project " + dir.string() + " loads: Django " + info.value("django", std::string("?")) + ", " +
                  std::to_string(info.value("views", 0)) + " LiveViews");
  } catch (const project::BridgeError& e) {
    if (stop.stop_requested()) return;
    core::log(core::LogLevel::error, "project",
              "The Django project " + dir.string() +
                  " cannot be loaded, so the project tools (list_views, get_view_schema, ...) will fail until "
                  "this is fixed. " +
                  e.what());
  }
}

std::shared_ptr<ProjectSession> make_project_session(const ToolOptions& options) {
  const auto session = std::make_shared<ProjectSession>(options);
  if (options.client_roots) {
    options.client_roots->on_change([weak = std::weak_ptr<ProjectSession>(session)] {
      if (const auto alive = weak.lock()) alive->request_probe();
    });
  }
  return session;
}

}  // namespace djust::tools
