#pragma once
// The command line: serve (the default), tools, call. Thin: parse arguments, call the registry or
// the server, print.

namespace djust::cli {

int run(int argc, char** argv);

}  // namespace djust::cli
