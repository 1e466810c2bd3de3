// `WebSocketClass`, the class users construct: each member checks its arguments (options.js)
// and hands over to the instance's driver (driver.js). The class is exported by the package's
// glue (scripts/finish-glue.mjs re-exports it); the wasm module's start function calls `install`
// (src/wasm/exports.rs), which binds the core's exports before any instance exists. Types:
// src/wasm/typescript.rs.

import { bind, IN, rec, keep } from './core.js';
import { Driver } from './driver.js';
import { sizeOf } from './handlers.js';
import { NAMES, MAX_NAME } from './events.js';
import { counts } from './counts.js';
import { globalObject, getProp, setProp } from './host.js';
import { parseOptions, checkClose, listenerArgs, binaryType, sendError } from './options.js';

// The getters that are not `on*` handlers.
const GETTERS = {
  readyState: (d) => d.ready,
  url: (d) => d.lastUrl,
  protocol: (d) => {
    const s = d.current();
    const p = s === null ? undefined : getProp(s, 'protocol');
    return typeof p === 'string' ? p : '';
  },
  bufferedAmount: (d) => {
    const s = d.current();
    const n = s === null ? undefined : getProp(s, 'bufferedAmount');
    return (typeof n === 'number' ? n : 0) + d.stats().queuedBytes;
  },
  stats: (d) => d.stats(),
  name: (d) => d.o.name,
};

// An instance nobody references any more is freed when collected (where the engine can tell).
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((d) => d.shutdown()) : null;

/** The driver of `ws`; a TypeError for a freed instance (or another object), before any argument is looked at. */
function driverOf(ws) {
  const d = ws === null || ws === undefined ? undefined : ws.__hs;
  if (d === undefined || d === null) throw new TypeError('heartsocket: this instance was freed');
  return d;
}

const absent = (v) => (v === null ? undefined : v);

/**
 * A WebSocket that stays alive: heartbeat, reconnect with backoff, an outbox for messages sent
 * while the link is down. W3C-shaped: `send`, `close`, `readyState`, `on*`, events.
 */
export class WebSocketClass {
  /**
   * `new WebSocketClass(url, onMessage?, nameOrOptions?)`. Does not connect unless `autoConnect`
   * is set. Throws `SyntaxError` (URL), `TypeError` (types, unknown options) or `RangeError`.
   */
  constructor(url, onMessage, nameOrOptions) {
    const d = new Driver(parseOptions(url, onMessage, nameOrOptions, globalObject()));
    try {
      d.subscribe();
    } catch (e) {
      d.shutdown();
      throw e;
    }
    Object.defineProperty(this, '__hs', { value: d, writable: true });
    if (registry !== null) registry.register(this, d, d);
    if (d.o.autoConnect) d.input(rec(IN.connect));
  }

  /** Sends now if open (`true`), else queues (`false`). */
  send(data) {
    const d = driverOf(this);
    const code = d.send(data, sizeOf(data, 'send()'));
    if (code > 1) throw sendError(code);
    return code === 1;
  }

  /** Closes for good: no reconnect until `connect()`. */
  close(code, reason) {
    const d = driverOf(this);
    [code, reason] = [absent(code), absent(reason)];
    checkClose(code, reason);
    d.input(rec(IN.close, code === undefined ? 1000 : code, 0, 0, reason === undefined ? '' : reason));
  }

  /** Opens the link (no-op while connecting or open); `data` is sent once right after the next open. */
  connect(data) {
    const d = driverOf(this);
    if (data === undefined || data === null) return void d.input(rec(IN.connect));
    const bytes = sizeOf(data, 'connect()');
    d.input(rec(IN.connect, keep(data), bytes));
  }

  /** Drops the current socket and connects again now, backoff reset (connects if closed). */
  reconnect() {
    driverOf(this).input(rec(IN.reconnect));
  }

  addEventListener(type, f, options) {
    const d = driverOf(this);
    const [t, once] = listenerArgs(type, f, absent(options), true, MAX_NAME);
    const kind = NAMES.indexOf(t);
    if (kind >= 0) d.events.add(kind, f, once);
  }

  removeEventListener(type, f, options) {
    const d = driverOf(this);
    const [t] = listenerArgs(type, f, absent(options), false, MAX_NAME);
    const kind = NAMES.indexOf(t);
    if (kind >= 0) d.events.remove(kind, f);
  }

  /** `"blob"` or `"arraybuffer"`: the value set, else the current socket's own, else `"blob"`. */
  get binaryType() {
    const d = driverOf(this);
    if (d.binaryType !== undefined) return d.binaryType;
    const s = d.current();
    const b = s === null ? undefined : getProp(s, 'binaryType');
    return typeof b === 'string' ? b : 'blob';
  }

  /** Sets `binaryType` now and for every later socket. */
  set binaryType(v) {
    const d = driverOf(this);
    d.binaryType = binaryType(v);
    const s = d.current();
    if (s !== null) setProp(s, 'binaryType', d.binaryType);
  }

  /** Closes, cancels every timer, detaches every handler and listener; later calls throw. */
  free() {
    const d = this.__hs;
    if (d === undefined || d === null) return;
    this.__hs = null;
    if (registry !== null) registry.unregister(d);
    d.shutdown();
  }
}

const proto = WebSocketClass.prototype;
const define = (target, name, desc) => Object.defineProperty(target, name, { configurable: true, ...desc });
// Aliases of seed 002 (`sendHandle`, `closeMyself`).
define(proto, 'sendHandle', { value: proto.send, writable: true });
define(proto, 'closeMyself', { value: proto.close, writable: true });
if (typeof Symbol === 'function' && typeof Symbol.dispose === 'symbol') define(proto, Symbol.dispose, { value: proto.free, writable: true });
Object.keys(GETTERS).forEach((name) => define(proto, name, { get() { return GETTERS[name](driverOf(this)); } }));
NAMES.forEach((type, kind) => define(proto, 'on' + type, {
  get() { return driverOf(this).events.handler(kind); },
  set(f) { driverOf(this).events.setHandler(kind, f); },
}));
// `CONNECTING` (0) … `CLOSED` (3), on the class and on instances, read-only as on a WebSocket.
['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((name, value) => {
  for (const target of [WebSocketClass, proto]) define(target, name, { get: () => value });
});

/**
 * Binds the wasm's exports and memory (src/wasm/exports.rs calls this when the module starts;
 * again, harmlessly, for Rust callers); returns the class. `debug`: a build with the `debug`
 * feature, which gets `WebSocketClass.__debugCounts()` for leak tests.
 */
export function install(exports, memory, debug) {
  bind(exports, memory);
  if (debug && !WebSocketClass.__debugCounts) {
    define(WebSocketClass, '__debugCounts', { value: () => ({ ...counts }), writable: true });
  }
  return WebSocketClass;
}
