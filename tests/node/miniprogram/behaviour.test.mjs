// The browser suite's behaviours, and the mini-program quirks, through the built
// pkg/miniprogram/ on every simulated host (wx, Taro, uni, my), against the real server.
import { test, describe, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, control } from '../lib/server.mjs';
import { createHost, HOST_NAMES } from './sim/hosts.mjs';
import { builtDir, clientId, waitFor, sleep, bytes } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** Short timings so faults resolve in a fraction of a second (deadlines below only bound hangs). */
const FAST = {
  secureOnly: false,
  // A 2 s pong deadline: a loaded machine may answer late, and only the heartbeat row wants a death.
  heartbeat: { interval: 150, timeout: 2000 },
  reconnect: { minDelay: 30, maxDelay: 200, jitter: 0, connectTimeout: 3000, minUptime: 100 },
};

let server;
let mp;
const cleanups = [];

before(async () => {
  assert.ok(existsSync(path.join(builtDir, 'glue.js')),
    'pkg/miniprogram/ is not built: run bash scripts/build.sh --dev (or node scripts/build-miniprogram.mjs)');
  server = await startServer();
  mp = require(path.join(builtDir, 'index.js'));
});
afterEach(() => { while (cleanups.length) cleanups.pop()(); });
after(async () => { await server.stop(); });

/** A simulated host and the WebSocketClass load() gives for it. */
async function env(host, simOpts = {}) {
  // The code package is the built folder itself: the .wasm is read with the host's FileSystemManager.
  const { api, sim } = createHost(host, { packageRoot: builtDir, ...simOpts });
  cleanups.push(() => sim.dispose());
  const loaded = await mp.load({ host, api, wasmPath: '/heartsocket_bg.wasm' });
  assert.equal(loaded.host, host);
  return { host, api, sim, ...loaded };
}

/** A WebSocketClass instance with its events recorded. */
function client(e, label, extra = {}) {
  const id = clientId(`${e.host}-${label}`);
  const log = [];
  const got = [];
  const ws = new e.WebSocketClass(`${server.ws}?client=${id}`, (data) => got.push(data),
    { ...FAST, name: label, ...extra });
  for (const type of ['open', 'close', 'error', 'reconnecting', 'heartbeat', 'giveup', 'drop']) {
    ws.addEventListener(type, (ev) => log.push({ type, code: ev.code, reason: ev.reason, willReconnect: ev.willReconnect }));
  }
  // free() twice is an error in wasm-bindgen classes: tests that free call `release` instead.
  let freed = false;
  const release = () => { if (!freed) { freed = true; ws.free(); } };
  cleanups.push(release);
  const count = (type) => log.filter((x) => x.type === type).length;
  return { id, ws, log, got, count, release };
}

async function stats(id) {
  return control(server, 'stats', { client: id });
}

async function received(id) {
  return (await control(server, 'received', { client: id })).messages;
}

/** Every socket the host opened saw connectSocket's success before its open. */
function assertSuccessBeforeOpen(sim) {
  const byTask = new Map();
  sim.events.forEach((ev, i) => {
    if (ev.ev !== 'success' && ev.ev !== 'open') return;
    const t = byTask.get(ev.task) || {};
    t[ev.ev] = i;
    byTask.set(ev.task, t);
  });
  const opened = [...byTask.values()].filter((t) => t.open !== undefined);
  assert.ok(opened.length > 0);
  for (const t of opened) assert.ok(t.success < t.open, 'success must come before open');
}

for (const host of HOST_NAMES) {
  describe(`WebSocketClass on ${host}`, () => {
    test('text and binary round trips', async () => {
      const e = await env(host);
      const c = client(e, 'rt');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      assert.equal(c.ws.readyState, 1);
      c.ws.send('text ✓ 你好');
      c.ws.send(new Uint8Array([1, 2, 3, 0, 255]).buffer);
      c.ws.send(new Uint8Array([5, 6, 7, 8]).subarray(1, 3));
      await waitFor(() => c.got.length === 3, 'three echoes');
      assert.equal(c.got[0], 'text ✓ 你好');
      assert.deepEqual(bytes(c.got[1]), [1, 2, 3, 0, 255]);
      assert.deepEqual(bytes(c.got[2]), [6, 7]);
      assert.deepEqual(await received(c.id), ['text ✓ 你好']);
      assertSuccessBeforeOpen(e.sim);
    });

    test('heartbeat declares a blackholed link dead and reconnects', async () => {
      const e = await env(host);
      const c = client(e, 'hb');
      c.ws.connect();
      await waitFor(() => c.count('heartbeat'), 'a heartbeat answered');
      await control(server, 'blackhole', { client: c.id });
      await waitFor(() => c.count('close'), 'the dead link to close');
      assert.equal(c.log.find((x) => x.type === 'close').willReconnect, true);
      assert.equal((await stats(c.id)).max_open, 1, 'never two connections at once');
      await control(server, 'reset', { client: c.id }); // clears the fault and the statistics
      await waitFor(() => c.count('open') >= 2 && c.ws.readyState === 1, 'reconnected');
      await waitFor(() => c.count('heartbeat') >= 2, 'heartbeats answered again');
      const s = await stats(c.id);
      assert.equal(s.open, 1);
      assert.equal(s.max_open, 1, 'never two connections at once');
    });

    test('reconnects after an abrupt drop: one error at most, one close', async () => {
      const e = await env(host);
      const c = client(e, 'drop');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      await control(server, 'drop', { client: c.id });
      await waitFor(() => c.count('open') === 2, 'reconnected');
      await sleep(300);
      assert.equal(c.count('close'), 1, 'error-then-close is one close');
      assert.ok(c.count('error') <= 1);
      const s = await stats(c.id);
      assert.equal(s.max_open, 1);
      assertSuccessBeforeOpen(e.sim);
    });

    test('messages sent while down arrive after reconnect, in order, exactly once', async () => {
      const e = await env(host);
      const c = client(e, 'queue');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      c.ws.send('a1');
      c.ws.send('a2');
      await waitFor(async () => (await received(c.id)).length === 2, 'a1, a2');
      // Refused until the sends below were queued (a fixed 400 ms could run out first on a
      // loaded machine, and the link reopen before them).
      await control(server, 'refuse', { client: c.id, ms: 600000 });
      await control(server, 'drop', { client: c.id });
      await waitFor(() => c.count('close'), 'close');
      const queued = [];
      for (let i = 1; i <= 10; i++) queued.push(c.ws.send(`b${i}`));
      assert.ok(queued.every((x) => x === false), 'queued, not handed to a socket');
      await control(server, 'refuse', { client: c.id, ms: 0 });
      await waitFor(async () => (await received(c.id)).length >= 12, 'the queue flushed');
      await sleep(200);
      const want = ['a1', 'a2', ...Array.from({ length: 10 }, (_, i) => `b${i + 1}`)];
      assert.deepEqual(await received(c.id), want);
      assert.equal((await stats(c.id)).max_open, 1);
    });

    test('a failed host send is re-queued and delivered once, in order', async () => {
      const e = await env(host);
      const c = client(e, 'sendfail');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      c.ws.send('f0');
      await waitFor(async () => (await received(c.id)).length === 1, 'f0');
      e.sim.breakSends();
      c.ws.send('f1');
      c.ws.send('f2');
      c.ws.send('f3');
      await waitFor(async () => (await received(c.id)).length >= 4, 'the failed sends delivered');
      await sleep(200);
      assert.deepEqual(await received(c.id), ['f0', 'f1', 'f2', 'f3']);
      const s = await stats(c.id);
      assert.ok(s.total >= 2, 'the link was treated as dead and replaced');
      assert.equal(s.max_open, 1);
      assert.ok(e.sim.events.some((x) => x.ev === 'send-fail'), 'the host really failed a send');
    });

    test('manual close stops: no reconnect, ever', async () => {
      const e = await env(host);
      const c = client(e, 'close');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      c.ws.close(1000, 'bye');
      await waitFor(() => c.count('close'), 'close');
      assert.equal(c.log.find((x) => x.type === 'close').willReconnect, false);
      await sleep(500);
      assert.equal(c.ws.readyState, 3);
      assert.equal(c.count('open'), 1);
      // The server uncounts a connection when its task ends, possibly after the close event.
      await waitFor(async () => (await stats(c.id)).open === 0, 'the server to see the connection gone', 5000);
      assert.equal((await stats(c.id)).total, 1);
      assert.equal(e.sim.live.size, 0, 'the host slot is free');
    });

    test('bad input throws the right error types', async () => {
      const e = await env(host);
      assert.throws(() => new e.WebSocketClass('http://example.com/', null, FAST), SyntaxError);
      assert.throws(() => new e.WebSocketClass(`${server.ws}?client=x`), SyntaxError, 'secureOnly is the default here');
      assert.throws(() => new e.WebSocketClass(`${server.ws}?client=x`, null,
        { ...FAST, heartbeat: { interval: -5 } }), RangeError);
      assert.throws(() => new e.WebSocketClass(`${server.ws}?client=x`, null, { ...FAST, queue: 5 }), TypeError);
      const c = client(e, 'valid');
      assert.throws(() => c.ws.close(1001), RangeError);
      assert.throws(() => c.ws.close(1000, 'é'.repeat(62)), SyntaxError);
    });

    test('background: interrupted, no connection while suspended, reconnect on show', async () => {
      const e = await env(host, { interruptAfterMs: 150 });
      const c = client(e, 'bg');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      e.sim.hide();
      await waitFor(() => c.count('close'), 'interrupted close');
      const closed = c.log.find((x) => x.type === 'close');
      assert.equal(closed.willReconnect, true, 'an interruption is not a goodbye');
      await sleep(500);
      assert.equal(c.count('open'), 1, 'nothing opens while suspended');
      e.sim.show();
      await waitFor(() => c.count('open') === 2, 'reconnected after show');
      assert.equal((await stats(c.id)).max_open, 1);
    });

    test('the 5-socket cap is an error and a close, then a reconnect once a slot frees', async () => {
      const e = await env(host);
      const hog = clientId(`${host}-hog`);
      const tasks = [];
      for (let i = 0; i < 5; i++) tasks.push(e.sim.connect({ url: `${server.ws}?client=${hog}` }));
      await waitFor(() => tasks.every((t) => t.state === 'open'), 'five host sockets open');
      const c = client(e, 'cap');
      c.ws.connect();
      await waitFor(() => c.count('close'), 'the capped attempt to close');
      assert.ok(c.count('error') >= 1, 'reported as an error');
      assert.equal(c.log.find((x) => x.type === 'close').willReconnect, true);
      assert.equal(c.count('open'), 0);
      tasks[0].close({});
      await waitFor(() => c.count('open') === 1, 'connected once a slot freed');
      for (const t of tasks.slice(1)) t.close({});
    });

    test('onNetworkStatusChange: back online reconnects at once, not after the backoff', async () => {
      const e = await env(host);
      // Backoff far beyond the wait below: only the 'online' notification can bring the link back.
      const c = client(e, 'net', { reconnect: { minDelay: 30000, maxDelay: 60000, jitter: 0, connectTimeout: 3000 } });
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      e.sim.setNetwork(false);
      await control(server, 'drop', { client: c.id });
      await waitFor(() => c.count('close'), 'close');
      await sleep(200);
      assert.equal(c.count('open'), 1);
      e.sim.setNetwork(true);
      await waitFor(() => c.count('open') === 2, 'reconnected when the network came back');
    });

    test('a network change with no offline before it probes the open link and cuts a backoff short', async () => {
      const e = await env(host);
      const slow = { heartbeat: { interval: 60000, timeout: 2000 }, reconnect: { minDelay: 30000, maxDelay: 60000, jitter: 0, connectTimeout: 3000 } };
      const c = client(e, 'switch', slow);
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      // A Wi-Fi → 4G switch: isConnected stays true throughout.
      e.sim.setNetwork(true);
      await waitFor(() => c.count('heartbeat') === 1, 'the open link probed at once (interval is 60 s)');
      await control(server, 'drop', { client: c.id });
      await waitFor(() => c.count('reconnecting'), 'a 30 s backoff pending');
      e.sim.setNetwork(true);
      await waitFor(() => c.count('open') === 2, 'reconnected at once');
      assert.equal((await stats(c.id)).max_open, 1);
    });

    // Issue 10: messages sent into a blackholed link (the page cannot know yet) end one way.
    for (const resend of [true, false]) {
      test(`blackholed sends: ${resend ? 'resent after the login' : 'reported unconfirmed before the close'} (resend ${resend})`, async () => {
        const e = await env(host);
        const c = client(e, `bh-${resend}`, { openMessage: 'login', queue: { resend } });
        const drops = [];
        c.ws.addEventListener('drop', (ev) => drops.push([ev.data, ev.reason]));
        c.ws.connect();
        await waitFor(() => c.count('heartbeat'), 'a heartbeat answered');
        await waitFor(() => c.ws.stats.unconfirmed === 0, 'nothing in flight');
        // In the background while the link goes silent: no ping, so no verdict, until the app
        // is shown (a ping sent just before the fault could otherwise be judged dead during the
        // control call, if it outlasted the 250 ms timeout, and the sends below be queued).
        e.sim.hide();
        await control(server, 'blackhole', { client: c.id });
        const sent = ['x1', 'x2', 'x3'];
        for (const m of sent) assert.equal(c.ws.send(m), true, 'the link still looks open');
        e.sim.show(); // the probe on return goes unanswered: that is the verdict
        await waitFor(() => c.count('close'), 'the dead link to close');
        await control(server, 'blackhole', { client: c.id, ms: 0 });
        await waitFor(() => c.count('open') >= 2 && c.ws.readyState === 1, 'reconnected');
        if (resend) {
          await waitFor(() => c.ws.stats.unconfirmed === 0 && c.ws.stats.queued === 0, 'confirmed on the new link');
          const all = await received(c.id);
          const at = all.lastIndexOf('login');
          assert.deepEqual(all.slice(at + 1, at + 4), sent, 'right after the login, in send order');
          assert.deepEqual(drops, []);
          assert.equal(c.ws.stats.resent, 3);
        } else {
          assert.deepEqual(drops, sent.map((m) => [m, 'unconfirmed']));
          const kinds = c.log.map((x) => x.type);
          assert.ok(kinds.lastIndexOf('drop') < kinds.indexOf('close'), `drops before the close: ${kinds}`);
          await sleep(300);
          const all = await received(c.id);
          assert.ok(!all.slice(all.lastIndexOf('login') + 1).some((m) => sent.includes(m)), 'not resent');
          assert.equal(c.ws.stats.resent, 0);
        }
        assert.equal((await stats(c.id)).max_open, 1);
      });
    }

    test('lifecycle listeners are removed when the instance is freed', async () => {
      const e = await env(host);
      const c = client(e, 'life');
      c.ws.connect();
      await waitFor(() => c.count('open'), 'open');
      const subscribed = e.sim.listeners.hide.size + e.sim.listeners.show.size + e.sim.listeners.network.size;
      assert.equal(subscribed, 3, 'onAppHide, onAppShow and onNetworkStatusChange');
      c.ws.close();
      await waitFor(() => c.count('close'), 'close');
      c.release();
      const left = e.sim.listeners.hide.size + e.sim.listeners.show.size + e.sim.listeners.network.size;
      assert.equal(left, 0);
    });
  });
}
