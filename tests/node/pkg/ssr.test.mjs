// Server-side rendering: a Nuxt/Next/Vite-SSR server imports the package while rendering, in
// Node, where there is no window, document or WebSocket. Importing either entry must not throw
// and must do nothing observable — no global added or changed, no timer, socket or listener —
// until init() or a constructor is called. Checked on the packed package, in a child process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { packAndInstall, runNode } from './install.mjs';

let inst;
before(async () => { inst = await packAndInstall(); });
after(() => inst?.remove());

// Runs inside the install folder; prints what the import changed.
const PROBE = (entry) => `
// Values, not descriptors: reading each global first also settles Node's lazy globals
// (TextEncoder, TextDecoder… are getters that replace themselves on first use).
const snapshot = () => Object.getOwnPropertyNames(globalThis).map((k) => [k, globalThis[k]]);
const env = ['window', 'document', 'WebSocket', 'self', 'navigator'].map((n) => [n, typeof globalThis[n]]);
const before = snapshot();
const resourcesBefore = process.getActiveResourcesInfo();
let listenersBefore = process.eventNames().map((e) => [e, process.listenerCount(e)]);
const mod = await import(${JSON.stringify(entry)});
const after = snapshot();
const changed = after.filter(([k, v]) => {
  const old = before.find(([k2]) => k2 === k);
  return !old || !Object.is(old[1], v);
}).map(([k]) => k);
const removed = before.filter(([k]) => !after.some(([k2]) => k2 === k)).map(([k]) => k);
console.log(JSON.stringify({
  env: Object.fromEntries(env),
  exports: Object.keys(mod).sort(),
  changed, removed,
  resources: process.getActiveResourcesInfo().filter((r) => !resourcesBefore.includes(r)),
  listeners: process.eventNames().map((e) => [e, process.listenerCount(e)]),
  listenersBefore,
  constructor: typeof mod.WebSocketClass,
}));
`;

async function probe(entry, nodeArgs = []) {
  const file = path.join(inst.project, `ssr-${entry.replace(/\W/g, '-')}.mjs`);
  writeFileSync(file, PROBE(entry));
  // runNode rejects when the process does not exit by itself: nothing may be left running.
  const out = await runNode(file, inst.project, { NODE_OPTIONS: nodeArgs.join(' ') }, 20_000);
  return JSON.parse(out.trim().split('\n').pop());
}

function assertInert(r) {
  assert.deepEqual(r.env, { window: 'undefined', document: 'undefined', WebSocket: 'undefined',
    self: 'undefined', navigator: r.env.navigator }, 'the probe runs without browser globals');
  assert.deepEqual(r.changed, [], 'no global added or replaced by the import');
  assert.deepEqual(r.removed, []);
  assert.deepEqual(r.resources, [], 'no timer or handle created by the import');
  assert.deepEqual(r.listeners, r.listenersBefore, 'no process listener added');
  assert.equal(r.constructor, 'function');
}

test('`import "heartsocket"` (web entry) in Node: no throw, no side effect before init()', async () => {
  const r = await probe('heartsocket');
  assertInert(r);
  assert.ok(r.exports.includes('default') && r.exports.includes('initSync'), r.exports.join(' '));
});

test('`import "heartsocket/bundler"` in Node (wasm ES modules): no throw, no side effect', async () => {
  // Node loads a .wasm ES module only with --experimental-wasm-modules (unflagged in later
  // Node versions); SSR bundlers (webpack's asyncWebAssembly, Vite) do the same import themselves.
  const r = await probe('heartsocket/bundler', ['--experimental-wasm-modules', '--no-warnings']);
  assertInert(r);
  assert.ok(!r.exports.includes('default'), 'the bundler entry needs no init()');
});
