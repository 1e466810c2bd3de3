// Shared set-up of the adapter tests: test pages bundled with esbuild from pages/ against the
// real Vue 3 or React 18/19 from node_modules, served with the package's .wasm by a private
// heartsocket-server (page and socket on one 127.0.0.1 origin, as Chromium requires), and
// Debian's Chromium driven by playwright-core.
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { repoRoot, spawnServer, control } from '../lib/server.mjs';
import { launch } from '../www/browser.mjs';

export { control, launch, repoRoot };
export const pkgDir = path.join(repoRoot, 'pkg');
const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(repoRoot, 'package.json'));

/** Folder of an installed package (resolved from the repository root). */
export function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * Where each React major is installed: React 19 in the root devDependencies, React 18 in the
 * workspace react18/ (react-dom 18's peer cannot be met beside the root's React 19).
 */
const REACT_FROM = { 18: path.join(here, 'react18', 'package.json'), 19: path.join(repoRoot, 'package.json') };

/** esbuild `alias` pointing every `react`/`react-dom` import (React's own included) at one major. */
export function reactAlias(major) {
  const from = createRequire(REACT_FROM[major]);
  const dir = (name) => path.dirname(from.resolve(`${name}/package.json`));
  return { react: dir('react'), 'react-dom': dir('react-dom') };
}

/** Throws unless pkg/ has the web build and the adapters. */
export function assertBuilt() {
  for (const f of ['heartsocket.js', 'heartsocket_bg.wasm', 'vue/index.js', 'react/index.js', 'adapters/link.js']) {
    if (!existsSync(path.join(pkgDir, f))) throw new Error(`pkg/${f} is missing: run bash scripts/build.sh --dev`);
  }
}

/**
 * Bundles each page entry into a temp root's www/ beside the .wasm, and starts a private server
 * on it. `pages`: {name: {entry, alias?}} → /www/<name>.html.
 * @returns {Promise<{server: object, url: (name: string) => string, stop: () => Promise<void>}>}
 */
export async function servePages(pages) {
  assertBuilt();
  const root = mkdtempSync(path.join(os.tmpdir(), 'hs-adapters-'));
  const www = path.join(root, 'www');
  mkdirSync(www);
  // The web glue finds its .wasm beside itself (import.meta.url): beside the bundle here.
  copyFileSync(path.join(pkgDir, 'heartsocket_bg.wasm'), path.join(www, 'heartsocket_bg.wasm'));
  for (const [name, { entry, alias }] of Object.entries(pages)) {
    await esbuild.build({
      entryPoints: [path.join(here, 'pages', entry)],
      outfile: path.join(www, `${name}.js`),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      alias: alias ?? {},
      define: {
        'process.env.NODE_ENV': '"development"',
        __VUE_OPTIONS_API__: 'false',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
      // wasm-bindgen's glue repeats a key in its imports object (harmless; not ours to fix).
      logOverride: { 'duplicate-object-key': 'silent' },
      logLevel: 'warning',
    });
    writeFileSync(path.join(www, `${name}.html`),
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="./${name}.js"></script>\n`);
  }
  const server = await spawnServer(root);
  return {
    server,
    url: (name) => `${server.http}/www/${name}.html`,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

let n = 0;
/** A client id of this test alone, so the server's per-client stats are its own. */
export function clientId(label) {
  n += 1;
  return `ad-${label}-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Opens a page and waits for its module to have run; page errors are collected in `errors`.
 * @param {import('playwright-core').Browser} browser @param {string} url
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Chromium logs each refused handshake (the tests refuse reconnects on purpose) as a console
  // error of its own; anything else logged as an error is the page's and fails the test.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^WebSocket connection to '.*' failed: /.test(m.text())) errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 20_000 });
  return { page, errors };
}

/**
 * Waits until what component `id` saw satisfies `pred` (a function source run in the page over
 * `s = hs.seen(id)`), and returns that state; a timeout says what it saw instead.
 * @param {import('playwright-core').Page} page @param {string} id @param {string} pred
 */
export async function waitSeen(page, id, pred, timeout = 15_000) {
  try {
    await page.waitForFunction(([i, p]) => new Function('s', `return (${p});`)(window.hs.seen(i)), [id, pred],
      { timeout, polling: 20 });
  } catch (err) {
    const s = await page.evaluate((i) => window.hs.seen(i), id);
    throw new Error(`component ${id} never saw ${pred} within ${timeout} ms; it saw ${JSON.stringify(s)}`, { cause: err });
  }
  return page.evaluate((i) => window.hs.seen(i), id);
}

/** Polls the server's stats for `client` until `pred(stats)`; returns them. */
export async function waitStats(server, client, pred, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await control(server, 'stats', { client });
    if (pred(s)) return s;
    if (Date.now() > end) throw new Error(`server stats for ${client} never showed ${what}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Options every test component uses: quick, jitter-free reconnects so transitions are few. */
export const FAST = { reconnect: { minDelay: 200, maxDelay: 200, jitter: 0 }, heartbeat: { interval: 300, timeout: 3000 } };
