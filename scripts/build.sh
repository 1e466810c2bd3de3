#!/usr/bin/env bash
# Builds the npm package into pkg/, every .wasm for WebAssembly 1.0 (target wasm32v1-none):
#   pkg/              wasm-bindgen --target web (the default entry, `import init from 'heartsocket'`)
#   pkg/bundler/      wasm-bindgen --target bundler (`heartsocket/bundler`, for webpack/vite)
#   pkg/miniprogram/  CommonJS module for mini-program hosts (scripts/build-miniprogram.mjs)
# then merges pkg-template/ into pkg/package.json and prints gzip -9 sizes.
#
# Usage: bash scripts/build.sh [--dev]
#   --dev  unoptimised build with the `debug` feature (panic messages on the console, live
#          closure/timer counts), used by the tests; without it: release profile + wasm-opt -Oz.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=release
case "${1:-}" in
  --dev) mode=dev ;;
  "") ;;
  *) die "usage: bash scripts/build.sh [--dev]" ;;
esac

setup_all
cd "$REPO"
t0=$SECONDS

# Both flavours share one cargo build (same profile and features); only the glue differs.
rm -rf pkg
build_wasm_pkg "$mode" "$REPO/pkg" web bundler || die "building the wasm failed"

if [ -f scripts/build-miniprogram.mjs ]; then
  log "node scripts/build-miniprogram.mjs -> pkg/miniprogram/"
  node scripts/build-miniprogram.mjs $([ "$mode" = release ] && echo --minify)
else
  warn "scripts/build-miniprogram.mjs not found: pkg/miniprogram/ not built"
fi

log "node scripts/build-adapters.mjs -> pkg/vue/, pkg/react/, pkg/adapters/"
node scripts/build-adapters.mjs

if [ "$mode" = release ]; then
  # After the mini-program build: it reads the glue's private function names.
  log "node scripts/minify-pkg.mjs (glue and snippets)"
  node scripts/minify-pkg.mjs pkg
fi

log "merging pkg-template/ into pkg/package.json"
node scripts/merge-pkg.mjs

# What a web user ships: the wasm, the glue and the JS snippets the glue imports.
printf '\n%-62s %9s %9s\n' "file ($mode)" "bytes" "gzip -9"
raw_total=0; gz_total=0
while IFS= read -r f; do
  r=$(wc -c <"$f"); z=$(gz_size "$f")
  printf '%-62s %9s %9s\n' "$f" "$r" "$z"
  raw_total=$((raw_total + r)); gz_total=$((gz_total + z))
done < <(printf '%s\n' pkg/heartsocket_bg.wasm pkg/heartsocket.js; find pkg/snippets -name '*.js' 2>/dev/null | sort)
printf '%-62s %9s %9s\n' "web total (wasm + glue + snippets)" "$raw_total" "$gz_total"
# What each framework adapter adds on top, bundled and minified with its peer left out.
for a in vue react; do
  f=target/adapter-size/$a.min.js
  printf '%-62s %9s %9s\n' "heartsocket/$a (minified bundle, $a external)" "$(wc -c <"$f")" "$(gz_size "$f")"
done
if command -v wasm-tools >/dev/null; then
  validate_wasm1 pkg >/dev/null || { validate_wasm1 pkg; die "a .wasm in pkg/ is not WebAssembly 1.0"; }
  log "every .wasm in pkg/ is WebAssembly 1.0 (wasm-tools validate --features=wasm1)"
else
  warn "wasm-tools missing: pkg/ not checked for WebAssembly 1.0 (bash scripts/setup.sh installs it)"
fi
ok "pkg/ built in $((SECONDS - t0)) s"
