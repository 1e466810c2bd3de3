// heartsocket/react in the mini-program sandbox (no window, document, WebAssembly, fetch,
// TextEncoder, globalThis or eval) over the simulated Taro backed by real sockets to the real
// server: a Taro-like page (React 19 through react-reconciler into plain objects, StrictMode, a
// development build so the double mount really happens) whose class comes from load().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { startServer, control } from '../lib/server.mjs';
import { createSandbox } from '../miniprogram/sandbox.mjs';
import { createTaro } from '../miniprogram/sim/taro.mjs';
import { builtDir, waitFor } from '../miniprogram/helpers.mjs';
import { clientId, assertBuilt, waitStats } from './lib.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
let server;
let appRoot;
let taro;
let sb;
before(async () => {
  assertBuilt();
  assert.ok(existsSync(path.join(builtDir, 'glue.js')), 'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev');
  server = await startServer();
  appRoot = mkdtempSync(path.join(os.tmpdir(), 'hs-taro-app-'));
  mkdirSync(path.join(appRoot, 'miniprogram_npm'));
  symlinkSync(builtDir, path.join(appRoot, 'miniprogram_npm', 'heartsocket'), 'dir');
  mkdirSync(path.join(appRoot, 'pages'));
  await esbuild.build({
    entryPoints: [path.join(here, 'pages', 'taro-page.js')],
    outfile: path.join(appRoot, 'pages', 'chat.js'),
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['main'],
    target: 'es2017',
    external: ['../miniprogram_npm/*'],
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  taro = createTaro();
  sb = createSandbox({ appRoot, globals: { wx: taro.Taro.miniGlobal } });
});
after(async () => {
  taro?.sim.dispose();
  await server?.stop();
  if (appRoot) rmSync(appRoot, { recursive: true, force: true });
});

/** Values made in the sandbox's realm, as plain test-realm data (deepStrictEqual checks prototypes). */
const plain = (v) => JSON.parse(JSON.stringify(v));

test('Taro page: StrictMode double mount, one socket, class from load(), echo, onUnload closes', async () => {
  assert.equal(sb.run('typeof window + typeof document + typeof WebAssembly'), 'undefinedundefinedundefined');
  const client = clientId('taro');
  const page = sb.require('/pages/chat.js');
  const { rec, unload } = page.openPage(taro.Taro, `${server.ws}?client=${client}`,
    { secureOnly: false, reconnect: { minDelay: 200, maxDelay: 200, jitter: 0 } });
  await waitFor(() => rec.api?.status === 'OPEN' && rec.messages.length === 2, 'open and both echoes', 15000);
  assert.equal(rec.effectRuns, 2, 'StrictMode ran the effect twice');
  assert.deepEqual(plain(rec.early), [false, false]);
  assert.deepEqual(plain(rec.messages), ['from-effect-1', 'from-effect-2']);
  assert.deepEqual(sb.instantiateCalls, ['/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br']);
  let stats = await control(server, 'stats', { client });
  assert.equal(stats.max_open, 1);
  assert.equal(stats.total, 1);

  assert.equal(rec.api.send('hello'), true);
  await waitFor(() => rec.api.data === 'hello', 'the echo', 10000);
  assert.deepEqual(plain(rec.statuses), ['CONNECTING', 'OPEN']);

  unload();
  stats = await waitStats(server, client, (s) => s.open === 0, 'the socket closed after onUnload');
  assert.equal(stats.total, 1);
  assert.deepEqual(plain(rec.drops), []);
  assert.deepEqual(plain(rec.errors), []);
});
