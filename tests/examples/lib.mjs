// Shared by tests/examples/*.test.mjs: where each example's build output is (built by
// scripts/examples.mjs), a static server for built web pages, and the one scenario every built
// example runs against the real server: an echo, a server-side drop, the automatic reconnect,
// and an echo over the new link — each message received by the server exactly once.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, control } from '../node/lib/server.mjs';
import { waitFor } from '../node/miniprogram/helpers.mjs';

export { repoRoot, waitFor };

/** examples/<name>/<rel>, asserting it exists (scripts/examples.mjs builds it). */
export function built(name, ...rel) {
  const file = path.join(repoRoot, 'examples', name, ...rel);
  assert.ok(existsSync(file), `${path.relative(repoRoot, file)} is missing: run node scripts/examples.mjs ${name}`);
  return file;
}

/** The heartsocket package installed in an example: from the tarball, not a link to pkg/. */
export function installedPackage(name) {
  const dir = built(name, 'node_modules', 'heartsocket');
  const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { dir, json };
}

/** A client id of this test's own, so the server's per-client faults and stats stay separate. */
export function clientId(label) {
  return `ex-${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2',
};

/**
 * Serves `root` on 127.0.0.1 (Chromium refuses ws://127.0.0.1 from a non-local page).
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
export async function serveDir(root) {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

/**
 * The scenario, over an adapter to what a person (or the page's code) sees and does:
 *   opens() → how many times the page has shown the link open
 *   send(text) → types and sends a message
 *   echoes() → the server's lines the page shows, in order
 *   states() (optional) → every status the page showed, in order
 * @param {{opens: () => Promise<number>|number, send: (t: string) => Promise<void>|void,
 *   echoes: () => Promise<string[]>|string[], states?: () => string[]}} ui
 * @param {{http: string}} server
 * @param {string} client
 */
export async function echoDropReconnect(ui_, server, client) {
  // Lists may come from a sandbox's realm: copied into this one for deepEqual.
  const ui = { ...ui_, echoes: async () => Array.from(await ui_.echoes()),
    states: ui_.states && (() => Array.from(ui_.states())) };
  await waitFor(async () => (await ui.opens()) >= 1, 'the page to show the link open', 20_000, 50);
  await ui.send('echo-1');
  await waitFor(async () => (await ui.echoes()).includes('echo-1'), 'the first echo', 10_000, 50);

  await control(server, 'drop', { client });
  await waitFor(async () => (await ui.opens()) >= 2, 'the page to show the link open again after the drop', 20_000, 50);
  const stats = await control(server, 'stats', { client });
  assert.equal(stats.total, 2, 'one reconnect after the drop');
  assert.equal(stats.max_open, 1, 'never two sockets at once');

  await ui.send('echo-2');
  await waitFor(async () => (await ui.echoes()).includes('echo-2'), 'the echo over the new link', 10_000, 50);
  assert.deepEqual((await ui.echoes()).filter((m) => m.startsWith('echo-')), ['echo-1', 'echo-2']);
  const { messages } = await control(server, 'received', { client });
  assert.deepEqual(messages.filter((m) => m !== 'ping'), ['echo-1', 'echo-2'], 'the server got each message exactly once');
  if (ui.states) {
    const s = ui.states();
    const drop = s.indexOf('reconnecting');
    assert.ok(drop > 0 && s.slice(drop + 1).includes('online'), `states went online → reconnecting → online: ${s.join(' ')}`);
  }
}
