#!/usr/bin/env bash
# Prints the benchmark table. Usage: bench/run.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-50}
cmake --build "$build" --target djust-mcp djust-mcp-bench >/dev/null
"$build/bench/djust-mcp-bench" "$build/djust-mcp" "$runs"
