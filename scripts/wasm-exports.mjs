// Removes exports from a .wasm, leaving every other byte as it is.
//
// As a module: stripExports(wasm, keep) for scripts/build-miniprogram.mjs. As a command, run by
// build_wasm_pkg (scripts/lib.sh) on cargo's output before wasm-bindgen:
//   node scripts/wasm-exports.mjs FILE NAME...   drops the exports called NAME, in place.
// Why there: `#[no_mangle]` functions (src/wasm/mem.rs: memcpy, memmove) are exported from a
// cdylib whether wanted or not; once unexported, wasm-opt may inline or drop them, and
// wasm-bindgen leaves them out of the glue's types.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function uleb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

function ulebBytes(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return Buffer.from(out);
}

/**
 * Drops the exports that `keep(name, kind)` rejects (kind: 0 function, 1 table, 2 memory,
 * 3 global). Throws if `wasm` is not a module.
 * @param {Buffer} wasm
 * @param {(name: string, kind: number) => boolean} keep
 * @returns {{bytes: Buffer, removed: string[]}}
 */
export function stripExports(wasm, keep) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a .wasm (no magic number)');
  const parts = [wasm.subarray(0, 8)];
  const removed = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, bodyAt] = uleb(wasm, at + 1);
    const end = bodyAt + size;
    if (id !== 7) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = uleb(wasm, bodyAt);
    const kept = [];
    for (let i = 0; i < count; i++) {
      const start = p;
      const [nameLen, nameAt] = uleb(wasm, p);
      const name = wasm.subarray(nameAt, nameAt + nameLen).toString('utf8');
      const kind = wasm[nameAt + nameLen];
      [, p] = uleb(wasm, nameAt + nameLen + 1);
      if (keep(name, kind)) kept.push(wasm.subarray(start, p));
      else removed.push(name);
    }
    const body = Buffer.concat([ulebBytes(kept.length), ...kept]);
    parts.push(Buffer.from([7]), ulebBytes(body.length), body);
    at = end;
  }
  return { bytes: Buffer.concat(parts), removed };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...names] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node scripts/wasm-exports.mjs FILE NAME...');
    process.exit(2);
  }
  const { bytes } = stripExports(readFileSync(file), (name) => !names.includes(name));
  writeFileSync(file, bytes);
}
