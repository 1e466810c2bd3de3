// heartsocket/vue in the mini-program sandbox (../miniprogram/sandbox.mjs: no window, document,
// WebAssembly, fetch, TextEncoder, globalThis or eval; WXWebAssembly.instantiate only) over the
// simulated `uni` backed by real sockets to the real server: a uni-app-like page (Vue's runtime
// core with a non-DOM renderer, bundled to CommonJS) whose class comes from load().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { startServer, control } from '../lib/server.mjs';
import { createSandbox } from '../miniprogram/sandbox.mjs';
import { createUni } from '../miniprogram/sim/uni.mjs';
import { builtDir, waitFor } from '../miniprogram/helpers.mjs';
import { clientId, packageDir, assertBuilt, waitStats } from './lib.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
let server;
let appRoot;
let sim;
let sb;
before(async () => {
  assertBuilt();
  assert.ok(existsSync(path.join(builtDir, 'glue.js')), 'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev');
  server = await startServer();
  appRoot = mkdtempSync(path.join(os.tmpdir(), 'hs-uni-app-'));
  mkdirSync(path.join(appRoot, 'miniprogram_npm'));
  symlinkSync(builtDir, path.join(appRoot, 'miniprogram_npm', 'heartsocket'), 'dir');
  mkdirSync(path.join(appRoot, 'pages'));
  await esbuild.build({
    entryPoints: [path.join(here, 'pages', 'uni-page.js')],
    outfile: path.join(appRoot, 'pages', 'chat.js'),
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2017',
    alias: { vue: path.join(packageDir('@vue/runtime-core'), 'dist', 'runtime-core.esm-bundler.js') },
    external: ['../miniprogram_npm/*'],
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    logLevel: 'warning',
  });
  const uni = createUni();
  sim = uni.sim;
  sb = createSandbox({ appRoot, globals: { uni: uni.uni } });
});
after(async () => {
  sim?.dispose();
  await server?.stop();
  if (appRoot) rmSync(appRoot, { recursive: true, force: true });
});

/** Values made in the sandbox's realm, as plain test-realm data (deepStrictEqual checks prototypes). */
const plain = (v) => JSON.parse(JSON.stringify(v));

/** The texts of the rendered view tree, in order. */
function texts(node) {
  if (typeof node.text === 'string') return [node.text];
  return (node.children ?? []).flatMap(texts);
}

test('uni-app page: class from load(), send from setup, echo, drop, reconnect, onUnload closes', async () => {
  assert.equal(sb.run('typeof window + typeof document + typeof WebAssembly'), 'undefinedundefinedundefined');
  const client = clientId('uni');
  const page = sb.require('/pages/chat.js');
  const { rec, root, unload } = page.openPage(`${server.ws}?client=${client}`,
    { secureOnly: false, reconnect: { minDelay: 200, maxDelay: 200, jitter: 0 }, heartbeat: { interval: 300, timeout: 3000 } });
  assert.deepEqual(plain(rec.early), [false], 'sent from setup, before load() resolved: queued');
  await waitFor(() => rec.api.status.value === 'OPEN' && rec.messages.length === 1, 'open and the early echo', 15000);
  assert.deepEqual(sb.instantiateCalls, ['/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br'], 'load() instantiated the .wasm.br');
  assert.deepEqual(plain(rec.messages), ['from-setup']);

  rec.api.send('hello');
  await waitFor(() => rec.api.data.value === 'hello', 'the echo', 10000);
  await waitFor(() => texts(root).includes('hello'), 'the page rendered the message', 5000);
  assert.deepEqual(plain(texts(root)), ['OPEN', 'hello']);

  // A pong confirms both before the link is cut (unconfirmed, they would be reported: README "Delivery").
  await waitFor(() => rec.api.stats.value.unconfirmed === 0 && rec.api.stats.value.confirmed === 2, 'both confirmed', 10000);
  // Reconnects are refused until the message has been queued, so the queueing is certain.
  await control(server, 'refuse', { client, ms: 600000 });
  await control(server, 'drop', { client });
  await waitFor(() => rec.statuses.length >= 3, 'the drop rendered', 10000);
  assert.equal(rec.api.send('while-down'), false);
  await control(server, 'refuse', { client, ms: 0 });
  await waitFor(() => rec.statuses.length === 4 && rec.api.data.value === 'while-down', 'reconnected and delivered', 15000);
  assert.deepEqual(plain(rec.statuses), ['CONNECTING', 'OPEN', 'CONNECTING', 'OPEN']);
  let stats = await control(server, 'stats', { client });
  assert.equal(stats.max_open, 1);
  assert.equal(stats.total, 2);
  assert.deepEqual((await control(server, 'received', { client })).messages, ['from-setup', 'hello', 'while-down']);

  unload();
  assert.equal(rec.api.status.value, 'CLOSED');
  stats = await waitStats(server, client, (s) => s.open === 0, 'the socket closed after onUnload');
  assert.equal(stats.total, 2);
  assert.deepEqual(plain(rec.drops), []);
});
