// Minifies the JS a web user ships from a release build: the wasm-bindgen glue of both
// flavours and the snippets it imports (src/api/options.js, src/host/host.js). The glue carries
// every rustdoc comment as JSDoc (the .d.ts keeps them) and the snippets are copied as written:
// minified, the web total is ~5 KB gzip smaller (docs/SIZE.md). The .d.ts files are untouched.
//
// Run after scripts/build-miniprogram.mjs, which reads the glue's private function names
// (esbuild renames module-private identifiers) and minifies its own CommonJS output.
// No `target`: with one, esbuild empties `import.meta.url` and `init()` can no longer find the .wasm.
//
// Usage: node scripts/minify-pkg.mjs [DIR]   (default DIR: pkg)
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.resolve(repo, process.argv[2] || 'pkg');

/** Every .js under `dir` (recursively; Node 18.13 has no `recursive` readdir). */
function jsUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return jsUnder(p);
    return e.isFile() && e.name.endsWith('.js') ? [p] : [];
  });
}

const files = [
  ...['heartsocket.js', 'bundler/heartsocket.js', 'bundler/heartsocket_bg.js']
    .map((f) => path.join(pkgDir, f))
    .filter((f) => existsSync(f)),
  ...jsUnder(path.join(pkgDir, 'snippets')),
  ...jsUnder(path.join(pkgDir, 'bundler', 'snippets')),
];
if (!files.includes(path.join(pkgDir, 'heartsocket.js'))) {
  console.error(`minify-pkg: ${path.join(pkgDir, 'heartsocket.js')} missing: build first`);
  process.exit(1);
}

let before = 0;
let after = 0;
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  // wasm-bindgen's first line tells Deno where the types are; minifying would drop it.
  const selfTypes = /^\/\* @ts-self-types="[^"]*" \*\/\n/.exec(source)?.[0] ?? '';
  const { code } = await esbuild.transform(source, {
    loader: 'js',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    // wasm-bindgen writes one import-object key per `extern` block naming the same snippet;
    // esbuild warns about the duplicate key, and all map to the same module namespace.
    logLevel: 'error',
    sourcefile: path.relative(pkgDir, file),
  });
  writeFileSync(file, selfTypes + code);
  before += source.length;
  after += selfTypes.length + code.length;
}
console.log(`minify-pkg: ${files.length} files, ${before} -> ${after} bytes`);
