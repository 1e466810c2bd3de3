// The public surface of `WebSocketClass`, called with hostile values from a seeded plan.
// Engine-neutral ES2020: it needs the class, the wasm memory (optional) and a ws:// URL of the
// project's echo server; no DOM, no Node. `plan()` is pure (names only), so whoever watches a run
// can print the call that hung from the seed alone; `runPlan()` executes it.
import { KIND_NAMES, rng, make, classify, describeError } from './values.mjs';

/** Option paths of the constructor's third argument (src/api/options.js). */
export const OPTION_PATHS = [
  'name', 'protocols', 'binaryType', 'autoConnect', 'url', 'openMessage', 'heartbeat', 'reconnect', 'queue',
  'WebSocket', 'secureOnly', 'debug', 'lifecycle', 'maxMessageSize',
  'heartbeat.interval', 'heartbeat.timeout', 'heartbeat.message', 'heartbeat.pong', 'heartbeat.resetOnMessage',
  'reconnect.minDelay', 'reconnect.maxDelay', 'reconnect.factor', 'reconnect.jitter', 'reconnect.maxRetries',
  'reconnect.connectTimeout', 'reconnect.minUptime', 'reconnect.stopOnCodes', 'reconnect.shouldReconnect',
  'queue.maxMessages', 'queue.maxBytes', 'queue.overflow',
];

const HANDLERS = ['onopen', 'onmessage', 'onclose', 'onerror', 'onreconnecting', 'ongiveup', 'onheartbeat', 'ondrop'];
const GETTERS = ['readyState', 'url', 'protocol', 'bufferedAmount', 'binaryType', 'stats', 'name', 'CONNECTING',
  'OPEN', 'CLOSING', 'CLOSED', ...HANDLERS];

/**
 * Entry points: name → [valid kinds per argument]. A call passes, per argument, a valid kind one
 * time in four and any kind otherwise, so valid paths (an 'open' listener that is a Proxy) are
 * reached too. `new:*` construct; the others call a method of a pooled instance.
 */
export const ENTRIES = {
  'new:url': [['urlString', 'function', 'asyncFunction']],
  'new:onMessage': [['function', 'null', 'throwingFunction']],
  'new:third': [['eventName', 'plainObject', 'null']],
  // A connecting instance over a hostile socket constructor (autoConnect).
  'new:socket': [['socketThrowingAccessors', 'socketProxy', 'socketOpensAtOnce']],
  ...Object.fromEntries(OPTION_PATHS.map((p) => ['new:option:' + p, [['undefined', 'true', 'false', 'code1000']]])),
  connect: [['undefined', 'eventName', 'uint8Array', 'blob']],
  send: [['eventName', 'arrayBuffer', 'uint8Array', 'blob', 'hugeString', 'loneSurrogate']],
  sendHandle: [['eventName', 'dataView', 'hugeNonAsciiString']],
  close: [['code1000', 'code4000', 'undefined'], ['emptyString', 'eventName', 'loneSurrogate']],
  closeMyself: [['code4000', 'undefined'], ['eventName']],
  reconnect: [[]],
  free: [[]],
  addEventListener: [['eventName', 'toStringOpen'], ['function', 'throwingFunction', 'handleEventObject', 'plainObject'],
    ['onceOptions', 'true', 'undefined']],
  removeEventListener: [['eventName'], ['function', 'plainObject'], ['undefined']],
  'set:binaryType': [['blobString', 'arraybufferString']],
  ...Object.fromEntries(HANDLERS.map((h) => ['set:' + h, [['function', 'throwingFunction', 'null']]])),
  getters: [[]],
};
export const ENTRY_NAMES = Object.keys(ENTRIES);

const POOL = 4;

/**
 * The calls of a run: `[{entry, slot, args: [kind…], keep}]`, from `seed` alone.
 * @param {number} seed
 * @param {number} n
 */
export function plan(seed, n) {
  const r = rng(seed);
  const calls = [];
  for (let i = 0; i < n; i++) {
    const entry = r.pick(ENTRY_NAMES);
    const valid = ENTRIES[entry];
    // Sometimes one argument fewer or more than the entry takes.
    const arity = Math.max(0, valid.length + r.pick([0, 0, 0, -1, 1]));
    const args = [];
    for (let a = 0; a < arity; a++) {
      const ok = valid[a] || [];
      args.push(ok.length && r.chance(0.25) ? r.pick(ok) : r.pick(KIND_NAMES));
    }
    calls.push({ entry, slot: r.below(POOL), args, keep: r.chance(0.3) });
  }
  return calls;
}

/** One line for a report: `#12 addEventListener(nullPrototype, fraction) on slot 2`. */
export function describeCall(c, i) {
  return '#' + i + ' ' + c.entry + '(' + c.args.join(', ') + ') on slot ' + c.slot;
}

function withPath(base, path, value) {
  const o = Object.assign({}, base);
  const [head, tail] = path.split('.');
  if (tail === undefined) o[head] = value;
  else o[head] = Object.assign({}, typeof base[head] === 'object' ? base[head] : {}, { [tail]: value });
  return o;
}

/**
 * Runs `calls` against `WebSocketClass`. Instances point at `url` (the echo server, with a client
 * id of the run) with short timings. `progress(i)` is called before call i, so a watchdog knows
 * which call hung; `memory()` (the wasm memory's size) names the calls that grew it; `first` is
 * the index of `calls[0]` in the plan. Returns the counts, the failures and the growths (at most
 * 20 of each kept).
 * @param {{WebSocketClass: any, url: string, calls: object[], progress?: (i: number) => void, memory?: () => number, first?: number}} o
 */
export function runPlan({ WebSocketClass, url, calls, progress = () => {}, memory = () => 0, first = 0 }) {
  const base = { heartbeat: { interval: 1000, timeout: 1000 }, reconnect: { minDelay: 50, maxDelay: 200 }, lifecycle: false };
  const fresh = () => new WebSocketClass(url, null, base);
  const pool = Array.from({ length: POOL }, fresh);
  const freed = pool.map(() => 0);
  const counts = { calls: 0, ok: 0, typed: 0, own: 0, bad: 0 };
  const kinds = new Set();
  const entries = new Set();
  const failures = [];
  const growth = [];
  calls.forEach((c, at) => {
    const i = at + first;
    progress(i);
    const before = memory();
    // A freed instance takes one more call (use after free), then is replaced.
    if (freed[c.slot] > 1) {
      pool[c.slot] = fresh();
      freed[c.slot] = 0;
    }
    const ws = pool[c.slot];
    let args;
    let threw = false;
    let error;
    let created;
    try {
      args = c.args.map(make);
    } catch (e) {
      throw new Error('fuzz: could not make the values of ' + describeCall(c, i) + ': ' + describeError(e));
    }
    try {
      created = call(WebSocketClass, ws, c.entry, args, url, base);
    } catch (e) {
      threw = true;
      error = e;
    }
    if (freed[c.slot] > 0) freed[c.slot] += 1;
    if (c.entry === 'free' && !threw) freed[c.slot] = 1;
    if (created) {
      // Keep some hostile-built instances as targets of later calls; free the rest.
      if (c.keep && freed[c.slot] === 0) {
        ws.free();
        pool[c.slot] = created;
      } else {
        try { created.free(); } catch (e) { /* counted through the call itself */ }
      }
    }
    const grew = memory() - before;
    if (grew > 0 && growth.length < 20) growth.push(describeCall(c, i) + ' grew the memory by ' + grew);
    const outcome = classify(threw, error);
    counts.calls += 1;
    c.args.forEach((k) => kinds.add(k));
    entries.add(c.entry);
    if (outcome.startsWith('bad')) {
      counts.bad += 1;
      if (failures.length < 20) failures.push(describeCall(c, i) + ' threw ' + outcome.slice(5));
    } else {
      counts[outcome] += 1;
    }
  });
  for (let s = 0; s < POOL; s++) {
    try { pool[s].free(); } catch (e) { /* already freed */ }
  }
  return { counts, kinds: kinds.size, entries: entries.size, failures, growth };
}

/** One call; returns the instance a constructor made. */
function call(WebSocketClass, ws, entry, args, url, base) {
  if (entry === 'new:url') return new WebSocketClass(args[0], null, base);
  if (entry === 'new:onMessage') return new WebSocketClass(url, args[0], base);
  if (entry === 'new:third') return new WebSocketClass(url, null, args[0]);
  if (entry === 'new:socket') return new WebSocketClass(url, null, Object.assign({}, base, { WebSocket: args[0], autoConnect: true }));
  if (entry.startsWith('new:option:')) {
    return new WebSocketClass(url, null, withPath(base, entry.slice(11), args[0]));
  }
  if (entry === 'getters') {
    for (const g of GETTERS) void ws[g];
    for (const g of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) void WebSocketClass[g];
    return undefined;
  }
  if (entry.startsWith('set:')) {
    ws[entry.slice(4)] = args[0];
    return undefined;
  }
  ws[entry](...args);
  return undefined;
}

/**
 * After a run: the untouched `witness` (opened before it) still echoes, and a new instance
 * connects and echoes. Resolves to `{witness, fresh}` (the echoed texts) or rejects.
 */
export async function healthCheck(WebSocketClass, witness, url, timeoutMs = 15000) {
  const echo = (ws, text) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no echo of ' + text + ' within ' + timeoutMs + ' ms, readyState ' + ws.readyState)), timeoutMs);
    ws.addEventListener('message', (e) => {
      if (e.data === text) { clearTimeout(timer); resolve(text); }
    });
    ws.send(text);
  });
  const w = await echo(witness, 'health-witness');
  const fresh = new WebSocketClass(url, null, { lifecycle: false });
  fresh.connect();
  const f = await echo(fresh, 'health-fresh');
  fresh.free();
  return { witness: w, fresh: f };
}

/** Resolves once `ws` is OPEN (or rejects after `timeoutMs`). */
export function opened(ws, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    if (ws.readyState === 1) return resolve();
    const timer = setTimeout(() => reject(new Error('not open within ' + timeoutMs + ' ms')), timeoutMs);
    ws.addEventListener('open', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
