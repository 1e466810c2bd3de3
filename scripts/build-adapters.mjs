// Copies the framework adapters (pkg-template/adapters, vue, react) into pkg/ and bundles each
// entry the way an app's bundler would (minified, its peer left external) into
// target/adapter-size/, so scripts/build.sh can print what `heartsocket/vue` and
// `heartsocket/react` add to an app beside the class itself.
//
// Usage: node scripts/build-adapters.mjs [--pkg DIR]   (default DIR: pkg)
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argPkg = process.argv.indexOf('--pkg');
const pkgDir = path.resolve(repo, argPkg > 0 ? process.argv[argPkg + 1] : 'pkg');
const sizeDir = path.join(repo, 'target', 'adapter-size');

/** Adapter folder → the peer it adapts (left out of its bundle, like an app already has it). */
const ADAPTERS = { vue: 'vue', react: 'react' };

for (const dir of ['adapters', ...Object.keys(ADAPTERS)]) {
  rmSync(path.join(pkgDir, dir), { recursive: true, force: true });
  cpSync(path.join(repo, 'pkg-template', dir), path.join(pkgDir, dir), { recursive: true });
}

rmSync(sizeDir, { recursive: true, force: true });
mkdirSync(sizeDir, { recursive: true });
for (const [dir, peer] of Object.entries(ADAPTERS)) {
  await esbuild.build({
    entryPoints: [path.join(pkgDir, dir, 'index.js')],
    outfile: path.join(sizeDir, `${dir}.min.js`),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    external: [peer],
    logLevel: 'warning',
  });
}
console.log(`build-adapters: ${Object.keys(ADAPTERS).map((d) => `pkg/${d}/`).join(' ')} + pkg/adapters/; bundles in ${path.relative(repo, sizeDir)}/`);
