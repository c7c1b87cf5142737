#pragma once
// Settings a tool family may need from the command line or the environment. The CLI fills them
// once; app::build_registry hands them to each family, which captures what it needs.

#include "core/client_roots.h"
#include "knowledge/knowledge.h"
#include "tools/warm_index.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace djust::tools {

struct ToolOptions {
  // The Django project (the folder holding manage.py): --project / DJUST_MCP_PROJECT, else
  // found by walking up from the working directory.
  std::optional<std::filesystem::path> project_dir;
  // The MCP roots the client offers (filled by the server), where the project is looked for
  // first when none is given; none outside an MCP session.
  std::shared_ptr<core::ClientRoots> client_roots;
  // The project's interpreter: --python / DJUST_MCP_PYTHON, else VIRTUAL_ENV, a virtualenv in the
  // project, manage.py's #! interpreter, python3.
  std::optional<std::string> python;
  // How long the project may take to load, and to answer one request, before its Python
  // process is stopped: --bridge-timeout / DJUST_MCP_BRIDGE_TIMEOUT (seconds).
  std::chrono::milliseconds bridge_timeout{60'000};
  // The running dev server: --dev-server / DJUST_DEV_SERVER_URL.
  std::string dev_server_url = "http://127.0.0.1:8000";
  bool allow_remote_dev_server = false;
  // The djust version the linked project imports, as its bridge last said: the project tools set
  // it, the knowledge tools read it. Copies of these options share it.
  std::shared_ptr<knowledge::ProjectDjustVersion> project_djust_version =
      std::make_shared<knowledge::ProjectDjustVersion>();
  // The facts of the project's files, kept while they stay unchanged, for the tools that link
  // the project. Copies of these options share them.
  std::shared_ptr<WarmIndex> warm_index = std::make_shared<WarmIndex>();
};

}  // namespace djust::tools
