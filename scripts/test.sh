#!/usr/bin/env bash
# Runs every heartsocket test against one real server:
#   set-up (installs what is missing) → build heartsocket-server → start it on 127.0.0.1
#   → native `cargo test --workspace` → `scripts/build.sh --dev` (pkg/ for Node, page and jsc tests)
#   → every pkg/**/*.wasm validated as WebAssembly 1.0 (wasm1: wasm-tools, --features=wasm1)
#   → browser tests (tests/web_*.rs, feature `debug`): built once (web-build), then run in each
#     engine, one after another, one browser per engine (scripts/web-engines.mjs): chromium
#     (chromedriver), firefox (Firefox ESR, geckodriver), webkit (WebKitGTK's MiniBrowser,
#     WebKitWebDriver, under Xvfb); after firefox and webkit, the public-surface fuzzer in that
#     engine (fuzz-firefox, fuzz-webkit: scripts/fuzz-engine.mjs; Chromium's is a node test)
#   → jsc: pkg/miniprogram in JavaScriptCore without a JIT (tests/jsc/)
#   → Node tests (tests/node/**/*.test.mjs, node --test; Chromium through Playwright)
#   → examples (examples/*/ built by each host's own tool, then tests/examples/*.test.mjs)
# Every step runs even when an earlier one failed (unless it cannot: no server, no pkg/); the run
# ends with a table of steps (one line per engine) with times and counts, then a last line
# "N passed, N failed", and exits non-zero if anything failed.
#
# Usage: bash scripts/test.sh [native] [build] [wasm1] [chromium] [firefox] [webkit] [jsc] [node] [examples]
#        ("browser" = chromium firefox webkit; default: all of them)
# Logs: target/test-logs/<step>.log
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

STEPS="native build wasm1 chromium firefox webkit jsc node examples"
WANT=" ${*:-$STEPS} "
WANT="${WANT/ browser / chromium firefox webkit }"   # "browser": the three browser engines
for w in $WANT; do
  [[ " $STEPS " == *" $w "* ]] || die "unknown step '$w' ($STEPS, or browser)"
done
wants() { [[ "$WANT" == *" $1 "* ]]; }
wants_browser() { wants chromium || wants firefox || wants webkit; }

TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
LOGDIR="$TARGET_DIR/test-logs"
mkdir -p "$LOGDIR"
RUN_T0=$SECONDS

STEP_NAMES=(); STEP_STATUS=(); STEP_SECS=(); STEP_NOTE=()
TOTAL_PASS=0; TOTAL_FAIL=0

cleanup() { stop_server; stop_xvfb; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Adds the test counts a log reports: cargo, wasm-bindgen-test and tests/jsc print
# "test result: ok. 3 passed; 0 failed; …", node's spec reporter "ℹ pass 3" / "ℹ fail 0",
# and a browser test file whose page never reported counts as one failure.
# Prints "passed failed".
count_tests() {
  awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^ℹ pass [0-9]+$/ { p += $3 }
    /^ℹ fail [0-9]+$/ { f += $3 }
    /^error: .* reported no test result in / { f += 1 }   # a browser page that never reported
    END { printf "%d %d\n", p, f }' "$1"
}

record() { # name status secs note
  STEP_NAMES+=("$1"); STEP_STATUS+=("$2"); STEP_SECS+=("$3"); STEP_NOTE+=("$4")
}

# run_step NAME CMD...: runs CMD with its output shown and logged, times it, counts its tests.
# A failing step with no failed test in its log (a compile error, a crash) counts as one failure.
run_step() {
  local name=$1; shift
  local log="$LOGDIR/$name.log" t0=$SECONDS rc p f
  printf '\n%s==> [%s] %s%s\n' "$_B" "$name" "$*" "$_N"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  read -r p f < <(count_tests "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  TOTAL_PASS=$((TOTAL_PASS + p)); TOTAL_FAIL=$((TOTAL_FAIL + f))
  local status=ok; [ "$rc" -eq 0 ] || status="FAILED (exit $rc)"
  record "$name" "$status" "$((SECONDS - t0))" "$p passed, $f failed"
  printf '%s==> [%s] %s in %d s%s\n' "$_B" "$name" "$status" "$((SECONDS - t0))" "$_N"
  return "$rc"
}

skip_step() { # name reason failing(0/1)
  record "$1" "$([ "$3" = 1 ] && echo "NOT RUN" || echo skipped)" 0 "$2"
  [ "$3" = 1 ] && TOTAL_FAIL=$((TOTAL_FAIL + 1))
  warn "[$1] $2"
}

summary() {
  printf '\n%s%-12s %-18s %6s  %s%s\n' "$_B" "step" "status" "time" "tests" "$_N"
  local i
  for i in "${!STEP_NAMES[@]}"; do
    printf '%-12s %-18s %5ss  %s\n' "${STEP_NAMES[$i]}" "${STEP_STATUS[$i]}" "${STEP_SECS[$i]}" "${STEP_NOTE[$i]}"
  done
  printf '%-12s %-18s %5ss\n' "total" "" "$((SECONDS - RUN_T0))"
  echo "logs: $LOGDIR"
  echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
}

# --- set-up: without it nothing else can run ----------------------------------------------
t0=$SECONDS
if ! (setup_all) 2>&1 | tee "$LOGDIR/setup.log"; then
  record setup "FAILED" "$((SECONDS - t0))" "see $LOGDIR/setup.log"; TOTAL_FAIL=$((TOTAL_FAIL + 1))
  summary; exit 1
fi
export HEARTSOCKET_SETUP_DONE=1
record setup ok "$((SECONDS - t0))" ""

# --- the one server every suite talks to --------------------------------------------------
server_up=0
if wants native || wants_browser || wants node || wants examples; then
  if run_step server cargo build -p heartsocket-server; then
    # A steady port when it is free: the browser tests compile the address in, so a new port
    # on every run would rebuild every tests/web_*.rs binary (~100 s here). Taken: any free port.
    bin="$TARGET_DIR/debug/heartsocket-server"
    if start_server "$bin" "${HEARTSOCKET_TEST_PORT:-8790}" "$REPO" "$LOGDIR/server-output.log" quiet \
      || start_server "$bin" 0 "$REPO" "$LOGDIR/server-output.log"; then
      server_up=1
      # Read at run time by Node tests and at compile time by the wasm browser tests.
      export HEARTSOCKET_SERVER="$SERVER_ADDR"
      log "heartsocket-server pid $SERVER_PID on $HEARTSOCKET_SERVER"
    else
      skip_step server-start "heartsocket-server did not print its address" 1
    fi
  fi
fi

if wants native; then
  # --no-fail-fast: one failing test binary must not hide the results of the others.
  run_step native cargo test --workspace --no-fail-fast
fi

pkg_ok=0
if wants build; then
  run_step build bash scripts/build.sh --dev && pkg_ok=1
elif [ -f pkg/heartsocket.js ]; then
  pkg_ok=1
fi

# Every shipped .wasm must compile on WebAssembly 1.0 engines (WASM_TRIPLE in lib.sh says why).
if wants wasm1; then
  if [ $pkg_ok = 0 ]; then
    skip_step wasm1 "pkg/ was not built" 1
  else
    run_step wasm1 bash -c 'source scripts/lib.sh && ensure_wasm_tools_cli && validate_wasm1 pkg'
  fi
fi

# The browser tests (tests/web_*.rs) are built once, with the server's address compiled in, and
# the same binaries run in every engine. Prints "name path" lines (scripts/wasm-tests.mjs reads
# cargo's JSON).
build_web_tests() {
  local args=() t
  for t in "$@"; do args+=(--test "$t"); done
  cargo test --target wasm32-unknown-unknown --features debug --no-run \
    --message-format=json-render-diagnostics "${args[@]}" >"$LOGDIR/web-build.json" || return 1
  node scripts/wasm-tests.mjs <"$LOGDIR/web-build.json" >"$LOGDIR/web-tests.list"
  cat "$LOGDIR/web-tests.list"
  [ -s "$LOGDIR/web-tests.list" ]
}

web_built=0
if wants_browser; then
  web_tests=()
  for f in tests/web_*.rs; do [ -e "$f" ] && web_tests+=("$(basename "$f" .rs)"); done
  if [ $server_up = 0 ]; then
    skip_step web-build "no server" 1
  elif [ ${#web_tests[@]} -eq 0 ]; then
    skip_step web-build "no tests/web_*.rs" 0
  else
    run_step web-build build_web_tests "${web_tests[@]}" && web_built=1
  fi
  # One engine after another, one browser each (scripts/web-engines.mjs says why and how).
  for engine in chromium firefox webkit; do
    wants "$engine" || continue
    if [ "$engine" = webkit ] && ! start_xvfb; then
      skip_step webkit "no X display (Xvfb) for MiniBrowser" 1
      skip_step fuzz-webkit "no X display (Xvfb) for MiniBrowser" 1
      continue
    fi
    if [ $web_built = 0 ]; then
      skip_step "$engine" "the browser tests were not built" 1
    else
      run_step "$engine" node scripts/web-engines.mjs "$engine" "$LOGDIR/web-tests.list"
    fi
    # The public-surface fuzzer (issue 13) in this engine, over WebDriver; Chromium runs it in
    # the node step, through Playwright (tests/node/fuzz/surface.test.mjs).
    [ "$engine" = chromium ] && continue
    if [ $server_up = 0 ]; then
      skip_step "fuzz-$engine" "no server" 1
    elif [ $pkg_ok = 0 ]; then
      skip_step "fuzz-$engine" "pkg/ was not built" 1
    else
      run_step "fuzz-$engine" node scripts/fuzz-engine.mjs "$engine"
    fi
  done
  stop_xvfb
fi

if wants jsc; then
  if [ $pkg_ok = 0 ]; then
    skip_step jsc "pkg/ was not built" 1
  else
    # pkg/miniprogram in JavaScriptCore with the JIT off (tests/jsc/miniprogram.js says how).
    run_step jsc jsc --useJIT=false tests/jsc/miniprogram.js -- "$REPO"
  fi
fi

if wants node; then
  mapfile -t node_tests < <(find tests/node -name node_modules -prune -o -name '*.test.mjs' -print | sort)
  if [ $server_up = 0 ]; then
    skip_step node "no server" 1
  elif [ ${#node_tests[@]} -eq 0 ]; then
    skip_step node "no tests/node/**/*.test.mjs" 0
  elif [ $pkg_ok = 0 ]; then
    skip_step node "pkg/ was not built" 1
  else
    run_step node node --test --test-reporter=spec --test-timeout=600000 "${node_tests[@]}"
  fi
fi

# --- examples: the packed package through each host's own build tool ---------------------
# scripts/examples.mjs installs each example's tools from its own package-lock.json and builds
# it (WeChat Build npm, Taro, uni-app, Vite, webpack) only when the tarball, the lock or the
# example's sources changed; tests/examples/ then runs every build's output.
if wants examples; then
  if [ $server_up = 0 ]; then
    skip_step examples "no server" 1
  elif [ $pkg_ok = 0 ]; then
    skip_step examples "pkg/ was not built" 1
  else
    examples_step() {
      local rc=0
      node scripts/examples.mjs || rc=1
      mapfile -t example_tests < <(find tests/examples -name '*.test.mjs' | sort)
      # --test-force-exit: a framework runtime's stray timer must not hold the step open.
      node --test --test-reporter=spec --test-timeout=600000 --test-force-exit "${example_tests[@]}" || rc=1
      return $rc
    }
    run_step examples examples_step
  fi
fi

summary
[ "$TOTAL_FAIL" -eq 0 ]
