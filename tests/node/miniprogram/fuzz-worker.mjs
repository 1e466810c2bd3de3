// The mini-program side of the public-surface fuzzer (fuzz.test.mjs starts it in a worker thread
// and terminates it if a call hangs): load() options and the facade socket, called with the value
// kinds of tests/fuzz/values.mjs inside the vm sandbox shaped like WeChat (sandbox.mjs), then a
// health check through the real server. Reports progress before each call.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSandbox } from './sandbox.mjs';
import { createWx } from './sim/wx.mjs';
import { builtDir } from './helpers.mjs';
import { KIND_NAMES, rng, make, classify, describeError } from '../../fuzz/values.mjs';

const NPM = '/miniprogram_npm/heartsocket';
export const LOAD_KEYS = ['host', 'api', 'wasmPath', 'wasmBytes', 'instantiate', 'socket', 'socket.errorCloseGraceMs', 'socket.closeGraceMs'];
export const ENTRIES = ['load', ...LOAD_KEYS.map((k) => 'load:' + k), 'Socket:new', 'Socket:send', 'Socket:close',
  'Socket:addEventListener', 'Socket:removeEventListener', 'lifecycle', 'WebSocketClass:third', 'WebSocketClass:url'];

/** The calls of a run, from the seed alone. */
export function plan(seed, n) {
  const r = rng(seed);
  return Array.from({ length: n }, () => ({ entry: r.pick(ENTRIES), args: [r.pick(KIND_NAMES), r.pick(KIND_NAMES)] }));
}

/**
 * Errors that are not about the value given: the facade's InvalidStateError for send() before the
 * open (a WebSocket's own, and what the driver never does), and the host's WXWebAssembly refusing
 * a wasmPath that is a string but not a file of the package.
 */
function hostsOwn(e) {
  try {
    return e.name === 'InvalidStateError' || String(e.message).startsWith('WXWebAssembly.instantiate:');
  } catch (x) {
    return false;
  }
}

const describeCall = (c, i) => '#' + i + ' ' + c.entry + '(' + c.args.join(', ') + ')';

async function main() {
  const { seed, calls, serverWs, freshLoads } = workerData;
  const appRoot = mkdtempSync(path.join(os.tmpdir(), 'hs-mp-fuzz-'));
  mkdirSync(path.join(appRoot, 'miniprogram_npm'));
  symlinkSync(builtDir, path.join(appRoot, 'miniprogram_npm', 'heartsocket'), 'dir');
  const { wx } = createWx();
  const counts = { calls: 0, ok: 0, typed: 0, own: 0, bad: 0 };
  const failures = [];
  const note = (c, i, threw, error) => {
    const o = classify(threw, error, hostsOwn);
    counts.calls += 1;
    if (o.startsWith('bad')) { counts.bad += 1; if (failures.length < 20) failures.push(describeCall(c, i) + ' threw ' + o.slice(5)); } else counts[o] += 1;
  };
  const withKey = (key, v) => {
    const o = { host: 'wechat', api: wx };
    const [a, b] = key.split('.');
    if (b) o[a] = { [b]: v }; else o[a] = v;
    return o;
  };
  const loadArg = (c) => (c.entry === 'load' ? make(c.args[0]) : withKey(c.entry.slice(5), make(c.args[0])));
  // First, load() in fresh sandboxes (the wasm not instantiated yet: every option matters).
  const all = plan(seed, calls);
  const loads = all.filter((c) => c.entry.startsWith('load')).slice(0, freshLoads);
  for (const [i, c] of loads.entries()) {
    parentPort.postMessage({ type: 'at', i: -1 - i, what: 'fresh ' + describeCall(c, i) });
    const mod = createSandbox({ appRoot, globals: { wx } }).require(`${NPM}/miniprogram.js`);
    let threw = false; let error;
    try { await mod.load(loadArg(c)); } catch (e) { threw = true; error = e; }
    note(c, -1 - i, threw, error);
  }
  const sb = createSandbox({ appRoot, globals: { wx } });
  const mod = sb.require(`${NPM}/miniprogram.js`);
  const loaded = await mod.load({ host: 'wechat', api: wx });
  const { Socket, lifecycle, WebSocketClass } = loaded;
  const url = serverWs + '?client=mp-fuzz-' + seed;
  for (const [i, c] of all.entries()) {
    parentPort.postMessage({ type: 'at', i });
    let threw = false; let error;
    try {
      const [a, b] = c.args.map(make);
      let r;
      if (c.entry.startsWith('load')) r = await mod.load(loadArg(c));
      else if (c.entry === 'Socket:new') new Socket(a, b).close();
      else if (c.entry === 'lifecycle') { const un = lifecycle(a); if (typeof un === 'function') un(); }
      else if (c.entry === 'WebSocketClass:third') new WebSocketClass(url, null, a).free();
      else if (c.entry === 'WebSocketClass:url') new WebSocketClass(a, null, { secureOnly: false }).free();
      else {
        const s = new Socket(url);
        try { s[c.entry.slice(7)](a, b); } finally { s.close(); }
      }
      void r;
    } catch (e) { threw = true; error = e; }
    note(c, i, threw, error);
  }
  // Health: a new instance of the loaded class connects and echoes through the real server.
  parentPort.postMessage({ type: 'phase', name: 'health' });
  const echoed = await new Promise((resolve, reject) => {
    const ws = new WebSocketClass(url, null, { secureOnly: false });
    const t = setTimeout(() => reject(new Error('no echo within 15 s')), 15000);
    ws.addEventListener('message', (e) => { clearTimeout(t); ws.free(); resolve(e.data); });
    ws.connect();
    ws.send('mp-health');
  });
  parentPort.postMessage({ type: 'done', result: { counts, failures, echoed, entries: ENTRIES.length } });
}

// Imported by the test for `plan` too: only a worker runs it.
if (parentPort) main().catch((e) => parentPort.postMessage({ type: 'error', error: describeError(e) + '\n' + (e && e.stack) }));
