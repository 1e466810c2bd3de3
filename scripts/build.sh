#!/usr/bin/env bash
# Builds the npm package into pkg/:
#   pkg/              wasm-pack --target web (the default entry, `import init from 'heartsocket'`)
#   pkg/bundler/      wasm-pack --target bundler (`heartsocket/bundler`, for webpack/vite)
#   pkg/miniprogram/  CommonJS module for mini-program hosts (scripts/build-miniprogram.mjs)
# then merges pkg-template/ into pkg/package.json and prints gzip -9 sizes.
#
# Usage: bash scripts/build.sh [--dev]
#   --dev  unoptimised build with the `debug` feature (panic hook, live closure/timer counts),
#          used by the tests; without it: release profile + wasm-opt -Oz.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=--release
features=()
case "${1:-}" in
  --dev) profile=--dev; features=(--features debug) ;;
  "") ;;
  *) die "usage: bash scripts/build.sh [--dev]" ;;
esac

setup_all
cd "$REPO"
t0=$SECONDS

# Both targets share one cargo build (same profile and features); only the glue differs.
log "wasm-pack build $profile --target web -> pkg/"
wasm-pack --log-level warn build "$profile" --target web --out-dir pkg --out-name heartsocket \
  -- "${features[@]}"

log "wasm-pack build $profile --target bundler -> pkg/bundler/"
wasm-pack --log-level warn build "$profile" --target bundler --out-dir pkg/bundler \
  --out-name heartsocket -- "${features[@]}"

if [ -f scripts/build-miniprogram.mjs ]; then
  log "node scripts/build-miniprogram.mjs -> pkg/miniprogram/"
  node scripts/build-miniprogram.mjs
else
  warn "scripts/build-miniprogram.mjs not found: pkg/miniprogram/ not built"
fi

log "node scripts/build-adapters.mjs -> pkg/vue/, pkg/react/, pkg/adapters/"
node scripts/build-adapters.mjs

log "merging pkg-template/ into pkg/package.json"
node scripts/merge-pkg.mjs

# What a web user ships: the wasm, the glue and the JS snippets the glue imports.
printf '\n%-62s %9s %9s\n' "file (${profile#--})" "bytes" "gzip -9"
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
ok "pkg/ built in $((SECONDS - t0)) s"
