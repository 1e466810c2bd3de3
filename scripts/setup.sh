#!/usr/bin/env bash
# Installs what building and testing heartsocket need, each thing only if it is missing:
# rustup + the wasm32 target, wasm-pack, wasm-bindgen-cli at the version Cargo.lock pins,
# Debian's chromium + chromium-driver, node_modules (npm ci, only when stale), and wasm-tools
# (scripts/test.sh validates every .wasm with it).
# scripts/serve.sh and scripts/test.sh call this themselves; run it alone to prepare a machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_all
ensure_wasm_tools_cli
ok "set-up complete: $(wasm-pack --version), $(wasm-bindgen --version), $(/usr/bin/chromium --version 2>/dev/null | head -1), node $(node --version)"
