// The packed npm package, installed into an empty folder and loaded by a page in Debian's
// Chromium the way a no-bundler user would: an import map pointing 'heartsocket' at the file the
// package's `exports` resolve to, `await init()` fetching the .wasm beside it, an echo through
// the real server. The page and the socket are both on 127.0.0.1 (Chromium's local-network
// checks refuse ws://127.0.0.1 from any other origin), served by a private server whose root is
// the install folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { control } from '../lib/server.mjs';
import { packAndInstall, startServerAt } from './install.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let inst;
let server;
let browser;
before(async () => {
  inst = await packAndInstall();
  server = await startServerAt(inst.dir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  inst?.remove();
});

/** What `import 'heartsocket'` resolves to in the install folder, relative to it. */
async function resolvedEntry() {
  const probe = path.join(inst.project, 'resolve.mjs');
  writeFileSync(probe, "console.log(import.meta.resolve('heartsocket'));\n");
  const { stdout } = await promisify(execFile)(process.execPath, [probe], { cwd: inst.project });
  return './' + path.relative(inst.project, fileURLToPath(stdout.trim())).split(path.sep).join('/');
}

test('Chromium page imports the installed package, inits from its own .wasm and echoes', async () => {
  const client = `pkg-web-${process.pid}-${Date.now()}`;
  const entry = await resolvedEntry();
  assert.equal(entry, './node_modules/heartsocket/heartsocket.js');
  writeFileSync(path.join(inst.project, 'index.html'), page(entry, client));

  const page_ = await browser.newPage();
  const problems = [];
  page_.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page_.on('pageerror', (e) => problems.push(String(e)));
  page_.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  const wasmResponses = [];
  page_.on('response', (r) => { if (r.url().endsWith('.wasm')) wasmResponses.push(r.url()); });

  await page_.goto(`${server.http}/www/index.html`);
  let r;
  try {
    r = await page_.evaluate(() => window.result);
  } catch (e) {
    assert.fail(`page failed: ${e.message}\n${problems.join('\n')}`);
  }
  assert.ok(r, `the page's module did not run:\n${problems.join('\n')}`);
  assert.deepEqual(wasmResponses, [`${server.http}/www/node_modules/heartsocket/heartsocket_bg.wasm`],
    'init() fetches the .wasm that sits beside the glue');
  assert.equal(r.queued, false, 'send() before open queues and returns false');
  assert.deepEqual(r.messages, ['first', 'second']);
  assert.equal(r.close.code, 1000);
  assert.equal(r.close.willReconnect, false);
  assert.equal(r.close.readyState, 3);
  assert.deepEqual(problems, []);
  const { messages } = await control(server, 'received', { client });
  assert.deepEqual(messages, ['first', 'second'], 'the server got each message exactly once');
  await page_.close();
});

/** The test page: plain ES modules, an import map, no bundler. */
function page(entry, client) {
  return `<!doctype html>
<meta charset="utf-8">
<title>heartsocket install probe</title>
<link rel="icon" href="data:,">
<script type="importmap">${JSON.stringify({ imports: { heartsocket: entry } })}</script>
<script type="module">
import init, { WebSocketClass } from 'heartsocket';

window.result = (async () => {
  await init();
  const r = { messages: [] };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no echo within 10 s: ' + JSON.stringify(r))), 10000);
    const url = 'ws://' + location.host + '/ws?client=${client}';
    const ws = new WebSocketClass(url, (data) => {
      r.messages.push(data);
      if (r.messages.length === 2) ws.close(1000, 'done');
    });
    ws.addEventListener('open', () => ws.send('second'));
    ws.addEventListener('close', (e) => {
      r.close = { code: e.code, willReconnect: e.willReconnect, readyState: ws.readyState };
      clearTimeout(timer);
      resolve();
    });
    ws.connect();
    r.queued = ws.send('first');
  });
  return r;
})();
</script>
`;
}
