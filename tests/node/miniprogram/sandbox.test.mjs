// The built pkg/miniprogram/ loads and works where mini-programs run: a vm context with none of
// WebAssembly, fetch, TextEncoder, TextDecoder, window, self, document or globalThis, eval
// forbidden, and WXWebAssembly.instantiate(path, imports) as the only way to load wasm.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, control } from '../lib/server.mjs';
import { createSandbox } from './sandbox.mjs';
import { createWx } from './sim/wx.mjs';
import { createTaro } from './sim/taro.mjs';
import { createUni } from './sim/uni.mjs';
import { createMy } from './sim/my.mjs';
import { builtDir, clientId, waitFor, bytes } from './helpers.mjs';

const NPM = '/miniprogram_npm/heartsocket';
let server;
let appRoot;
const sims = [];

before(async () => {
  assert.ok(existsSync(path.join(builtDir, 'glue.js')),
    'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev (or node scripts/build-miniprogram.mjs)');
  server = await startServer();
  // A mini-program project as WeChat's "build npm" leaves it: the package under miniprogram_npm.
  appRoot = mkdtempSync(path.join(os.tmpdir(), 'hs-mp-app-'));
  mkdirSync(path.join(appRoot, 'miniprogram_npm'));
  symlinkSync(builtDir, path.join(appRoot, 'miniprogram_npm', 'heartsocket'), 'dir');
});
after(async () => {
  for (const s of sims) s.dispose();
  await server.stop();
  rmSync(appRoot, { recursive: true, force: true });
});

describe('the built module', () => {
  test('is CommonJS without import.meta, top-level await or code generation', () => {
    for (const f of readdirSync(builtDir).filter((n) => n.endsWith('.js'))) {
      const src = readFileSync(path.join(builtDir, f), 'utf8');
      assert.doesNotMatch(src, /import\.meta/, f);
      assert.doesNotMatch(src, /^\s*(import|export)\s/m, f);
      assert.doesNotMatch(src, /^await\s/m, f);
      assert.doesNotMatch(src, /\beval\s*\(/, f);
    }
    assert.ok(existsSync(path.join(builtDir, 'heartsocket_bg.wasm')));
    assert.ok(existsSync(path.join(builtDir, 'heartsocket_bg.wasm.br')));
  });
});

/** Loads heartsocket inside a fresh sandbox over `globals`; returns the sandbox and load()'s result. */
async function loadIn(globals, loadOptions, sandboxOptions = {}) {
  const sb = createSandbox({ appRoot, globals, ...sandboxOptions });
  const mod = sb.require(`${NPM}/miniprogram.js`);
  const loaded = await mod.load(loadOptions);
  return { sb, mod, loaded };
}

/** Text and binary round trip through WebSocketClass inside the sandbox, against the server. */
async function roundTrip(sb, WebSocketClass) {
  const id = clientId('sandbox');
  const got = [];
  const ws = new WebSocketClass(`${server.ws}?client=${id}`, (data) => got.push(data),
    { secureOnly: false, name: 'sandbox' });
  const opened = new Promise((resolve) => ws.addEventListener('open', resolve));
  ws.connect();
  await opened;
  ws.send('héllo, 小程序 ✓');
  ws.send(sb.run('new Uint8Array([0, 1, 2, 253, 254, 255]).buffer'));
  ws.send(sb.run('new Uint8Array([9, 8, 7, 6]).subarray(1, 3)'));
  await waitFor(() => got.length === 3, 'three echoes');
  assert.equal(got[0], 'héllo, 小程序 ✓');
  assert.deepEqual(bytes(got[1]), [0, 1, 2, 253, 254, 255]);
  assert.deepEqual(bytes(got[2]), [8, 7]);
  const received = await control(server, 'received', { client: id });
  assert.deepEqual(received.messages, ['héllo, 小程序 ✓']);
  const closed = new Promise((resolve) => ws.addEventListener('close', resolve));
  ws.close();
  await closed;
  ws.free();
}

describe('in a WeChat-like sandbox', () => {
  test('the sandbox really lacks the web globals', () => {
    const sb = createSandbox({ appRoot });
    for (const name of ['WebAssembly', 'fetch', 'TextEncoder', 'TextDecoder', 'URL', 'window', 'self', 'document', 'globalThis']) {
      assert.equal(sb.run(`typeof ${name}`), 'undefined', name);
    }
    assert.throws(() => sb.run("new Function('return 1')"), /code generation|EvalError/i);
    assert.equal(sb.run('typeof WXWebAssembly.instantiate'), 'function');
  });

  test('wechat: loads the .wasm.br by default path, polyfills, round-trips', async () => {
    const { wx, sim } = createWx();
    sims.push(sim);
    const { sb, loaded } = await loadIn({ wx }, { host: 'wechat' });
    assert.deepEqual(sb.instantiateCalls, [`${NPM}/heartsocket_bg.wasm.br`]);
    assert.equal(sb.run('typeof TextEncoder'), 'function', 'polyfill installed on the global');
    assert.equal(sb.run("new TextDecoder('utf-8', {ignoreBOM: true, fatal: true}).decode()"), '');
    assert.equal(loaded.host, 'wechat');
    await roundTrip(sb, loaded.WebSocketClass);
  });

  test('wechat: the plain .wasm path, and an instantiate that returns the instance alone', async () => {
    const { wx, sim } = createWx();
    sims.push(sim);
    const { sb, loaded } = await loadIn({ wx }, { host: 'wechat', wasmPath: `${NPM}/heartsocket_bg.wasm` },
      { shapeResult: (r) => r.instance });
    assert.deepEqual(sb.instantiateCalls, [`${NPM}/heartsocket_bg.wasm`]);
    await roundTrip(sb, loaded.WebSocketClass);
  });

  test('host defaults: secureOnly refuses ws:// unless turned off', async () => {
    const { wx, sim } = createWx();
    sims.push(sim);
    const { loaded } = await loadIn({ wx }, { host: 'wechat' });
    assert.throws(() => new loaded.WebSocketClass(`${server.ws}?client=x`), /secureOnly|wss/);
    assert.throws(() => new loaded.WebSocketClass(`${server.ws}?client=x`, null, 'named'), /secureOnly|wss/);
    const ok = new loaded.WebSocketClass(`${server.ws}?client=x`, null, { secureOnly: false });
    assert.equal(ok.readyState, 3);
    ok.free();
  });

  test('a wrong wasm path rejects load(), and a retry with the right one works', async () => {
    const { wx, sim } = createWx();
    sims.push(sim);
    const sb = createSandbox({ appRoot, globals: { wx } });
    const mod = sb.require(`${NPM}/index.js`);
    await assert.rejects(mod.load({ host: 'wechat', wasmPath: '/nope.wasm' }), /no such file/);
    const loaded = await mod.load({ host: 'wechat' });
    await roundTrip(sb, loaded.WebSocketClass);
  });

  test('taro (weapp): through Taro.miniGlobal', async () => {
    const { Taro, sim } = createTaro();
    sims.push(sim);
    const { sb, loaded } = await loadIn({ wx: Taro.miniGlobal }, { host: 'taro', api: Taro, wasmPath: `${NPM}/heartsocket_bg.wasm.br` });
    await roundTrip(sb, loaded.WebSocketClass);
  });

  test('uni (weapp): the default global uni', async () => {
    const { uni, sim } = createUni();
    sims.push(sim);
    const { sb, loaded } = await loadIn({ uni }, { host: 'uni', wasmPath: `${NPM}/heartsocket_bg.wasm.br` });
    await roundTrip(sb, loaded.WebSocketClass);
  });

  test('alipay: plain WebAssembly, bytes read with my.getFileSystemManager()', async () => {
    const { my, sim } = createMy({ packageRoot: appRoot });
    sims.push(sim);
    const { sb, loaded } = await loadIn({ my }, { wasmPath: `${NPM}/heartsocket_bg.wasm.br` },
      { wxWebAssembly: false, webAssembly: true });
    assert.equal(loaded.host, 'alipay', 'host guessed from the my global');
    await roundTrip(sb, loaded.WebSocketClass);
  });
});
