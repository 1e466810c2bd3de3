#!/usr/bin/env bash
# The benchmark command: heartsocket against the raw WebSocket, reconnecting-websocket and
# partysocket in one headless Chromium run. Writes bench/RESULTS.md and bench/results.json and
# prints the table. About 15 minutes on 2 cores; BENCH_QUICK=1 is a ~2-minute smoke run whose
# output goes to bench/out/results.quick.{md,json} instead. Knobs: docs/BENCH.md.
#
# Usage: bash scripts/bench.sh
#   BENCH_QUICK=1        small sizes and few rounds
#   BENCH_SUITES=a,b     only these suites (size, synthetic, startup, e2e, deadlink, memory, scale)
#   BENCH_SKIP_BUILD=1   reuse bench/out/pkg/ (the bench's release build) instead of rebuilding
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
cd "$REPO"

log "cargo build --release -p heartsocket-server"
cargo build --quiet --release -p heartsocket-server

# The bench builds its own release package in bench/out/pkg/ the way scripts/build.sh builds
# pkg/ (build_wasm_pkg in lib.sh: wasm32v1-none, wasm-opt, then the mini-program module):
# pkg/ is shared with the tests, which rebuild it as a debug build, and must neither change under
# a running benchmark nor be turned into a release build under a running test.
snapshot=bench/out/pkg
if [ -z "${BENCH_SKIP_BUILD:-}" ] || [ ! -f "$snapshot/heartsocket.js" ]; then
  rm -rf "$snapshot"
  build_wasm_pkg release "$REPO/$snapshot" web || die "building the wasm failed"
  log "node scripts/build-miniprogram.mjs --pkg $snapshot"
  node scripts/build-miniprogram.mjs --pkg "$snapshot" --minify >/dev/null
  node scripts/minify-pkg.mjs "$snapshot" >/dev/null
fi
# Only a release build bundles the class's modules into the glue (scripts/minify-pkg.mjs).
if [ -d "$snapshot/snippets" ]; then
  die "$snapshot is a dev build: remove it and re-run without BENCH_SKIP_BUILD"
fi

start_server target/release/heartsocket-server 0 "$REPO" bench/out/server.log
trap stop_server EXIT
log "server on $SERVER_ADDR (pid $SERVER_PID)"

status=0
HEARTSOCKET_SERVER="$SERVER_ADDR" node bench/run.mjs || status=$?
exit "$status"
