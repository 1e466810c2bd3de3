// Builds pkg/miniprogram/: the wasm-bindgen `--target web` output made loadable by mini-program
// hosts (WeChat, Taro, uni-app, Alipay), beside the shim from pkg-template/miniprogram/.
//
// The web glue cannot run there as is: it is an ES module (mini-programs `require` CommonJS),
// finds its .wasm with `new URL(…, import.meta.url)` + `fetch`, and keeps the two functions a
// host loader needs, `__wbg_get_imports` and `__wbg_finalize_init`, private. So this script
//  1. appends an export of those two and converts the glue to CommonJS (esbuild; snippets, if
//     any, are bundled in), ES2017 syntax, no `import.meta`, no top-level await;
//  2. binds TextEncoder/TextDecoder inside the glue to the native classes or the polyfill, so it
//     works even where a global cannot be added (module wrappers that shadow globals);
//  3. copies the shim and the .wasm, minus exported globals the glue never reads (WeChat
//     documents that iOS does not support exported WebAssembly.Global; wasm-bindgen 0.2.130
//     exports `__instance_terminated` and `__abort_handler` as globals), and writes a brotli
//     `.wasm.br` with Node's zlib (WeChat's WXWebAssembly takes `.wasm.br` from base library 2.14.0);
//  4. refuses output that breaks those rules, and prints the sizes.
//
// Usage: node scripts/build-miniprogram.mjs [--pkg DIR] [--minify]   (default DIR: pkg)
//   --minify  minified glue.js (release builds; the shim files are copied as written)
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argPkg = process.argv.indexOf('--pkg');
const pkgDir = path.resolve(repo, argPkg > 0 ? process.argv[argPkg + 1] : 'pkg');
const outDir = path.join(pkgDir, 'miniprogram');
const minify = process.argv.includes('--minify');
const templateDir = path.join(repo, 'pkg-template', 'miniprogram');
const NAME = 'heartsocket';

function fail(message) {
  console.error(`build-miniprogram: ${message}`);
  process.exit(1);
}

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
 * Drops the exports of kind global (0x03) that `keep` rejects, leaving every other byte as is.
 * @returns {{bytes: Buffer, removed: string[]}}
 */
function stripGlobalExports(wasm, keep) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) fail('the .wasm has no wasm magic number');
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
      if (kind === 0x03 && !keep(name)) removed.push(name);
      else kept.push(wasm.subarray(start, p));
    }
    const body = Buffer.concat([ulebBytes(kept.length), ...kept]);
    parts.push(Buffer.from([7]), ulebBytes(body.length), body);
    at = end;
  }
  return { bytes: Buffer.concat(parts), removed };
}

const gluePath = path.join(pkgDir, `${NAME}.js`);
const wasmPath = path.join(pkgDir, `${NAME}_bg.wasm`);
let glue;
try {
  glue = readFileSync(gluePath, 'utf8');
  statSync(wasmPath);
} catch {
  fail(`${path.relative(repo, gluePath)} or its .wasm is missing: run bash scripts/build.sh first`);
}
for (const fn of ['__wbg_get_imports', '__wbg_finalize_init']) {
  if (!new RegExp(`function ${fn}\\s*\\(`).test(glue)) {
    fail(`the glue has no function ${fn}: the wasm-bindgen version changed its layout (expected 0.2.130)`);
  }
}

// 1. CommonJS, with the two private functions exported.
const entry = `${glue}\nexport { __wbg_get_imports, __wbg_finalize_init };\n`;
let result;
try {
  result = await esbuild.build({
    stdin: { contents: entry, resolveDir: pkgDir, sourcefile: `${NAME}.js`, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2017',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    minify,
  });
} catch (e) {
  fail(`esbuild could not convert the glue: ${e.message}`);
}
let cjs = result.outputFiles[0].text;

// 2. TextEncoder/TextDecoder bound in the glue's own scope, before any of its code runs.
const prelude = [
  '// Generated by scripts/build-miniprogram.mjs from the wasm-pack --target web glue. Do not edit.',
  "var __hsText = require('./polyfill.js').resolve();",
  'var TextEncoder = __hsText.TextEncoder;',
  'var TextDecoder = __hsText.TextDecoder;',
  '',
].join('\n');
const strict = /^"use strict";\n?/.exec(cjs);
cjs = strict ? `"use strict";\n${prelude}${cjs.slice(strict[0].length)}` : prelude + cjs;

// 4. The rules, checked on what will ship.
if (/import\.meta/.test(cjs)) fail('the converted glue still mentions import.meta');
if (/^\s*(import|export)\s/m.test(cjs)) fail('the converted glue still has import/export statements');
for (const fn of ['__wbg_get_imports', '__wbg_finalize_init', 'WebSocketClass']) {
  if (!new RegExp(`\\b${fn}:\\s*\\(\\)\\s*=>`).test(cjs)) fail(`the converted glue does not export ${fn}`);
}
const codegen = cjs.match(/\bnew Function\b|\beval\s*\(/g) || [];
if (codegen.length) {
  // Generic wasm-bindgen imports (js_sys::Function::new_no_args) can contain it; mini-programs
  // forbid calling it, and the sandbox test runs with code generation disabled to catch a call.
  console.warn(`build-miniprogram: warning: the glue contains ${codegen.length} × ${codegen[0]}`);
}

// 3. Assemble pkg/miniprogram/.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(templateDir)) {
  if (/\.(js|d\.ts|json)$/.test(f)) copyFileSync(path.join(templateDir, f), path.join(outDir, f));
}
writeFileSync(path.join(outDir, 'glue.js'), cjs);
const stripped = stripGlobalExports(readFileSync(wasmPath), (name) => new RegExp(`\\b${name}\\b`).test(cjs));
const wasm = stripped.bytes;
try {
  const mod = new WebAssembly.Module(wasm);
  if (WebAssembly.Module.exports(mod).some((e) => e.kind === 'global' && !cjs.includes(e.name))) {
    fail('an exported global is left that the glue does not use');
  }
} catch (e) {
  fail(`the .wasm is invalid after removing exported globals: ${e.message}`);
}
if (stripped.removed.length) console.log(`build-miniprogram: removed exported globals ${stripped.removed.join(', ')}`);
writeFileSync(path.join(outDir, `${NAME}_bg.wasm`), wasm);
const br = zlib.brotliCompressSync(wasm, {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_GENERIC,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: wasm.length,
  },
});
if (!zlib.brotliDecompressSync(br).equals(wasm)) fail('brotli round trip of the .wasm failed');
writeFileSync(path.join(outDir, `${NAME}_bg.wasm.br`), br);

// Sizes: what a mini-program package pays.
const jsFiles = readdirSync(outDir).filter((f) => f.endsWith('.js'));
const jsBytes = jsFiles.reduce((n, f) => n + statSync(path.join(outDir, f)).size, 0);
const jsGzip = jsFiles.reduce((n, f) => n + zlib.gzipSync(readFileSync(path.join(outDir, f)), { level: 9 }).length, 0);
const rows = [
  [`miniprogram/*.js (${jsFiles.length} files)`, jsBytes, jsGzip],
  [`miniprogram/${NAME}_bg.wasm`, wasm.length, zlib.gzipSync(wasm, { level: 9 }).length],
  [`miniprogram/${NAME}_bg.wasm.br`, br.length, ''],
  ['js + wasm', jsBytes + wasm.length, ''],
  ['js + wasm.br', jsBytes + br.length, ''],
];
console.log(`\n${'pkg/miniprogram'.padEnd(34)} ${'bytes'.padStart(9)} ${'gzip -9'.padStart(9)}`);
for (const [label, bytes, gz] of rows) {
  console.log(`${label.padEnd(34)} ${String(bytes).padStart(9)} ${String(gz).padStart(9)}`);
}
