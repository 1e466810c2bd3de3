#!/usr/bin/env bash
# The main job: installs what is missing, builds the npm package into pkg/ (release), builds the
# server and runs it on 127.0.0.1 serving the www/ demo, printing the demo's URL. Ctrl-C stops it.
#
# Usage: bash scripts/serve.sh [--dev]     (--dev: the quicker, unoptimised debug build of pkg/)
# Env:   HEARTSOCKET_PORT (default 8787; if taken, a free port is picked)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"
t0=$SECONDS

setup_all
bash scripts/build.sh "$@"
log "cargo build -p heartsocket-server"
cargo build -q -p heartsocket-server
bin="${CARGO_TARGET_DIR:-$REPO/target}/debug/heartsocket-server"
out="$(mktemp -t heartsocket-serve.XXXXXX)"

trap 'stop_server; rm -f "$out"' EXIT
trap 'exit 0' INT TERM

port="${HEARTSOCKET_PORT:-8787}"
if ! start_server "$bin" "$port" "$REPO" "$out" quiet; then
  warn "port $port unavailable, picking a free one"
  start_server "$bin" 0 "$REPO" "$out" || die "heartsocket-server would not start"
fi

echo
ok "heartsocket demo ready in $((SECONDS - t0)) s:  http://$SERVER_ADDR/www/"
echo "    WebSocket endpoint: ws://$SERVER_ADDR/ws    fault API: http://$SERVER_ADDR/control/stats"
echo "    (server pid $SERVER_PID; Ctrl-C to stop)"

# Relay the server's later log lines while it runs.
tail -n +2 -f "$out" --pid "$SERVER_PID" &
wait "$SERVER_PID"
