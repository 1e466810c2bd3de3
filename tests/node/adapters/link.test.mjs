// The adapters' shared rules, in Node with the real class (web build, initialised from its
// .wasm), Node's `ws` package as the socket and the real server, driven through heartsocket/vue
// in a bare effectScope (a store, not a component: it connects at once): bad input throws
// naming the option, every source form gives the class, a loader is called once however many
// hooks use it, a failing load or constructor becomes `error` (status CLOSED) and open() retries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { effectScope, nextTick, ref } from 'vue';
import WebSocket from 'ws';
import { startServer, control } from '../lib/server.mjs';
import { pkgDir, assertBuilt, clientId, waitStats } from './lib.mjs';
import { waitFor } from '../miniprogram/helpers.mjs';

let server;
let hs;
let vue;
let react;
before(async () => {
  assertBuilt();
  server = await startServer();
  hs = await import(pathToFileURL(path.join(pkgDir, 'heartsocket.js')).href);
  hs.initSync({ module: readFileSync(path.join(pkgDir, 'heartsocket_bg.wasm')) });
  vue = await import(pathToFileURL(path.join(pkgDir, 'vue', 'index.js')).href);
  react = await import(pathToFileURL(path.join(pkgDir, 'react', 'index.js')).href);
});
after(async () => {
  await server?.stop();
});

const NODE = { WebSocket, lifecycle: false, reconnect: { minDelay: 100, maxDelay: 100, jitter: 0 } };

/** Runs useHeartsocket in a fresh effect scope; returns its result and the scope. */
function inScope(use, url, options) {
  const scope = effectScope();
  const api = scope.run(() => use(url, options));
  return { api, scope };
}

test('bad input throws a TypeError naming the option and what is allowed', () => {
  for (const adapter of [vue, react]) {
    assert.throws(() => adapter.createHeartsocket(42), { name: 'TypeError', message: /'source' must be a WebSocketClass, an object with one/ });
    assert.throws(() => adapter.createHeartsocket({}), { name: 'TypeError', message: /an object without a WebSocketClass/ });
    assert.throws(() => adapter.useHeartsocket('wss://x.invalid/'), { name: 'TypeError', message: /'WebSocketClass' is required/ });
  }
  const use = vue.createHeartsocket(hs.WebSocketClass);
  assert.throws(() => use('wss://x.invalid/', { immediate: 'yes' }), { name: 'TypeError', message: /option 'immediate' must be true or false; got string/ });
  assert.throws(() => use('wss://x.invalid/', { onMessage: 'log' }), { name: 'TypeError', message: /option 'onMessage' must be a function; got string/ });
  assert.throws(() => use('wss://x.invalid/', { onDrop: 1 }), { name: 'TypeError', message: /option 'onDrop' must be a function; got number/ });
  assert.throws(() => use('wss://x.invalid/', []), { name: 'TypeError', message: /options must be an object; got an array/ });
  assert.throws(() => use('wss://x.invalid/', { WebSocketClass: 'heartsocket' }), { name: 'TypeError', message: /'WebSocketClass' must be/ });
});

test('every source form gives the class; a loader is called once for many hooks', async () => {
  let calls = 0;
  const loader = () => { calls += 1; return Promise.resolve({ WebSocketClass: hs.WebSocketClass }); };
  const forms = [hs.WebSocketClass, { WebSocketClass: hs.WebSocketClass }, Promise.resolve(hs.WebSocketClass), loader, loader];
  const scopes = [];
  const ids = [];
  for (const form of forms) {
    const client = clientId('form');
    ids.push(client);
    const { api, scope } = inScope(vue.useHeartsocket, `${server.ws}?client=${client}`, { ...NODE, WebSocketClass: form });
    scopes.push({ api, scope, client });
    api.send(`via-${ids.length}`);
  }
  for (const { api } of scopes) await waitFor(() => api.status.value === 'OPEN' && api.data.value !== null, 'open and echo');
  assert.equal(calls, 1, 'one load for two hooks sharing a loader');
  for (const [i, { api, scope, client }] of scopes.entries()) {
    assert.equal(api.data.value, `via-${i + 1}`);
    scope.stop();
    assert.equal(api.status.value, 'CLOSED', 'stopping the scope closes and frees the instance');
    await waitStats(server, client, (s) => s.open === 0, 'closed by scope.stop()');
  }
});

test('a failing load is state (error, CLOSED), and open() loads again', async () => {
  let calls = 0;
  const flaky = () => {
    calls += 1;
    if (calls === 1) return Promise.reject(new Error('load failed: no network'));
    return { WebSocketClass: hs.WebSocketClass };
  };
  const client = clientId('flaky');
  const logged = [];
  const original = console.error;
  console.error = (e) => logged.push(String(e));
  let api;
  let scope;
  try {
    ({ api, scope } = inScope(vue.createHeartsocket(flaky), `${server.ws}?client=${client}`, NODE));
    api.send('kept');
    await waitFor(() => api.error.value !== null, 'the load error');
  } finally {
    console.error = original;
  }
  assert.match(String(api.error.value), /no network/);
  assert.equal(api.status.value, 'CLOSED');
  assert.deepEqual(logged, ['Error: load failed: no network']);
  api.open();
  assert.equal(api.error.value, null);
  await waitFor(() => api.status.value === 'OPEN' && api.data.value === 'kept', 'open after the retry');
  assert.equal(calls, 2);
  scope.stop();
  await waitStats(server, client, (s) => s.open === 0 && s.total === 1, 'closed');
});

test("the class's own checks (a bad URL) become error, not an exception in the mount", async () => {
  const logged = [];
  const original = console.error;
  console.error = (e) => logged.push(e);
  try {
    const { api, scope } = inScope(vue.createHeartsocket(hs.WebSocketClass), 'http://example.invalid/', NODE);
    await nextTick();
    assert.ok(api.error.value instanceof SyntaxError, String(api.error.value));
    assert.match(api.error.value.message, /ws:\/\/ or wss:\/\//);
    assert.equal(api.status.value, 'CLOSED');
    scope.stop();
  } finally {
    console.error = original;
  }
  assert.equal(logged.length, 1);
});

test('vue: a URL ref is read before every attempt; changing it moves an open link', async () => {
  const a = clientId('ref-a');
  const b = clientId('ref-b');
  const url = ref(`${server.ws}?client=${a}`);
  const { api, scope } = inScope(vue.createHeartsocket(hs.WebSocketClass), url, NODE);
  await waitFor(() => api.status.value === 'OPEN', 'open on a');
  url.value = `${server.ws}?client=${b}`;
  await waitStats(server, b, (s) => s.open === 1, 'the link moved to b');
  const sa = await control(server, 'stats', { client: a });
  assert.equal(sa.open, 0);
  scope.stop();
  await waitStats(server, b, (s) => s.open === 0, 'closed');
});

test('the adapters need no syntax past ES2017 (Taro and uni-app leave node_modules untranspiled)', async () => {
  const esbuild = await import('esbuild');
  for (const file of ['adapters/link.js', 'vue/index.js', 'react/index.js']) {
    const src = readFileSync(path.join(pkgDir, file), 'utf8');
    const as = (target) => esbuild.transform(src, { format: 'esm', target }).then((r) => r.code);
    assert.equal(await as('es2017'), await as('esnext'), `${file}: esbuild had to lower something for ES2017`);
  }
});
