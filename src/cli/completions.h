#pragma once
// Shell completion scripts for bash, zsh and fish, generated from the command line's definition
// (subcommands, options, their choices) and the tool registry (tool names after `call`, then the
// key= parameters of that tool and their values).

#include "cli/cli_model.h"
#include "registry/registry.h"

#include <string>
#include <string_view>
#include <vector>

namespace djust::cli {

// The shells `completion_script` knows, in the order --help lists them.
const std::vector<std::string>& completion_shells();

// The script for `shell` (one of completion_shells()).
std::string completion_script(std::string_view shell, const CliModel& model, const registry::Registry& registry);

}  // namespace djust::cli
