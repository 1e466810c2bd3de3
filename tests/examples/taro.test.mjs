// examples/taro built by @tarojs/cli 4.2.1 from the packed tarball, for weapp and h5. weapp:
// config/index.js's copy.patterns put the .wasm.br at the package root, the path the page passes
// to load(); the built app and page run in the mini-program sandbox over a simulated Taro/wx.
// h5: the built site in Chromium. Both run echo, drop, reconnect against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../node/lib/server.mjs';
import { createTaro } from '../node/miniprogram/sim/taro.mjs';
import { built, installedPackage, launch } from './lib.mjs';
import { runBuiltPage, statusClassUi } from './web.mjs';
import { runTaroPage } from './miniprogram.mjs';

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

test('weapp: copy.patterns put the package\'s .wasm.br where the page tells load() to look', () => {
  const { dir, json } = installedPackage('taro');
  const page = readFileSync(built('taro', 'dist', 'weapp', 'pages', 'chat', 'index.js'), 'utf8');
  const wasmPath = /wasmPath:\s*"([^"]+)"/.exec(page)?.[1];
  assert.equal(wasmPath, '/heartsocket_bg.wasm.br', 'the built page passes its wasmPath');
  const copied = built('taro', 'dist', 'weapp', ...wasmPath.split('/').filter(Boolean));
  assert.ok(readFileSync(copied).equals(readFileSync(path.join(dir, json.miniprogram, 'heartsocket_bg.wasm.br'))));
});

test('weapp: the built chat page runs in the sandbox over Taro/wx: echo, drop, reconnect, echo', async () => {
  const { Taro, sim } = createTaro();
  // The built app calls the raw wx (Taro.miniGlobal), as Taro's weapp runtime does.
  const { sb } = await runTaroPage({ appRoot: built('taro', 'dist', 'weapp'), route: 'pages/chat/index',
    server, sims, api: Taro.miniGlobal, sim, label: 'taro-weapp' });
  assert.deepEqual(sb.instantiateCalls, ['/heartsocket_bg.wasm.br']);
});

test('h5: the built site runs in Chromium: echo, drop, reconnect, echo', async () => {
  const root = built('taro', 'dist', 'h5');
  const emitted = readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.wasm'));
  assert.equal(emitted.length, 1, 'webpack emitted the web entry\'s .wasm once');
  const { wasm } = await runBuiltPage(browser, server, root, 'taro-h5',
    statusClassUi({ input: '.composer input', send: '.composer .send' }));
  assert.deepEqual(wasm.map((u) => u.replace(/^\.?\//, '')), [String(emitted[0])]);
});
