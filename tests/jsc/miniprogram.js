// The built mini-program module (pkg/miniprogram, `bash scripts/build.sh --dev`) in JavaScriptCore
// with the JIT off, the way iOS runs a mini-program's logic layer:
//
//   jsc --useJIT=false tests/jsc/miniprogram.js -- <repo root> [-v]
//
// The environment (tests/jsc/host.js) has no WebAssembly (a path-only WXWebAssembly instead), no
// TextEncoder/TextDecoder, a CommonJS require, and virtual time; the socket is a scripted
// in-memory wx.connectSocket (tests/jsc/wx.js). Every wait is in virtual time, so no verdict
// here depends on how fast the interpreter is. Prints one line per test and ends with cargo's
// "test result: ok. N passed; M failed" line (scripts/test.sh counts it); exits non-zero on a
// failure.
(function (args) {
  'use strict';
  var root = args[0];
  if (!root) throw new Error('usage: jsc --useJIT=false tests/jsc/miniprogram.js -- <repo root> [-v]');
  load(root + '/tests/jsc/host.js');
  load(root + '/tests/jsc/wx.js');
  var H = JSCH;
  H.setVerbose(args.indexOf('-v') >= 0);
  var PKG = root + '/pkg/miniprogram';
  H.setPackageRoot(PKG);
  var WASM_PATH = '/heartsocket_bg.wasm';
  var mp = H.requireFrom(PKG)('./index.js');

  // ---- helpers ----------------------------------------------------------------------------------
  function assert(cond, msg) { if (!cond) throw new Error('assertion failed: ' + msg); }
  function eq(a, b, msg) {
    var ja = JSON.stringify(a), jb = JSON.stringify(b);
    if (ja !== jb) throw new Error('assertion failed: ' + msg + ': got ' + ja + ', expected ' + jb);
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function bytes(x) { return Array.prototype.slice.call(new Uint8Array(x)); }

  /** A fresh app: its own scripted server and wx, and the class load() gives for them. */
  function app() {
    var server = JSCWX.createServer();
    var host = JSCWX.createWx(server);
    return mp.load({ host: 'wechat', api: host.wx, wasmPath: WASM_PATH }).then(function (r) {
      return { server: server, host: host, WebSocketClass: r.WebSocketClass };
    });
  }

  var TYPES = ['open', 'message', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop'];
  /** Every event of an instance, with the virtual time it came at, plus onMessage's data. */
  function recorder(ws) {
    var rec = { events: [], data: [] };
    TYPES.forEach(function (type) {
      ws.addEventListener(type, function (e) {
        rec.events.push({ type: type, at: Date.now(), e: e });
      });
    });
    rec.of = function (type) { return rec.events.filter(function (x) { return x.type === type; }); };
    rec.count = function (type) { return rec.of(type).length; };
    rec.kinds = function () { return rec.events.map(function (x) { return x.type; }); };
    rec.wait = function (type, n, ms) {
      return H.until(function () { return rec.count(type) >= n; }, ms, n + ' × ' + type);
    };
    return rec;
  }
  function newWs(a, options, url) {
    var data = [];
    var ws = new a.WebSocketClass(url || 'wss://sim.test/ws?client=c', function (d) { data.push(d); }, options);
    var rec = recorder(ws);
    rec.data = data;
    return { ws: ws, rec: rec };
  }
  var texts = function (server) { return server.received.map(function (m) { return m.data; }); };

  // ---- the tests ----------------------------------------------------------------------------------
  var tests = [];
  function test(name, fn) { tests.push({ name: name, fn: fn }); }

  test('loads through a path-only WXWebAssembly with no WebAssembly, TextEncoder or TextDecoder', function () {
    eq(typeof WebAssembly, 'undefined', 'the global WebAssembly is gone');
    return app().then(function (a) {
      eq(H.instantiateCalls, [WASM_PATH], 'instantiated once, by package path');
      assert(typeof a.WebSocketClass === 'function', 'load() gives WebSocketClass');
      // The loader installed its polyfills, since the runtime had none.
      assert(typeof TextDecoder === 'function' && typeof TextEncoder === 'function', 'polyfills installed');
      return app().then(function () { eq(H.instantiateCalls.length, 1, 'a second load() reuses the module'); });
    });
  });

  test('opens and echoes text and binary', async function () {
    var a = await app();
    var t = newWs(a, { heartbeat: { interval: 1000, timeout: 500 } });
    eq(t.ws.readyState, 3, 'CLOSED before connect()');
    t.ws.connect();
    await t.rec.wait('open', 1, 1000);
    eq(t.ws.readyState, 1, 'OPEN');
    var text = 'héllo € 😀 \u0000 end';
    eq(t.ws.send('hello'), true, 'send on an open link returns true');
    t.ws.send(text);
    t.ws.send(new Uint8Array([0, 1, 2, 255]));
    t.ws.send(new Uint16Array([0x0102, 0xfffe]).buffer);
    await H.until(function () { return t.rec.data.length >= 4; }, 1000, '4 echoes');
    eq(t.rec.data.slice(0, 2), ['hello', text], 'text echoes, UTF-8 round trip through the polyfills');
    assert(t.rec.data[2] instanceof ArrayBuffer, 'binary arrives as an ArrayBuffer');
    eq(bytes(t.rec.data[2]), [0, 1, 2, 255], 'binary bytes');
    eq(bytes(t.rec.data[3]), [2, 1, 0xfe, 0xff], 'ArrayBuffer bytes (little-endian u16s)');
    eq(texts(a.server).slice(0, 3), ['hello', text, [0, 1, 2, 255]], 'the server got them once, in order');
    eq(t.ws.stats.received, 4, 'stats.received');
    t.ws.close();
    await t.rec.wait('close', 1, 5000);
    eq(a.server.maxOpen, 1, 'one connection at a time');
    t.ws.free();
  });

  test('heartbeat pings and pongs never reach the user', async function () {
    var a = await app();
    var seen = [];
    var t = newWs(a, { heartbeat: { interval: 1000, timeout: 500 } });
    t.ws.onmessage = function (e) { seen.push(e.data); };
    t.ws.connect();
    await t.rec.wait('open', 1, 1000);
    await sleep(5500);
    assert(a.server.pings >= 4, 'pinged about once a second (' + a.server.pings + ' pings in 5.5 s)');
    assert(t.rec.count('heartbeat') >= a.server.pings - 1, 'a heartbeat event per pong');
    t.rec.of('heartbeat').forEach(function (h) {
      eq(h.e.rtt, 2 * JSCWX.HOP, 'rtt is the virtual round trip');
    });
    eq(t.rec.data.length + seen.length + t.rec.count('message'), 0, 'no pong reached onMessage, onmessage or a listener');
    eq(t.ws.stats.received, 0, 'pongs are not counted as received');
    eq(a.server.received.length, 0, 'pings are not user messages');
    t.ws.send('after');
    await H.until(function () { return t.rec.data.length === 1; }, 1000, 'an echo');
    eq(seen, ['after'], 'an ordinary message still arrives');
    t.ws.free();
  });

  test('a blackholed link is found dead within interval + timeout + slack, then exactly one reconnect', async function () {
    var a = await app();
    var INTERVAL = 1000, TIMEOUT = 500, SLACK = 150;
    var t = newWs(a, {
      heartbeat: { interval: INTERVAL, timeout: TIMEOUT },
      reconnect: { minDelay: 100, maxDelay: 100, jitter: 0 },
    });
    t.ws.connect();
    await t.rec.wait('open', 1, 1000);
    var t0 = Date.now();
    a.server.blackhole(false); // this connection only: the next one works
    await t.rec.wait('close', 1, INTERVAL + TIMEOUT + SLACK);
    var close = t.rec.of('close')[0];
    assert(close.at - t0 <= INTERVAL + TIMEOUT + SLACK, 'dead after ' + (close.at - t0) + ' ms');
    eq([close.e.code, close.e.reason, close.e.wasClean, close.e.willReconnect],
      [1006, 'heartbeat timeout', false, true], 'close event');
    await t.rec.wait('open', 2, 10000);
    await sleep(10000);
    eq(t.rec.count('reconnecting'), 1, 'one reconnecting event');
    eq(t.rec.count('open'), 2, 'two opens');
    eq(a.server.total, 2, 'the server saw exactly one reconnect');
    eq(a.server.maxOpen, 1, 'never two connections at once');
    eq(t.ws.stats.reconnects, 1, 'stats.reconnects');
    eq(t.ws.readyState, 1, 'OPEN');
    t.ws.free();
  });

  test('an error then a close: one error, one close, then a reconnect', async function () {
    var a = await app();
    var t = newWs(a, { reconnect: { minDelay: 50, maxDelay: 50, jitter: 0 } });
    t.ws.connect();
    await t.rec.wait('open', 1, 1000);
    a.server.drop();
    await t.rec.wait('open', 2, 5000);
    eq(t.rec.kinds().slice(1, 5), ['error', 'close', 'reconnecting', 'open'], 'event order');
    var close = t.rec.of('close')[0].e;
    eq([close.code, close.wasClean, close.willReconnect], [1006, false, true], 'an abnormal close');
    eq(t.rec.count('error'), 1, 'one error');
    eq(a.server.maxOpen, 1, 'one connection at a time');
    // A refused handshake is the same pair, and counts as a failed attempt.
    a.server.refuse(2);
    a.server.drop();
    await t.rec.wait('open', 3, 5000);
    eq(t.rec.count('error'), 4, 'the drop and each refused attempt report one error');
    // Like a browser WebSocket whose handshake fails: an error, then a close (1006), per attempt.
    eq(t.rec.of('close').slice(1).map(function (c) { return [c.e.code, c.e.wasClean, c.e.willReconnect]; }),
      [[1006, false, true], [1006, false, true], [1006, false, true]], 'the drop and the two refusals each close');
    // The link that opened in between lived less than minUptime (5 s), so the count goes on.
    eq(t.rec.of('reconnecting').map(function (r) { return r.e.attempt; }), [1, 2, 3, 4], 'attempts numbered');
    eq(a.server.total, 3, 'refused attempts are not connections');
    t.ws.free();
  });

  test('messages queued while down go out after the login, once, in order', async function () {
    var a = await app();
    var logins = 0;
    var t = newWs(a, {
      openMessage: function () { logins++; return 'login ' + logins; },
      reconnect: { minDelay: 50, maxDelay: 50, jitter: 0 },
    });
    eq(t.ws.send('q1'), false, 'queued before connect()');
    eq(t.ws.send(new Uint8Array([7])), false, 'binary queued too');
    t.ws.connect('hello from connect');
    await t.rec.wait('open', 1, 1000);
    await H.until(function () { return a.server.received.length >= 4; }, 1000, '4 messages at the server');
    eq(texts(a.server), ['login 1', 'hello from connect', 'q1', [7]], 'login, connect data, then the queue');
    // A pong confirms them before the drop; unconfirmed, they would be reported (README "Delivery").
    await H.until(function () { return t.ws.stats.unconfirmed === 0 && t.ws.stats.confirmed === 3; },
      10000, 'the three messages confirmed by a pong');
    a.server.drop();
    await t.rec.wait('close', 1, 1000);
    eq(t.ws.send('q2'), false, 'queued while down');
    eq(t.ws.send('q3'), false, 'queued while down');
    eq(t.ws.stats.queued, 2, 'stats.queued');
    await t.rec.wait('open', 2, 5000);
    await H.until(function () { return a.server.received.length >= 7; }, 1000, '7 messages at the server');
    await sleep(500);
    eq(texts(a.server), ['login 1', 'hello from connect', 'q1', [7], 'login 2', 'q2', 'q3'],
      'each once, in order, after the new login (connect data only once)');
    eq(t.rec.count('drop'), 0, 'nothing dropped');
    t.ws.free();
  });

  test('manual close stops reconnecting, and free() leaves no timer behind', async function () {
    var a = await app();
    var t = newWs(a, { reconnect: { minDelay: 10, maxDelay: 10 } });
    t.ws.connect();
    await t.rec.wait('open', 1, 1000);
    t.ws.close(4000, 'bye');
    eq(t.ws.readyState, 2, 'CLOSING');
    await t.rec.wait('close', 1, 5000);
    var close = t.rec.of('close')[0].e;
    eq([close.code, close.reason, close.willReconnect], [4000, 'bye', false], 'close event');
    eq(t.ws.readyState, 3, 'CLOSED');
    eq(t.ws.send('late'), false, 'a send after close() waits for connect()');
    eq(t.ws.stats.queued, 1, 'queued');
    await sleep(60000);
    eq(a.server.total, 1, 'no reconnect in a minute');
    eq(t.rec.count('reconnecting'), 0, 'no reconnecting event');
    t.ws.free();
    eq(a.WebSocketClass.__debugCounts(), { closures: 0, timers: 0, sockets: 0, lifecycle: 0, instances: 0 },
      'live counts after free()');
    var n = t.rec.events.length;
    await sleep(10000);
    eq(H.pendingTimers(), 0, 'no timer left in the host (the facade\'s included)');
    eq(t.rec.events.length, n, 'no event after free()');
  });

  test('bad options and arguments throw typed errors naming what is wrong', async function () {
    var a = await app();
    function throws(fn, Type, words, what) {
      var err = null;
      try { fn(); } catch (e) { err = e; }
      assert(err !== null, what + ': no error thrown');
      assert(err instanceof Type, what + ': expected ' + Type.name + ', got ' + (err && err.name) + ': ' + (err && err.message));
      words.forEach(function (w) {
        assert(String(err.message).indexOf(w) >= 0, what + ': message "' + err.message + '" should name ' + w);
      });
    }
    var C = a.WebSocketClass;
    var U = 'wss://sim.test/ws';
    throws(function () { return new C('http://sim.test/ws'); }, SyntaxError, ['ws'], 'an http URL');
    throws(function () { return new C('ws://sim.test/ws'); }, SyntaxError, ['secureOnly'], 'ws:// where secureOnly is the default');
    throws(function () { return new C(U, null, { heartbeat: { interval: -1 } }); }, RangeError, ['heartbeat.interval'], 'interval -1');
    throws(function () { return new C(U, null, { heartbeat: { timeout: NaN } }); }, RangeError, ['heartbeat.timeout'], 'timeout NaN');
    throws(function () { return new C(U, null, { reconnect: { jitter: 2 } }); }, RangeError, ['reconnect.jitter'], 'jitter 2');
    throws(function () { return new C(U, null, { reconnect: { minDelay: '10' } }); }, TypeError, ['reconnect.minDelay'], 'a string delay');
    throws(function () { return new C(U, null, { queue: { overflow: 'drop' } }); }, TypeError, ['queue.overflow'], 'unknown overflow');
    throws(function () { return new C(U, null, { heartbeats: {} }); }, TypeError, ['heartbeats', 'heartbeat'], 'a typo');
    throws(function () { return new C(U, null, { binaryType: 'text' }); }, TypeError, ['binaryType'], 'binaryType');
    throws(function () { return new C(U, 42); }, TypeError, ['onMessage'], 'onMessage 42');
    var ws = new C(U, null, 'named');
    eq(ws.name, 'named', 'a string third argument is the name');
    throws(function () { ws.send(42); }, TypeError, ['send'], 'send(42)');
    throws(function () { ws.close(999); }, RangeError, ['999'], 'close(999)');
    throws(function () { ws.close(4000, new Array(125).join('x')); }, SyntaxError, ['123'], 'a 124-byte reason');
    ws.free();
    eq(a.server.total, 0, 'nothing connected');
  });

  // ---- the runner --------------------------------------------------------------------------------
  var passed = 0, failed = 0;
  print('running ' + tests.length + ' tests (jsc ' + (args.indexOf('-v') >= 0 ? 'verbose' : '') + ')');
  tests.forEach(function (t) {
    var state = { done: false, err: null };
    var t0 = H.clock.now;
    var uncaughtBefore = H.uncaught.length;
    Promise.resolve().then(t.fn).then(
      function () { state.done = true; },
      function (e) { state.done = true; state.err = e; });
    try {
      H.runUntil(function () { return state.done; });
    } catch (e) {
      state.err = e;
    }
    if (!state.err && H.uncaught.length > uncaughtBefore) state.err = H.uncaught[uncaughtBefore];
    var vt = ((H.clock.now - t0) / 1000).toFixed(1) + ' s virtual';
    if (state.err) {
      failed++;
      print('test ' + t.name + ' ... FAILED (' + vt + ')');
      print('    ' + (state.err && state.err.stack ? state.err + '\n' + state.err.stack : state.err));
      H.reset(); // abandon what the failed test left running
    } else {
      passed++;
      print('test ' + t.name + ' ... ok (' + vt + ')');
    }
  });
  print('');
  print('test result: ' + (failed ? 'FAILED' : 'ok') + '. ' + passed + ' passed; ' + failed + ' failed');
  if (failed) throw new Error(failed + ' jsc test(s) failed');
})(arguments);
