// Bundles and minifies the JS a web user ships from a release build: the wasm-bindgen glue of
// each flavour (pkg/heartsocket.js; pkg/bundler/heartsocket_bg.js, which the bundler entry
// pkg/bundler/heartsocket.js re-exports) together with the snippets it imports (the class and
// its driver, src/api/*.js), into that one file; the snippets/ directories then go. One file
// instead of ten: one request, and ~3 KB gzip less than minifying each on its own (docs/SIZE.md
// row 22). The .d.ts files are untouched. Dev builds keep the files as written (readable stacks).
//
// Run after scripts/build-miniprogram.mjs, which bundles the glue its own way (CommonJS, ES2017).
// No `target`: with one, esbuild empties `import.meta.url` and `init()` can no longer find the .wasm.
//
// Usage: node scripts/minify-pkg.mjs [DIR]   (default DIR: pkg)
import { readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.resolve(repo, process.argv[2] || 'pkg');

const entries = [
  [path.join(pkgDir, 'heartsocket.js'), path.join(pkgDir, 'snippets')],
  [path.join(pkgDir, 'bundler', 'heartsocket_bg.js'), path.join(pkgDir, 'bundler', 'snippets')],
];
if (!existsSync(entries[0][0])) {
  console.error(`minify-pkg: ${entries[0][0]} missing: build first`);
  process.exit(1);
}

let before = 0;
let after = 0;
for (const [file, snippets] of entries) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, 'utf8');
  // wasm-bindgen's first line tells Deno where the types are; minifying would drop it.
  const selfTypes = /^\/\* @ts-self-types="[^"]*" \*\/\n/.exec(source)?.[0] ?? '';
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    // The bundler flavour's glue imports its own .wasm (the bundler entry does): left as is.
    external: ['*.wasm'],
    format: 'esm',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].text;
  writeFileSync(file, selfTypes + code);
  rmSync(snippets, { recursive: true, force: true });
  before += source.length;
  after += selfTypes.length + code.length;
}
// The bundler entry itself (a few lines importing the .wasm): minified on its own.
const entry = path.join(pkgDir, 'bundler', 'heartsocket.js');
if (existsSync(entry)) {
  const source = readFileSync(entry, 'utf8');
  const selfTypes = /^\/\* @ts-self-types="[^"]*" \*\/\n/.exec(source)?.[0] ?? '';
  const { code } = await esbuild.transform(source, { loader: 'js', format: 'esm', minify: true, logLevel: 'error' });
  writeFileSync(entry, selfTypes + code);
}
console.log(`minify-pkg: glue + snippets bundled, ${before} -> ${after} bytes (entry files before: glue only)`);
