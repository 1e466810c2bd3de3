// Shared helpers for the mini-program tests: loading the shim's CommonJS sources, waiting on
// conditions, recording a socket's events, unique client ids for the server's per-client stats.
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

export { repoRoot };
export const templateDir = path.join(repoRoot, 'pkg-template', 'miniprogram');
// HEARTSOCKET_MP_DIR points the tests at another build (a release build in a temp folder, say).
export const builtDir = process.env.HEARTSOCKET_MP_DIR
  ? path.resolve(process.env.HEARTSOCKET_MP_DIR)
  : path.join(repoRoot, 'pkg', 'miniprogram');

const require = createRequire(import.meta.url);

/** Requires a CommonJS file of the shim sources (pkg-template/miniprogram/NAME). */
export function shim(name) {
  return require(path.join(templateDir, name));
}

let counter = 0;
/** A client id unique to this process and test, so server faults and stats never collide. */
export function clientId(label) {
  counter += 1;
  return `mp-${label}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `pred` until it returns a truthy value (returned) or `ms` elapse (throws `what`).
 * Generous deadlines: they bound a hang, they do not measure speed.
 */
export async function waitFor(pred, what, ms = 10000, every = 10) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** Attaches recording handlers to a facade socket; `events` lists {type, ...} in order. */
export function record(sock) {
  const events = [];
  const results = [];
  sock.onopen = (e) => events.push({ type: 'open', readyState: sock.readyState, e });
  sock.onmessage = (e) => events.push({ type: 'message', data: e.data });
  sock.onerror = (e) => events.push({ type: 'error', message: e.message });
  sock.onclose = (e) => events.push({ type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean });
  sock.onsendresult = (ok, err) => results.push({ ok, err });
  const count = (type) => events.filter((e) => e.type === type).length;
  return { events, results, count, of: (type) => events.filter((e) => e.type === type) };
}

/** Bytes of an ArrayBuffer (any realm) as a plain array, for deepEqual. */
export function bytes(buf) {
  return Array.from(new Uint8Array(buf));
}
