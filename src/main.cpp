#include "cli/cli.h"

int main(int argc, char** argv) { return djust::cli::run(argc, argv); }
