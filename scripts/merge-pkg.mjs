// Writes pkg/package.json: the crate's identity (name, version, license, repository, read from
// Cargo.toml through `cargo metadata`, so it is written in one place only) merged with
// pkg-template/package.json, which knows our layout: the bundler build in bundler/, the
// mini-program module in miniprogram/, the `exports` map. Paths the template names but the
// build did not produce are dropped with a warning, so the published package never points at
// a missing file.
import { existsSync, readFileSync, writeFileSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(repo, 'pkg');
const templateDir = path.join(repo, 'pkg-template');

/** @param {string} file */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** True when a package-relative path ("./a/b.js", "a/", "snippets/*") exists in pkg/. */
function present(rel) {
  const clean = rel.replace(/^\.\//, '').replace(/\/\*$/, '').replace(/\/$/, '');
  return existsSync(path.join(pkgDir, clean));
}

/**
 * Drops the entries of an `exports` map whose files are missing; a subpath whose every
 * condition is missing disappears entirely.
 * @param {Record<string, string | Record<string, string>>} exportsMap
 * @param {string[]} dropped collects what was removed, for the warning
 */
function pruneExports(exportsMap, dropped) {
  const out = {};
  for (const [subpath, target] of Object.entries(exportsMap)) {
    if (typeof target === 'string') {
      if (present(target)) out[subpath] = target;
      else dropped.push(`exports["${subpath}"]`);
      continue;
    }
    const conditions = Object.fromEntries(
      Object.entries(target).filter(([cond, file]) => {
        if (present(file)) return true;
        dropped.push(`exports["${subpath}"].${cond}`);
        return false;
      }),
    );
    if ('default' in conditions || 'import' in conditions || 'require' in conditions) {
      out[subpath] = conditions;
    }
  }
  return out;
}

const generatedFile = path.join(pkgDir, 'package.json');
if (!existsSync(path.join(pkgDir, 'heartsocket.js'))) {
  console.error('pkg/heartsocket.js missing: build it first (bash scripts/build.sh)');
  process.exit(1);
}
const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'],
  { cwd: repo, encoding: 'utf8', maxBuffer: 16 << 20 }));
const crate = metadata.packages.find((p) => p.name === 'heartsocket');
const generated = {
  name: crate.name,
  version: crate.version,
  license: crate.license,
  repository: crate.repository ? { type: 'git', url: crate.repository } : undefined,
};
const template = readJson(path.join(templateDir, 'package.json'));
const dropped = [];
// Both are written here; they must count as present for the pruning below.
copyFileSync(path.join(templateDir, 'README.md'), path.join(pkgDir, 'README.md'));
writeFileSync(generatedFile, '{}\n');

const merged = {
  // Identity comes from Cargo.toml, so it is written in one place only.
  name: generated.name,
  version: generated.version,
  ...template,
  license: generated.license,
  repository: generated.repository,
  exports: pruneExports(template.exports, dropped),
  files: template.files.filter((f) => present(f) || (dropped.push(`files: ${f}`), false)),
  sideEffects: template.sideEffects.filter((f) => present(f)),
};
if (merged.miniprogram && !present(merged.miniprogram)) {
  dropped.push('miniprogram');
  delete merged.miniprogram;
}
for (const key of ['main', 'module', 'types']) {
  if (merged[key] && !present(merged[key])) {
    dropped.push(key);
    delete merged[key];
  }
}

// The bundler build is a folder of the one package, not a package of its own: its generated
// package.json/README/LICENSE would be dead weight, and its `.gitignore` ("*") would make npm
// leave the folder out of the tarball. The same goes for any nested .gitignore.
for (const f of ['package.json', 'README.md', 'LICENSE', 'LICENSE_APACHE', 'LICENSE_MIT']) {
  rmSync(path.join(pkgDir, 'bundler', f), { force: true });
}
for (const entry of readdirSync(pkgDir, { withFileTypes: true })) {
  if (entry.isDirectory()) rmSync(path.join(pkgDir, entry.name, '.gitignore'), { force: true });
}

// The package is "type": "module", but mini-program hosts need CommonJS: unless the
// mini-program build already says how its files are to be read, mark the folder as CommonJS
// so Node's `require('heartsocket/miniprogram')` works too.
const mpPkg = path.join(pkgDir, 'miniprogram', 'package.json');
if (existsSync(path.join(pkgDir, 'miniprogram')) && !existsSync(mpPkg)) {
  writeFileSync(mpPkg, JSON.stringify({ type: 'commonjs' }, null, 2) + '\n');
}

// wasm-bindgen declares `[Symbol.dispose]()` on every class, which only type-checks when the
// user's `lib` includes esnext.disposable. Referencing that lib from the declarations lets a
// project on `lib: ["es2022", "dom"]` (TypeScript >= 5.2) use them without skipLibCheck.
const disposable = '/// <reference lib="esnext.disposable" />\n';
for (const dts of ['heartsocket.d.ts', 'bundler/heartsocket.d.ts']) {
  const file = path.join(pkgDir, dts);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes('[Symbol.dispose]') && !text.startsWith(disposable)) writeFileSync(file, disposable + text);
}

writeFileSync(generatedFile, JSON.stringify(merged, null, 2) + '\n');

if (dropped.length) {
  console.warn(`merge-pkg: not built, left out of package.json: ${dropped.join(', ')}`);
}
console.log(`merge-pkg: pkg/package.json ${merged.name}@${merged.version}, exports ${Object.keys(merged.exports).join(' ')}`);
