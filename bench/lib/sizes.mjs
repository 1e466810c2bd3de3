// Size: gzip -9 of what a user ships. Every JS library is bundled and minified by esbuild the same
// way (ESM, browser), then gzipped; heartsocket's wasm is counted as built (wasm-opt applied),
// its glue both as shipped and minified like the others.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import esbuild from 'esbuild';
import { fmt } from './stats.mjs';

/** gzip -9 byte count (from stdin, so no file name in the header). */
export function gzipSize(buf) {
  const r = spawnSync('gzip', ['-9', '-c'], { input: buf, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`gzip failed: ${r.stderr}`);
  return r.stdout.length;
}

/** Bundles and minifies an entry like a user's bundler would; returns the output bytes. */
async function bundle(entry, { format = 'esm', platform = 'browser', absWorkingDir } = {}) {
  const r = await esbuild.build({
    entryPoints: [entry], bundle: true, minify: true, format, platform, write: false, absWorkingDir,
    logLevel: 'silent',
    external: ['*.wasm'],
  });
  return Buffer.from(r.outputFiles[0].contents);
}

/** Every .js file below `dir` (none if it does not exist). */
function jsFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFilesUnder(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

const PEERS = [
  ['rws', 'reconnecting-websocket 4.4.0', 'rws.mjs'],
  ['ps', 'partysocket/ws 1.3.0', 'ps.mjs'],
  ['ps-full', 'partysocket 1.3.0 (whole entry)', 'ps-full.mjs'],
  ['sockette', 'sockette 2.0.6', 'sockette.mjs'],
  ['whj', 'websocket-heartbeat-js 1.1.3', 'whj.mjs'],
];

/**
 * @param {{repoRoot: string, pkgDir: string|null, log: (s: string) => void}} ctx
 */
export async function runSize({ repoRoot, pkgDir, log }) {
  const items = [];
  const add = (id, label, bytes, gz, note = '') => items.push({ id, label, bytes, gzip: gz, note });

  if (pkgDir) {
    const wasm = readFileSync(path.join(pkgDir, 'heartsocket_bg.wasm'));
    // The glue as shipped: heartsocket.js plus the wasm-bindgen snippets it imports (JS modules
    // under snippets/, separate files, so each is gzipped on its own as a server would).
    const glueFiles = [path.join(pkgDir, 'heartsocket.js'), ...jsFilesUnder(path.join(pkgDir, 'snippets'))];
    const glueBytes = glueFiles.reduce((a, f) => a + readFileSync(f).length, 0);
    const glueGz = glueFiles.reduce((a, f) => a + gzipSize(readFileSync(f)), 0);
    const glueMin = await bundle(path.join(pkgDir, 'heartsocket.js'));
    const w = gzipSize(wasm);
    const files = glueFiles.length > 1 ? ` (${glueFiles.length} files)` : '';
    add('hs-wasm', 'heartsocket wasm (wasm-opt -Oz)', wasm.length, w);
    add('hs-glue', `heartsocket glue, as shipped${files}`, glueBytes, glueGz);
    add('hs-glue-min', 'heartsocket glue, esbuild --bundle --minify', glueMin.length, gzipSize(glueMin));
    add('hs-web', 'heartsocket web: wasm + glue', wasm.length + glueBytes, w + glueGz, 'target ≤ 12 KB');
    add('hs-web-min', 'heartsocket web: wasm + minified glue', wasm.length + glueMin.length, w + gzipSize(glueMin));
    const mp = path.join(pkgDir, 'miniprogram');
    if (existsSync(path.join(mp, 'index.js'))) {
      const js = await bundle(path.join(mp, 'index.js'), { format: 'cjs', platform: 'neutral' });
      const files = readdirSync(mp).filter((f) => f.endsWith('.js'));
      const shipped = files.reduce((a, f) => a + gzipSize(readFileSync(path.join(mp, f))), 0);
      add('mp-js', 'mini-program JS, bundled + minified', js.length, gzipSize(js));
      add('mp-js-files', `mini-program JS, ${files.length} files as shipped (sum)`, files.reduce((a, f) => a + readFileSync(path.join(mp, f)).length, 0), shipped);
      const br = path.join(mp, 'heartsocket_bg.wasm.br');
      if (existsSync(br)) {
        const b = readFileSync(br).length;
        add('mp-wasm-br', 'mini-program .wasm.br (brotli, as shipped)', b, null);
        add('mp-total', 'mini-program: .wasm.br + minified JS gzip', b + js.length, b + gzipSize(js));
      }
    }
  }
  for (const [id, label, entry] of PEERS) {
    const out = await bundle(path.join(repoRoot, 'bench/contenders', entry), { absWorkingDir: repoRoot });
    add(id, label, out.length, gzipSize(out));
  }
  for (const i of items) log(`size ${i.label}: ${i.bytes} B, gzip ${i.gzip ?? '—'} B`);

  const web = items.find((i) => i.id === 'hs-web');
  const rows = items.map((i) => ({
    test: 'size (gzip -9)',
    contender: i.id,
    label: i.label,
    value: i.gzip === null ? `${i.bytes} B br` : `${i.gzip} B`,
    ratio: web && i.gzip && !i.id.startsWith('hs') && !i.id.startsWith('mp') ? `hs is ${fmt(web.gzip / i.gzip)}x` : '',
    target: i.note,
    met: i.id === 'hs-web' ? i.gzip <= 12_000 : null,
  }));
  return { data: { items }, rows };
}
