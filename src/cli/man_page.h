#pragma once
// The man page (roff, man(7) macros), generated from the command line's definition and the tool
// registry like the shell completions, so that it lists every subcommand, option and tool.

#include "cli/cli_model.h"
#include "registry/registry.h"

#include <string>

namespace djust::cli {

std::string man_page(const CliModel& model, const registry::Registry& registry);

// `text` for a roff text line: backslashes, hyphens (which must stay ASCII for copy and paste)
// and non-ASCII characters escaped, and a leading '.' or '\'' kept from being read as a request.
std::string roff_escape(std::string_view text);

}  // namespace djust::cli
