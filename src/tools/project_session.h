#pragma once
// The user's Django project and its warm bridge, shared by the tool families that talk to it: the
// project tools (project_tools.h) and the project's own API (api_tools.h).

#include "project/bridge.h"
#include "tools/tool_options.h"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace djust::tools {

// The project and its warm bridge. The project is looked for on each call until found, and again
// when the client's roots change, so a client that starts us in the wrong folder gets a clear
// error, not a dead server, and one that opens another folder gets that project.
class ProjectSession {
 public:
  explicit ProjectSession(ToolOptions options) : options_(std::move(options)) {}
  ~ProjectSession() { probe_thread_.request_stop(); }
  ProjectSession(const ProjectSession&) = delete;
  ProjectSession& operator=(const ProjectSession&) = delete;

  // The bridge of the project as things stand. Throws ToolError when there is no project.
  std::shared_ptr<project::Bridge> bridge(const std::stop_token& stop);

  // The knowledge tools say when an entry is newer than the djust this project imports, and which
  // decorators and mixins the installed package really has: asked once per project and version.
  void note_djust(project::Bridge& bridge, const std::stop_token& stop);

  // Loads the project in the background (at server start, and when the client's roots change),
  // so that a project that cannot be loaded is reported once, at once, instead of at the first
  // call; and the first call finds the project warm.
  void request_probe();

 private:
  void probe_loop(const std::stop_token& stop);

  void probe(const std::stop_token& stop);

  ToolOptions options_;
  std::mutex mutex_;
  std::shared_ptr<project::Bridge> bridge_;
  std::uint64_t roots_version_ = 0;

  std::mutex probe_mutex_;
  std::condition_variable_any probe_wanted_changed_;
  bool probe_wanted_ = false;
  std::filesystem::path probed_project_;  // touched by the probe thread only
  std::mutex installed_mutex_;
  std::string installed_for_;  // project folder and djust version the installed names are for
  std::jthread probe_thread_;  // last: stopped and joined before the rest goes
};

// A session for `options`, looked for again (and probed) when the client's roots change.
std::shared_ptr<ProjectSession> make_project_session(const ToolOptions& options);

}  // namespace djust::tools
