// examples/vite and examples/webpack: a page built by each tool from the packed tarball, run in
// Debian's Chromium against the real server (echo, drop, reconnect, echo).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../node/lib/server.mjs';
import { built, launch } from './lib.mjs';
import { runBuiltPage, chatLineUi } from './web.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('Vite: `import init from "heartsocket"` + init(), the .wasm emitted as a hashed asset', async () => {
  const dist = built('vite', 'dist');
  const assets = readdirSync(path.join(dist, 'assets'));
  const emitted = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(emitted.length, 1, `one .wasm in dist/assets: ${assets.join(' ')}`);
  const { wasm } = await runBuiltPage(browser, server, dist, 'vite', chatLineUi);
  assert.deepEqual(wasm, [`assets/${emitted[0]}`], 'init() fetched the asset Vite emitted');
});

test('webpack 5: `heartsocket/bundler` with experiments.asyncWebAssembly, no init()', async () => {
  const dist = built('webpack', 'dist');
  const emitted = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  assert.equal(emitted.length, 1, `one .wasm in dist/: ${readdirSync(dist).join(' ')}`);
  assert.ok(existsSync(path.join(dist, 'index.html')));
  const { wasm } = await runBuiltPage(browser, server, dist, 'webpack', chatLineUi);
  assert.deepEqual(wasm, [emitted[0]], 'the runtime fetched the .wasm webpack emitted');
});
