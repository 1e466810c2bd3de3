// examples/wechat through WeChat's own build: the packed tarball installed with npm, "Build npm"
// (miniprogram-ci packNpm), then the example's own app.js and chat page run in the mini-program
// sandbox from what Build npm left in miniprogram_npm/ — and once more from the DevTools'
// ES6→ES5 compile of the whole project (miniprogram-ci getCompiledResult), what a device gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, control } from '../node/lib/server.mjs';
import { createWx } from '../node/miniprogram/sim/wx.mjs';
import { built, installedPackage, clientId, echoDropReconnect, waitFor } from './lib.mjs';
import { pointedAt, framework, pageInstance } from './miniprogram.mjs';

let server;
const sims = [];
before(async () => { server = await startServer(); });
after(async () => {
  for (const s of sims) s.dispose();
  await server?.stop();
});

/** Every file under `dir`, relative, sorted. */
function files(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, path.join(rel, e.name)) : [path.join(rel, e.name)]).sort();
}

test('Build npm copies the package\'s "miniprogram" folder, .wasm.br included, byte for byte', () => {
  const { dir, json } = installedPackage('wechat');
  assert.ok(!lstatSync(dir).isSymbolicLink(), 'heartsocket is installed from the tarball, not linked to pkg/');
  const source = path.join(dir, json.miniprogram);
  const out = built('wechat', 'miniprogram_npm', 'heartsocket');
  assert.deepEqual(files(out), files(source));
  assert.ok(files(out).includes('heartsocket_bg.wasm.br'));
  for (const f of files(source)) {
    assert.ok(readFileSync(path.join(out, f)).equals(readFileSync(path.join(source, f))), `${f} differs`);
  }
});

/**
 * Runs the example's app.js and pages/chat/chat.js from `appRoot` in the sandbox over a
 * simulated wx, and the scenario through the page's own handlers (input, send) and data.
 */
async function runChatPage(appRoot, label) {
  const client = clientId(label);
  const { wx: raw, sim } = createWx();
  sims.push(sim);
  const { api: wx, toasts } = pointedAt(raw, server, client);
  const { sb, reg } = framework(appRoot, { wx });
  sb.require('/app.js');
  sb.require('/pages/chat/chat.js');
  assert.equal(reg.pages.length, 1);
  const page = pageInstance(reg.pages[0], 'pages/chat/chat');
  page.onLoad({});
  try {
    await echoDropReconnect({
      opens: () => page.statuses.filter((s) => s === 'online').length,
      send: (text) => { page.input({ detail: { value: text } }); page.send(); },
      echoes: () => page.data.list.filter((l) => l.role === 'server').map((l) => l.content),
      states: () => page.statuses,
    }, server, client);
    // Where load() looked by default: the file Build npm put there.
    assert.deepEqual(sb.instantiateCalls, ['/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br']);
    page.send(); // an empty message is refused with a toast, as in the tutorial
    assert.deepEqual(toasts, ['消息不能为空']);
  } finally {
    page.onUnload(); // also after a failure: no socket or timer may outlive the test
  }
  await waitFor(async () => (await control(server, 'stats', { client })).open === 0, 'the socket closed on unload');
  const stats = await control(server, 'stats', { client });
  assert.equal(stats.total, 2, 'two connections in all: the first and the reconnect');
}

test('the chat page runs from miniprogram_npm/ in the sandbox: echo, drop, reconnect, echo', async () => {
  await runChatPage(built('wechat'), 'wechat');
});

test('the DevTools ES6→ES5 compile of the project runs the same way', async () => {
  const root = built('wechat', 'dist-es5');
  const classDecl = /\bclass(\s+\w+)?(\s+extends\s+[\w.]+)?\s*\{/;
  // The module's JS, every file of it, as Build npm left it and as the compile rewrote it.
  const js = (dir) => {
    const mod = path.join(dir, 'miniprogram_npm', 'heartsocket');
    return files(mod).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(mod, f), 'utf8')).join('\n');
  };
  assert.match(js(built('wechat')), classDecl, 'the module Build npm copied has ES2015 classes');
  assert.doesNotMatch(js(root), classDecl, 'the compiled module has none left');
  assert.match(js(root), /require\("(\.\.\/)+@babel\/runtime\/helpers\/classCallCheck"\)/);
  await runChatPage(root, 'wechat-es5');
});
