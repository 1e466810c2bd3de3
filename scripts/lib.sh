# Shared shell functions for scripts/*.sh. Source it, do not run it.
#
# Every `ensure_*` function is idempotent and cheap when its tool is already present, so the
# README's two commands can run it on every invocation: a warm machine pays well under a second.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO

# Our wasm-opt comes from the binaryen npm package; it must win over any system copy, because
# Debian's binaryen (108) produces output that fails at load time (see TOOLCHAIN.md).
export PATH="$REPO/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Colour only on a terminal, so CI logs stay plain text.
if [ -t 1 ]; then _B=$'\e[1m'; _R=$'\e[31m'; _G=$'\e[32m'; _N=$'\e[0m'; else _B=; _R=; _G=; _N=; fi

log()  { printf '%s==>%s %s\n' "$_B" "$_N" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_R" "$_N" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_R" "$_N" "$*" >&2; exit 1; }
ok()   { printf '%s%s%s\n' "$_G" "$*" "$_N"; }

# apt-get update costs ~10 s; it runs at most once per script run, and only if something is missing.
_APT_UPDATED=
apt_install() {
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  if [ -z "$_APT_UPDATED" ]; then
    log "apt-get update"
    $sudo apt-get update -qq || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" || die "apt-get install $* failed"
}

# A C linker and curl are needed by cargo and rustup; a fresh Debian image may lack them.
ensure_base_packages() {
  local missing=()
  command -v cc >/dev/null || missing+=(build-essential)
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  command -v gzip >/dev/null || missing+=(gzip)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Rust via rustup (Debian 12's own rustc is older than our rust-version and has no wasm target).
ensure_rust() {
  if ! command -v rustup >/dev/null; then
    log "installing rustup (minimal profile)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal \
      || die "rustup install failed: install Rust from https://rustup.rs and re-run"
  fi
  # wasm32v1-none builds the package (WebAssembly 1.0, see build_wasm_pkg); the browser tests
  # still run on wasm32-unknown-unknown (their harness needs std).
  local t installed
  installed="$(rustup target list --installed)"
  for t in wasm32-unknown-unknown "$WASM_TRIPLE"; do
    if ! grep -qx "$t" <<<"$installed"; then
      log "rustup target add $t"
      rustup target add "$t" || die "could not add the $t target"
    fi
  done
}

# Node 20 is what the project is tested with; Debian 12's nodejs (18) also runs the tests.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  apt_install nodejs npm
}

# The wasm-bindgen version the crate is locked to: the CLI must be exactly this one, or the
# generated glue and the wasm disagree. Read from Cargo.lock so it is written down once.
locked_wasm_bindgen_version() {
  [ -f "$REPO/Cargo.lock" ] || (cd "$REPO" && cargo generate-lockfile -q) \
    || die "could not create Cargo.lock"
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, "", $0); print; exit }' "$REPO/Cargo.lock"
}

ensure_wasm_tools() {
  if ! command -v wasm-pack >/dev/null; then
    log "cargo install wasm-pack --locked (about 2 minutes, once)"
    cargo install wasm-pack --locked || die "cargo install wasm-pack failed"
  fi
  local want have
  want="$(locked_wasm_bindgen_version)"
  [ -n "$want" ] || die "no wasm-bindgen entry in Cargo.lock"
  have="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $2}')"
  if [ "$have" != "$want" ]; then
    # No --locked: the CLI's own lock file names a webpki-roots version the registry lacks.
    log "cargo install wasm-bindgen-cli --version $want (about 3 minutes, once; had '${have:-none}')"
    cargo install wasm-bindgen-cli --version "$want" --force \
      || die "cargo install wasm-bindgen-cli $want failed"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

# The other engines the browser and mini-program tests run in (README "Tests"): Firefox ESR,
# WebKitGTK (WebKitWebDriver + MiniBrowser, which needs an X display: Xvfb), and the
# JavaScriptCore shell `jsc`. One apt-get for whatever is missing, then geckodriver from crates.io.
WEBKIT_BROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
export WEBKIT_BROWSER
ensure_engines() {
  local missing=()
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  { [ -x /usr/bin/WebKitWebDriver ] && [ -x "$WEBKIT_BROWSER" ]; } || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  command -v jsc >/dev/null || missing+=(libjavascriptcoregtk-4.0-bin)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  if ! command -v geckodriver >/dev/null; then
    log "cargo install geckodriver --locked (about 4 minutes, once)"
    cargo install geckodriver --locked || die "cargo install geckodriver failed"
  fi
}

# npm's own record of the last install (node_modules/.package-lock.json) tells whether
# node_modules matches package-lock.json; `npm ci` wipes node_modules, so only run it when stale.
ensure_node_modules() {
  local stamp="$REPO/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$REPO/package-lock.json" -nt "$stamp" ]; then
    log "npm ci"
    (cd "$REPO" && npm ci --no-audit --no-fund) || die "npm ci failed"
    touch "$stamp"
  fi
  [ -x "$REPO/node_modules/.bin/wasm-opt" ] || die "node_modules/.bin/wasm-opt missing (binaryen npm package)"
}

# Everything the build and the tests need. HEARTSOCKET_SETUP_DONE lets nested scripts skip it.
setup_all() {
  [ -n "${HEARTSOCKET_SETUP_DONE:-}" ] && return 0
  local t0=$SECONDS
  ensure_base_packages
  ensure_rust
  ensure_node
  ensure_chromium
  ensure_engines
  ensure_node_modules
  ensure_wasm_tools
  export HEARTSOCKET_SETUP_DONE=1
  log "set-up checked in $((SECONDS - t0)) s"
}

# Starts heartsocket-server on 127.0.0.1 in the background and waits for its first stdout line.
# Sets SERVER_PID and SERVER_ADDR (host:port). The caller stops it by PID (stop_server).
# Args: binary, port, root, log file, and "quiet" to fail silently (the caller will retry).
start_server() {
  local bin=$1 port=$2 root=$3 out=$4 quiet=${5:-} i line=
  : >"$out"
  "$bin" --host 127.0.0.1 --port "$port" --root "$root" >"$out" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 1 300); do
    line="$(grep -m1 -o 'listening on http://[0-9.]*:[0-9]*' "$out" 2>/dev/null || true)"
    [ -n "$line" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$line" ]; then
    if [ "$quiet" != quiet ]; then
      warn "heartsocket-server did not start on port $port; its output:"
      cat "$out" >&2
    fi
    stop_server
    return 1
  fi
  SERVER_ADDR="${line#listening on http://}"
  export SERVER_PID SERVER_ADDR
}

# Starts Xvfb on the first free display from :90 (WebKitGTK's MiniBrowser needs a display even
# when driven). Sets XVFB_PID and XVFB_DISPLAY; stop it with stop_xvfb.
start_xvfb() {
  local n i
  for n in $(seq 90 120); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
    Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    for i in $(seq 1 50); do
      [ -e "/tmp/.X11-unix/X$n" ] && { XVFB_DISPLAY=":$n"; export XVFB_PID XVFB_DISPLAY; return 0; }
      kill -0 "$XVFB_PID" 2>/dev/null || break
      sleep 0.1
    done
    stop_xvfb   # lost a race for this display: try the next one
  done
  warn "could not start Xvfb"
  return 1
}

stop_xvfb() {
  if [ -n "${XVFB_PID:-}" ] && kill -0 "$XVFB_PID" 2>/dev/null; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  XVFB_PID=
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

# --- the shipped .wasm: WebAssembly 1.0 ----------------------------------------------------
# Every .wasm in pkg/ must compile on engines that stop at WebAssembly 1.0 (the 2019 core plus
# mutable-global: older iOS JavaScriptCore, which WeChat uses on iPhones). wasm32-unknown-unknown
# turns on newer features (reference types, multi-value, bulk memory, sign-ext…) and its
# prebuilt core/alloc carry them whatever -Ctarget-cpu says; changing that takes a nightly
# -Zbuild-std. wasm32v1-none is the stable way: core + alloc built for MVP + mutable-global.
# The crate is therefore no_std on wasm (src/lib.rs).
WASM_TRIPLE=wasm32v1-none
# Release wasm-opt: -Oz --converge, no producers/target_features sections (413 B gzip below
# plain -Oz, docs/SIZE.md), and no feature beyond WebAssembly 1.0 (binaryen would otherwise
# be free to emit e.g. bulk-memory or sign-extension instructions).
WASM_OPT_FLAGS=(-Oz --converge --strip-producers --strip-target-features --mvp-features --enable-mutable-globals)

# build_wasm_pkg release|dev OUT_DIR FLAVOUR…: cargo build for $WASM_TRIPLE
# (dev adds the `debug` feature), then one wasm-bindgen run per JS flavour: "web" writes into
# OUT_DIR, any other flavour (e.g. "bundler") into OUT_DIR/<flavour>/; scripts/finish-glue.mjs
# re-exports the class (written in JS); release runs wasm-opt.
# (wasm-pack cannot do this: it always builds for wasm32-unknown-unknown.)
build_wasm_pkg() {
  local mode=$1 out=$2 flavour dir wasm bg
  shift 2
  local cargo_args=(build --lib --target "$WASM_TRIPLE") bindgen_args=() profile_dir=release
  if [ "$mode" = dev ]; then
    cargo_args+=(--features debug); bindgen_args=(--debug --keep-debug); profile_dir=debug
  else
    cargo_args+=(--release)
  fi
  log "cargo ${cargo_args[*]}"
  (cd "$REPO" && cargo "${cargo_args[@]}") || return 1
  # src/wasm/mem.rs's memcpy/memmove are #[no_mangle], hence exported: unexport them first.
  wasm="${CARGO_TARGET_DIR:-$REPO/target}/$WASM_TRIPLE/$profile_dir/heartsocket-unexported.wasm"
  cp "${wasm%-unexported.wasm}.wasm" "$wasm" && node "$REPO/scripts/wasm-exports.mjs" "$wasm" memcpy memmove \
    || return 1
  for flavour in "$@"; do
    dir="$out"; [ "$flavour" = web ] || dir="$out/$flavour"
    rm -rf "$dir/snippets"
    log "wasm-bindgen --target $flavour -> ${dir#"$REPO"/}/"
    wasm-bindgen "${bindgen_args[@]}" --target "$flavour" --out-dir "$dir" --out-name heartsocket "$wasm" \
      || return 1
    node "$REPO/scripts/finish-glue.mjs" "$dir" || return 1
    if [ "$mode" != dev ]; then
      bg="$dir/heartsocket_bg.wasm"
      wasm-opt "${WASM_OPT_FLAGS[@]}" "$bg" -o "$bg.opt" && mv "$bg.opt" "$bg" || return 1
    fi
  done
}

# wasm-tools checks that a module uses no feature beyond WebAssembly 1.0 (binaryen's wasm-opt
# cannot: it trusts the module's own target_features section). ~6 min to compile on an idle
# 2-core machine, about an hour with five other builds running.
WASM_TOOLS_VERSION=1.263.0
ensure_wasm_tools_cli() {
  command -v wasm-tools >/dev/null && return 0
  log "cargo install --locked wasm-tools --version $WASM_TOOLS_VERSION (once; 6+ minutes)"
  cargo install --locked wasm-tools --version "$WASM_TOOLS_VERSION" || die "cargo install wasm-tools failed"
}

# validate_wasm1 DIR: validates every .wasm under DIR as WebAssembly 1.0 (MVP + mutable-global),
# one line per module, and a last line "test result: ok|FAILED. N passed; M failed" (the format
# scripts/test.sh counts). Fails if any module fails or there is none.
validate_wasm1() {
  local f pass=0 fail=0
  while IFS= read -r f; do
    if wasm-tools validate --features=wasm1 "$f"; then
      echo "wasm1 ok: $f"; pass=$((pass + 1))
    else
      echo "wasm1 FAILED: $f"; fail=$((fail + 1))
    fi
  done < <(find "$1" -name '*.wasm' | sort)
  [ $((pass + fail)) -gt 0 ] || { echo "no .wasm under $1"; fail=1; }
  echo "test result: $([ "$fail" -eq 0 ] && echo ok || echo FAILED). $pass passed; $fail failed"
  [ "$fail" -eq 0 ]
}

# gzip -9 size in bytes of a file.
gz_size() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
