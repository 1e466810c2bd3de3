// What the fuzzers found, as plain tests (issue 13; docs/RELIABILITY.md, "Hostile input").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch } from '../www/browser.mjs';
import { servePages, pkgDir } from './pages.mjs';

let server;
let pages;
let browser;
before(async () => {
  server = await startServer();
  pages = await servePages();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await pages?.stop();
  await server?.stop();
});

// A hang would freeze the page: the test's own timeout then fails it instead of the suite hanging.
test('the three addEventListener calls that froze the page throw TypeErrors, and the page still works', { timeout: 60_000 }, async () => {
  const { page, problems } = await pages.open(browser);
  const r = await page.evaluate(async (url) => {
    const mod = await import('/pkg/heartsocket.js');
    await mod.default();
    const ws = new mod.WebSocketClass(url, null, { heartbeat: false, lifecycle: false });
    const outcome = (f) => { try { f(); return 'ok'; } catch (e) { return e.name; } };
    const out = [
      outcome(() => ws.addEventListener(Object.create(null), () => {})),
      outcome(() => ws.addEventListener(2 ** 53, 1.5)),
      outcome(() => ws.addEventListener(0, NaN)),
      // The platform's conversions: a number is a type ("0"), null is ignored, a Symbol throws.
      outcome(() => ws.addEventListener(0, () => {})),
      outcome(() => ws.addEventListener('open', null)),
      outcome(() => ws.removeEventListener(Symbol('t'), () => {})),
      outcome(() => { ws.binaryType = Object.create(null); }),
    ];
    // A type given as an object with toString, and an object listener without handleEvent
    // (reported when the event comes, as the DOM does).
    const seen = [];
    ws.addEventListener({ toString: () => 'open' }, () => seen.push('open'));
    ws.addEventListener('open', {});
    ws.addEventListener('error', (e) => seen.push('error: ' + e.error.name));
    ws.connect();
    await new Promise((resolve) => { const t = setInterval(() => { if (seen.length >= 2) { clearInterval(t); resolve(); } }, 20); });
    const echoed = await new Promise((resolve) => {
      ws.addEventListener('message', (e) => resolve(e.data));
      ws.send('still alive');
    });
    ws.free();
    return { out, seen, echoed };
  }, `${server.ws}?client=regress-${process.pid}`);
  assert.deepEqual(r.out, ['TypeError', 'TypeError', 'TypeError', 'ok', 'ok', 'TypeError', 'TypeError']);
  assert.deepEqual(r.seen.sort(), ['error: TypeError', 'open']);
  assert.equal(r.echoed, 'still alive');
  assert.deepEqual(problems, []);
  await page.close();
});

// Found by the fuzzer (seed 7): a socket whose accessors throw (option `WebSocket`) made the
// exception unwind through the Rust frames of `bufferedAmount` & co., leaving the instance
// borrowed for good ("attempted to take ownership of Rust value while it was borrowed" at free()).
test('a socket whose accessors throw never leaves the instance borrowed', { timeout: 60_000 }, async () => {
  const { page, problems } = await pages.open(browser);
  const r = await page.evaluate(async (url) => {
    const mod = await import('/pkg/heartsocket.js');
    await mod.default();
    const boom = () => { throw new Error('boom'); };
    class HostileSocket {
      constructor() { this.readyState = 0; }
      get reportsSendResults() { return boom(); }
      set binaryType(v) { boom(); }
      get binaryType() { return boom(); }
      set onopen(v) { boom(); }
      get bufferedAmount() { return boom(); }
      get protocol() { return boom(); }
    }
    const errors = [];
    const ws = new mod.WebSocketClass(url, null, { WebSocket: HostileSocket, binaryType: 'arraybuffer', lifecycle: false, reconnect: false });
    ws.addEventListener('error', (e) => errors.push(e.message));
    ws.connect();
    const read = [ws.bufferedAmount, ws.protocol, ws.binaryType, ws.readyState];
    ws.binaryType = 'blob';
    ws.free();
    return { read, errors };
  }, `${server.ws}?client=regress-sock-${process.pid}`);
  assert.deepEqual(r.read, [0, '', 'arraybuffer', 3]);
  assert.equal(r.errors.length, 1, 'the refused handler is reported as a failed attempt');
  assert.match(r.errors[0], /boom/);
  assert.deepEqual(problems, []);
  await page.close();
});

// Release builds only (HEARTSOCKET_FUZZ_PKG=dir): in a debug build wasm-bindgen's own
// debug_assert in __wbindgen_realloc stops the call before the allocator sees it.
const release = !readFileSync(path.join(pkgDir, 'heartsocket.js'), 'utf8').includes('__debugCounts');
test('a zero-size block handed back to the allocator (what the glue did) does not corrupt it',
  { timeout: 60_000, skip: release ? false : 'needs a release build (HEARTSOCKET_FUZZ_PKG)' }, async () => {
  const { page, problems } = await pages.open(browser);
  const n = await page.evaluate(async () => {
    const mod = await import('/pkg/heartsocket.js');
    const wasm = await mod.default();
    // The exact calls passStringToWasm0 made for each of the three values (no length):
    // malloc(undefined -> 0, 1) gives the dangling pointer 1, then realloc(1, 0, NaN -> 0, 1).
    for (let i = 0; i < 3; i++) {
      const p = wasm.__wbindgen_malloc(0, 1);
      wasm.__wbindgen_realloc(p, 0, 0, 1);
    }
    let made = 0;
    for (let i = 0; i < 200; i++) {
      const ws = new mod.WebSocketClass('ws://127.0.0.1:1/ws', null, { name: 'n' + i, lifecycle: false });
      ws.free();
      made += 1;
    }
    return made;
  });
  assert.equal(n, 200);
  assert.deepEqual(problems, []);
  await page.close();
});

test('no export of the built glue copies an argument into wasm memory unchecked', () => {
  for (const file of ['heartsocket.js', 'bundler/heartsocket_bg.js']) {
    const src = readFileSync(path.join(pkgDir, file), 'utf8');
    const start = src.indexOf('export class WebSocketClass');
    // The glue's own return-slot pointer (a method that returns a Result) is no argument.
    const body = src.slice(start, src.indexOf('\n}\n', start)).replaceAll('__wbindgen_add_to_stack_pointer(-16) >>> 0', '');
    assert.ok(start >= 0 && body.length > 1000, `${file}: class not found`);
    // Strings, arrays, numbers and booleans passed as such: the conversions wasm-bindgen does itself.
    for (const conv of ['passStringToWasm0', 'passArray', '_assertBoolean', '>>> 0', '? 1 : 0']) {
      assert.ok(!body.includes(conv), `${file}: an export converts an argument with ${conv}`);
    }
  }
});

// Found by the fuzzer in WebKit (seed 13, call #163): converting an array of length 2^32 - 1 to an
// event type walked every index in JavaScriptCore (the worker made no progress for 10 s; a page
// would freeze), and threw Firefox's InternalError, not a RangeError. Now refused before it is
// converted, with a RangeError naming the argument, in every engine (docs/RELIABILITY.md, "Engines").
test('an array too long to be a string is a RangeError naming the argument, before it is converted', async () => {
  const { listenerArgs, binaryType } = await import('../../../src/api/options.js');
  const huge = [];
  huge.length = 2 ** 32 - 1;
  assert.throws(() => listenerArgs(huge, () => {}, undefined, true, 64), { name: 'RangeError', message: /addEventListener's type is longer than a string can be/ });
  assert.throws(() => listenerArgs(huge, null, undefined, false, 64), { name: 'RangeError', message: /removeEventListener's type/ });
  assert.throws(() => binaryType(huge), { name: 'RangeError', message: /binaryType is longer than a string can be/ });
  // An array's own conversion still applies when it is not that join: its own toString, or short.
  const own = [];
  own.length = 2 ** 32 - 1;
  own.toString = () => 'open';
  assert.deepEqual(listenerArgs(own, () => {}, undefined, true, 64), ['open', false]);
  assert.deepEqual(listenerArgs(['op', 'en'], () => {}, undefined, true, 64), ['op,en', false]);
});
