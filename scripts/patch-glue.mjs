// Makes the errors wasm-bindgen's glue throws for a misused instance TypeErrors, as the platform's
// own objects throw for a method called on the wrong object ("Illegal invocation"): a method of a
// freed `WebSocketClass` ("Attempt to use a moved value" in debug builds; "null pointer passed to
// rust" from the wasm in release builds), or one re-entered while Rust holds the instance
// ("recursive use of an object detected…"). Those are the only messages wasm-bindgen's throw import
// carries in this crate (src/ never calls `throw_str`). The public-surface fuzzer
// (tests/fuzz/) requires every call to return or throw TypeError/RangeError/SyntaxError.
//
// Usage: node scripts/patch-glue.mjs FILE…   (the wasm-bindgen 0.2.130 glue: heartsocket.js,
// bundler/heartsocket_bg.js). Fails when a pattern is missing, so a new wasm-bindgen cannot
// silently undo it.
import { readFileSync, writeFileSync } from 'node:fs';

const RULES = [
  // The import the wasm calls for `wasm_bindgen::throw_str`.
  [/(__wbg___wbindgen_throw_[0-9a-f]+[:(][^{]*\{\s*)throw new Error\(/, '$1throw new TypeError(', 'the throw import', true],
  // Debug builds check the pointer in JS first.
  [/throw new Error\('Attempt to use a moved value'\)/g, "throw new TypeError('heartsocket: this instance was freed')", 'the moved-value check', false],
];

for (const file of process.argv.slice(2)) {
  let src = readFileSync(file, 'utf8');
  for (const [re, to, what, required] of RULES) {
    const next = src.replace(re, to);
    if (next === src && required && !src.includes('throw new TypeError(getStringFromWasm0')) {
      console.error(`patch-glue: ${file}: ${what} not found (wasm-bindgen changed?)`);
      process.exit(1);
    }
    src = next;
  }
  writeFileSync(file, src);
}
