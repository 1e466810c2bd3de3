// Helpers of the Node-driven fault rows (tests/node/faults/*.test.mjs): Debian's Chromium under
// Playwright (for CDP control: freezing the page, network emulation), a page on the real
// server's origin that imports the built package, a harness inside the page that records every
// event and numbers the user's messages, and server processes the test owns (to kill and restart).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../lib/server.mjs';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A fresh headless Chromium. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` (may be async) until truthy; throws `what` after `ms` (a hang bound, not a speed test). */
export async function waitFor(pred, what, ms = 10_000, every = 20) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** A port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns heartsocket-server on 127.0.0.1:`port` (the test owns it: kill/restart at will).
 * @returns {Promise<{port: number, http: string, child: import('node:child_process').ChildProcess, kill: (signal?: string) => Promise<void>}>}
 */
export async function spawnServer(port) {
  const bin = ['debug', 'release'].map((p) => path.join(repoRoot, 'target', p, 'heartsocket-server')).find((p) => existsSync(p));
  if (!bin) throw new Error('heartsocket-server is not built: run `cargo build -p heartsocket-server`');
  for (let tries = 0; ; tries += 1) {
    const child = spawn(bin, ['--host', '127.0.0.1', '--port', String(port), '--root', repoRoot], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => { err += c; });
    const up = await new Promise((resolve) => {
      let buf = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (c) => { buf += c; if (buf.includes('listening on')) resolve(true); });
      child.once('exit', () => resolve(false));
    });
    if (up) {
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      return {
        port, http: `http://127.0.0.1:${port}`, child,
        kill: async (signal = 'SIGKILL') => { if (child.exitCode === null) child.kill(signal); await exited; },
      };
    }
    // The port may still be held for a moment by the process just killed.
    if (tries >= 50) throw new Error(`heartsocket-server would not start on port ${port}: ${err}`);
    await sleep(20);
  }
}

/** Calls the control API of the server at `http` (base URL). */
export async function ctl(http, name, args = {}) {
  const q = new URLSearchParams(Object.entries(args).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${http}/control/${name}?${q}`, { method: 'POST' });
  if (!res.ok) throw new Error(`/control/${name} answered ${res.status}`);
  return res.json();
}

/**
 * Opens a page on `origin` (a server serving pkg/), loads the package and creates one instance
 * recorded by `window.H`. `options` is JSON-able. `init`: a function run in the page first
 * (page.addInitScript); if it defines `window.T` (tap.mjs), the instance's sockets go through
 * `T.Socket` and `T.attach` sees the instance.
 */
export async function openHarness(browser, origin, wsUrl, options, { init } = {}) {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // Any document of the origin will do: the page and its sockets are then both local.
  await page.goto(`${origin}/pkg/package.json`);
  await page.evaluate(async ({ wsUrl, options }) => {
    const mod = await import('/pkg/heartsocket.js');
    await mod.default();
    const H = { mod, events: [], sent: [], refused: 0, next: 1 };
    const T = window.T;
    H.ws = new mod.WebSocketClass(wsUrl, null, T ? { ...options, WebSocket: T.Socket } : options);
    if (T) T.attach(H.ws);
    for (const type of ['open', 'message', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop']) {
      H.ws.addEventListener(type, (e) => H.events.push({
        type, t: performance.now(), code: e.code, reason: e.reason, wasClean: e.wasClean, willReconnect: e.willReconnect,
        attempt: e.attempt, delay: e.delay, rtt: e.rtt, data: typeof e.data === 'string' ? e.data : undefined,
        dropReason: type === 'drop' ? e.reason : undefined,
      }));
    }
    /** Sends the next numbered message; returns send()'s result, or null if it threw. */
    H.send = () => {
      const m = `m${H.next++}`;
      H.sent.push(m);
      try { return H.ws.send(m); } catch { H.sent.pop(); H.refused += 1; return null; }
    };
    H.count = (type) => H.events.filter((e) => e.type === type).length;
    H.of = (type) => H.events.filter((e) => e.type === type);
    H.counts = () => (typeof mod.WebSocketClass.__debugCounts === 'function' ? mod.WebSocketClass.__debugCounts() : null);
    window.H = H;
  }, { wsUrl, options });
  return { page, context, pageErrors };
}

/** `H.ws.readyState` of the page. */
export const readyState = (page) => page.evaluate(() => window.H.ws.readyState);

/** Numbered messages in a server's `received` log for `client`. */
export async function numbered(http, client) {
  const { messages } = await ctl(http, 'received', { client });
  return messages.filter((m) => /^m\d+$/.test(m));
}

/**
 * Closes the instance and checks every message against `delivered` (what the servers logged, in
 * order): each sent message reached a server, or was reported in a `drop` event — never both,
 * except reason "unconfirmed" (sent on a link that died before the server confirmed it: it may
 * have arrived). With `queue.resend` a message may reach a server twice; the first copies follow
 * send order. Then frees the instance and checks nothing is left.
 * @returns {Promise<{sent: number, delivered: number, dropped: number, unconfirmed: number,
 *   confirmed: number, resent: number, lost: number}>}
 */
export async function finishHarness(page, delivered) {
  await page.evaluate(() => window.H.ws.close());
  await waitFor(() => readyState(page).then((s) => s === 3), 'CLOSED after close()', 5000);
  const { sent, drops, counts, stats } = await page.evaluate(async () => {
    const H = window.H;
    const stats = { ...H.ws.stats };
    const drops = H.events.filter((e) => e.type === 'drop').map((e) => [e.data, e.dropReason]);
    H.ws.free();
    const events = H.events.length;
    await new Promise((r) => setTimeout(r, 300));
    if (H.events.length !== events) throw new Error('an event fired after free()');
    return { sent: H.sent, drops, counts: H.counts(), stats };
  });
  if (stats.unconfirmed !== 0) throw new Error(`${stats.unconfirmed} messages in flight after the close`);
  const dropped = drops.map(([m]) => m);
  for (const [m, reason] of drops) {
    if (!sent.includes(m)) throw new Error(`${m} reported dropped but never sent`);
    if (reason !== 'unconfirmed' && delivered.includes(m)) throw new Error(`${m} was both delivered and reported dropped (${reason})`);
  }
  const firsts = [];
  for (const m of delivered) {
    if (!sent.includes(m)) throw new Error(`the server got ${m}, never sent`);
    if (firsts.includes(m)) {
      if (stats.resent === 0) throw new Error(`${m} reached the servers twice without a resend`);
    } else firsts.push(m);
  }
  const expected = sent.filter((m) => firsts.includes(m));
  if (JSON.stringify(firsts) !== JSON.stringify(expected)) {
    throw new Error(`delivery: first copies out of send order\n  sent ${expected.join(',')}\n  got  ${firsts.join(',')}`);
  }
  const lost = sent.filter((m) => !firsts.includes(m) && !dropped.includes(m));
  if (lost.length) throw new Error(`lost without a word: ${lost.join(',')}`);
  if (!counts) throw new Error('pkg/ was built without the debug feature (no __debugCounts): run bash scripts/build.sh --dev');
  const left = Object.entries(counts).filter(([, n]) => n !== 0);
  if (left.length) throw new Error(`left after free(): ${JSON.stringify(counts)}`);
  return {
    sent: sent.length,
    delivered: firsts.length,
    dropped: dropped.length,
    unconfirmed: drops.filter(([, r]) => r === 'unconfirmed').length,
    confirmed: stats.confirmed,
    resent: stats.resent,
    lost: lost.length,
  };
}
