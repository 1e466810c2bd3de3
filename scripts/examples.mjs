// Prepares examples/<name>/ for tests/examples/: packs pkg/ the way `npm publish` would,
// installs each example's build tools from its own package-lock.json, installs the tarball in
// it, and runs the example's `npm run build`. Each of those runs only when what it depends on
// changed, so a warm `scripts/test.sh` reinstalls and rebuilds nothing:
//   install  ← the example's package.json + package-lock.json
//   tarball  ← the tarball's sha256 (npm pack output is byte-stable for unchanged files)
//   build    ← tarball + lock + every source file of the example + this script
// The examples run side by side (install → tarball → build each): the installs wait on the
// network and some builds on timeouts (miniprogram-ci's compile looks for WeChat's servers), so
// overlapping them saves more than the CPU contention costs on 2 cores.
// Stamps live in examples/<name>/node_modules/.heartsocket-stamps.json; times are printed and
// written to target/examples/times.json.
//
// Usage: node scripts/examples.mjs [name...]   (default: every example)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repo, 'target', 'examples');
/** Folders an example's tools write into: never part of its build key. */
const OUTPUTS = new Set(['node_modules', 'dist', 'dist-es5', 'miniprogram_npm', 'unpackage', '.swc']);
const ALL = ['wechat', 'taro', 'uni', 'vite', 'webpack'];

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** Every source file of an example, sorted, for the build key. */
function sources(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (OUTPUTS.has(e.name)) continue;
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...sources(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** Runs a command in `cwd`; its output is printed in one piece when it ends. Resolves to seconds. */
async function run(cmd, args, cwd) {
  const label = `$ (cd ${path.relative(repo, cwd) || '.'} && ${cmd} ${args.join(' ')})`;
  const t0 = Date.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(cmd, args,
      { cwd, env: { ...process.env, CI: 'true' }, maxBuffer: 256 << 20 });
    process.stdout.write(`${label}\n${stdout}${stderr}\n`);
  } catch (err) {
    process.stdout.write(`${label} FAILED\n${err.stdout ?? ''}${err.stderr ?? ''}\n`);
    throw err;
  }
  return Math.round((Date.now() - t0) / 100) / 10;
}

function pack() {
  if (!existsSync(path.join(repo, 'pkg', 'package.json'))) throw new Error('pkg/ is not built: run bash scripts/build.sh');
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.tgz')) rmSync(path.join(outDir, f));
  const out = execFileSync('npm', ['pack', path.join(repo, 'pkg'), '--json', '--pack-destination', outDir],
    { cwd: outDir, encoding: 'utf8' });
  const file = path.join(outDir, JSON.parse(out)[0].filename);
  return { file, hash: sha256(readFileSync(file)) };
}

const stampsOf = (dir) => {
  const file = path.join(dir, 'node_modules', '.heartsocket-stamps.json');
  return {
    read: () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}),
    write: (stamps) => writeFileSync(file, JSON.stringify(stamps, null, 2)),
  };
};
const exampleDir = (name) => path.join(repo, 'examples', name);
// The lock's entry for heartsocket itself (`file:../../pkg`) mirrors pkg/package.json, which
// scripts/build.sh writes from pkg-template/ (peer dependencies, exports…): it pins no tool, so
// the install key and the "lock unchanged" check leave it out.
const lockKey = (dir) => {
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  delete lock.packages?.['../../pkg'];
  return JSON.stringify(lock);
};
const installKey = (dir) => sha256(readFileSync(path.join(dir, 'package.json')), lockKey(dir));

// `npm ci` refuses Taro's lock: @tarojs/binding lists five platform packages as optional
// dependencies and the registry reachable here serves only the linux-x64 one, so the lock has no
// entry for the other four and npm ci calls it out of sync. `npm install` into an empty
// node_modules installs exactly the locked versions too; the lock is checked unchanged after.
const NO_NPM_CI = new Set(['taro']);

/** Installs from the example's own lock file, unless its stamp says it is installed. */
async function install(name) {
  const dir = exampleDir(name);
  const key = installKey(dir);
  if (stampsOf(dir).read().install === key) return 0;
  const args = NO_NPM_CI.has(name) ? ['install', '--no-audit', '--no-fund'] : ['ci', '--no-audit', '--no-fund'];
  if (NO_NPM_CI.has(name)) rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  const lockFile = path.join(dir, 'package-lock.json');
  const committed = readFileSync(lockFile);
  const secs = await run('npm', args, dir);
  if (installKey(dir) !== key) throw new Error(`npm ${args[0]} changed examples/${name}/package-lock.json`);
  writeFileSync(lockFile, committed); // `npm install` may refresh heartsocket's own entry: keep the tree as committed
  stampsOf(dir).write({ install: key });
  return secs;
}

/** The tarball, then `npm run build`, each unless its stamp is current. */
async function build(name, tarball) {
  const dir = exampleDir(name);
  const store = stampsOf(dir);
  const stamps = store.read();
  const times = { tarball: 0, build: 0 };
  if (stamps.tarball !== tarball.hash) {
    // What `npm install heartsocket` does for a package without dependencies, from the tarball;
    // --no-save keeps package.json and the lock file as committed.
    times.tarball = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--offline',
      tarball.file], dir);
    stamps.tarball = tarball.hash;
    store.write(stamps);
  }
  const buildKey = sha256(tarball.hash, readFileSync(path.join(dir, 'package-lock.json')),
    readFileSync(fileURLToPath(import.meta.url)),
    ...sources(dir).flatMap((f) => [f, readFileSync(path.join(dir, f))]));
  if (stamps.build !== buildKey) {
    delete stamps.build;
    store.write(stamps);
    times.build = await run('npm', ['run', 'build'], dir);
    stamps.build = buildKey;
    store.write(stamps);
  }
  return times;
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const n of names) if (!ALL.includes(n)) throw new Error(`unknown example ${n} (${ALL.join(', ')})`);
const tarball = pack();
console.log(`packed ${path.relative(repo, tarball.file)} sha256 ${tarball.hash.slice(0, 16)}…`);
const report = {};
const t0 = Date.now();
const results = await Promise.allSettled(names.map(async (name) => ({ install: await install(name), ...await build(name, tarball) })));
let failed = 0;
names.forEach((name, i) => {
  const r = results[i];
  report[name] = r.status === 'fulfilled' ? r.value : { error: String(r.reason.message || r.reason).split('\n')[0] };
  const t = report[name];
  if (t.error) failed += 1;
  console.log(t.error ? `examples/${name}: FAILED ${t.error}`
    : `examples/${name}: install ${t.install} s, tarball ${t.tarball} s, build ${t.build} s (0 = up to date)`);
});
report.wall = Math.round((Date.now() - t0) / 100) / 10;
console.log(`examples prepared in ${report.wall} s`);
writeFileSync(path.join(outDir, 'times.json'), JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
