#!/usr/bin/env bash
# Prints the benchmark table. Usage: bench/run.sh [BUILD_DIR] [RUNS] [PROJECT]
# PROJECT: a Django project to time validate on (its .djust-mcp-cache/ is removed for the cold
# runs); without it a generated project of about the size of djust's demo_project.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-50}
cmake --build "$build" --target djust-mcp djust-mcp-bench djust-lint-bench djust-bridge-bench djust-api-bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/bench/djust-mcp-bench" "$build/djust-mcp" "$runs"
echo
"$build/bench/djust-lint-bench" "$build/djust-mcp" "$work" 10 ${3:+"$3"}
echo
"$build/bench/djust-bridge-bench" "$here/../tests/fixtures/project" "${DJUST_BENCH_PYTHON:-/usr/bin/python3}" 10 "$work"
echo
"$build/bench/djust-api-bench" "$here/../tests/fixtures/api_bulk" "${DJUST_BENCH_PYTHON:-/usr/bin/python3}" "$work" 50
