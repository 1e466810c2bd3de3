// examples/uni (uni-app, Vue 3) built by uni's own Vite build for mp-weixin and h5 from the
// packed tarball. mp-weixin: the .wasm.br where load({ host: 'uni' }) looks by default
// (/static/), and the built output's own module loaded in the mini-program sandbox; h5: the
// built site in Chromium. Both run echo, drop, reconnect against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../node/lib/server.mjs';
import { createUni } from '../node/miniprogram/sim/uni.mjs';
import { built, installedPackage, launch } from './lib.mjs';
import { runBuiltPage, statusClassUi } from './web.mjs';
import { runUniPage } from './miniprogram.mjs';

let server;
let browser;
const sims = [];
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  for (const s of sims) s.dispose();
  await browser?.close();
  await server?.stop();
});

test('mp-weixin: the .wasm.br is emitted at static/, byte for byte the package\'s', () => {
  const { dir, json } = installedPackage('uni');
  const emitted = built('uni', 'dist', 'build', 'mp-weixin', 'static', 'heartsocket_bg.wasm.br');
  assert.ok(readFileSync(emitted).equals(readFileSync(path.join(dir, json.miniprogram, 'heartsocket_bg.wasm.br'))));
});

test('mp-weixin: the built chat page runs in the sandbox over uni: echo, drop, reconnect, echo', async () => {
  const root = built('uni', 'dist', 'build', 'mp-weixin');
  const { uni, sim } = createUni();
  // uni-app's mp-weixin runtime calls the raw `wx`; the simulated uni has its SocketTask semantics.
  const { sb } = await runUniPage({ appRoot: root, route: 'pages/chat/index', server, sims, api: uni, sim, label: 'uni-mp' });
  assert.deepEqual(sb.instantiateCalls, ['/static/heartsocket_bg.wasm.br'], 'load() used its default uni path');
});

test('h5: the built site runs in Chromium: echo, drop, reconnect, echo', async () => {
  const root = built('uni', 'dist', 'build', 'h5');
  const emitted = readdirSync(path.join(root, 'assets')).filter((f) => f.endsWith('.wasm'));
  assert.equal(emitted.length, 1);
  const { wasm } = await runBuiltPage(browser, server, root, 'uni-h5',
    statusClassUi({ input: '.composer input', send: '.composer uni-button' }));
  assert.deepEqual(wasm, [`assets/${emitted[0]}`]);
});
