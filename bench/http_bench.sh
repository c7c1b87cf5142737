#!/usr/bin/env bash
# MCP over Streamable HTTP, djust-mcp against a minimal server of the official TypeScript SDK
# (bench/ts_sdk_peer.mjs): CLIENTS concurrent sessions make TOTAL tools/call round trips of the same
# trivial tool (test_simple_text, served by djust-mcp's code in the test-only conformance fixture
# server); then the product binary's `serve --http` with a cached knowledge tool. Prints the table.
# Usage: bench/http_bench.sh [BUILD_DIR] [CLIENTS] [TOTAL]   (needs ctest's e2e packages installed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
clients=${2:-64}
total=${3:-20000}
modules=${DJUST_E2E_MODULES_DIR:-$build/tests/e2e}/node_modules
cmake --build "$build" --target djust-mcp conformance-fixture-server djust-http-bench >/dev/null
[ -d "$modules/@modelcontextprotocol/sdk" ] || { echo "no $modules: run ctest -R e2e-npm-ci first" >&2; exit 2; }
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts "$@" with stderr to a file and prints its pid and port once it says "listening on" (it
# runs in a subshell: the caller records the pid for the cleanup).
start() {
  local log=$work/server-$RANDOM.log
  "$@" 2>"$log" >/dev/null &
  for _ in $(seq 600); do
    if port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$'); then
      echo "$! $port"
      return
    fi
    sleep 0.05
  done
  echo "the server did not start: $(cat "$log")" >&2
  exit 1
}

bench=$build/bench/djust-http-bench
printf '%-34s %8s %10s %8s %8s %8s %9s %6s\n' server calls "calls/s" "p50 ms" "p99 ms" "max ms" "RSS MiB" errors
# Both djust-mcp servers allow all the clients at once (the defaults are 32 requests, 64 sessions).
at_once=$((clients * 2))
read -r pid port < <(start "$build/tests/conformance-fixture-server" 127.0.0.1:0 "$at_once")
pids+=("$pid")
"$bench" 127.0.0.1 "$port" "$clients" "$total" test_simple_text '{}' "$pid" "djust-mcp (test_simple_text)" |
  tee "$work/ours" || true
read -r pid port < <(start node "$here/ts_sdk_peer.mjs" "$modules")
pids+=("$pid")
"$bench" 127.0.0.1 "$port" "$clients" "$total" test_simple_text '{}' "$pid" "TS SDK peer (test_simple_text)" |
  tee "$work/peer" || true
read -r pid port < <(start "$build/djust-mcp" serve --http 127.0.0.1:0 --no-auth --audit-log "$work/audit.log" \
  --max-requests "$at_once" --max-sessions "$at_once")
pids+=("$pid")
"$bench" 127.0.0.1 "$port" "$clients" "$total" get_decorators '{"name":"debounce"}' "$pid" \
  "djust-mcp serve --http (get_decorators)" || true
awk 'NR==FNR { ours = $(NF-5); next } { printf "throughput: djust-mcp / TS SDK peer = %.1fx\n", ours / $(NF-5) }' \
  "$work/ours" "$work/peer"
