// What every bench page shares: its job parameters, reporting to the harness, the server's
// control API, and small timing helpers.

const q = new URLSearchParams(location.search);

/** Job id, collector base URL, suite name and the suite's arguments (JSON), from the query. */
export const job = q.get('job') ?? 'nojob';
export const reportBase = q.get('report') ?? '';
export const suite = q.get('suite') ?? '';
export const args = JSON.parse(q.get('args') ?? '{}');

/** Posts a JSON value to the harness (text/plain: a simple request, no preflight). */
export async function report(kind, value) {
  if (!reportBase) {
    console.log(kind, value);
    return;
  }
  await fetch(`${reportBase}/r/${job}/${kind}`, { method: 'POST', body: JSON.stringify(value) });
}

/** A progress line, printed by the harness when BENCH_VERBOSE=1. */
export const log = (line) => report('log', { line }).catch(() => {});

/** Calls the server's fault/statistics API (same origin as the page). */
export async function control(name, params = {}) {
  const res = await fetch(`/control/${name}?${new URLSearchParams(params)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`/control/${name} answered ${res.status}`);
  return res.json();
}

/** The server's WebSocket URL for a client id (faults and counters are scoped by it). */
export const wsUrl = (client, host = location.host) =>
  `ws://${host}/ws?client=${encodeURIComponent(client)}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

/** Collects garbage (Chromium runs with --js-flags=--expose-gc), then lets the page settle. */
export async function settle(ms = 50) {
  globalThis.gc?.();
  await sleep(ms);
}

/** A fresh client id per measurement, so server-side faults and counters never mix. */
let seq = 0;
export const clientId = (tag) => `${job}-${tag}-${++seq}`;

/** Resolves when `pred()` is true, checking every `everyMs`; rejects after `timeoutMs`. */
export async function until(pred, timeoutMs, what, everyMs = 5) {
  const t0 = now();
  while (!pred()) {
    if (now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
