// The wasm core as the driver sees it: its exports (numbers in, numbers out, see
// src/wasm/exports.rs, which documents every export, input and effect number used here), the two
// buffers it shares with JS, and the user's messages, kept here under an id while the core holds
// that id (src/wasm/value.rs says when it lets go).

import { globalObject } from './host.js';
import { utf8Length } from './options.js';

/** Core inputs (src/wasm/exports.rs `hs_input`). */
export const IN = {
  connect: 0, reconnect: 1, close: 2, opened: 3, message: 4, error: 5, closed: 6, sendFailed: 7, sendRejected: 8,
  online: 9, offline: 10, hidden: 11, visible: 12,
};
/** Effects and events `hs_poll` returns (src/wasm/exports.rs), 0 for none. */
export const FX = {
  open: 1, close: 2, release: 3, transmit: 4, ping: 5,
  opened: 10, message: 11, error: 12, closed: 13, reconnecting: 14, giveup: 15, heartbeat: 16, drop: 17,
};
/** An input, as `feed` takes it; `s`: the reason text of a close. */
export const rec = (k, a = 0, b = 0, c = 0, s, ev) => ({ k, a, b, c, s, ev });


/** The wasm's exports, once `bind` ran. */
export let W = null;
let memory = null;
let numbers = null;
let text = null;

/** Binds the instantiated module (src/wasm/exports.rs `start` calls `install`, which calls this). */
export function bind(exports, mem) {
  W = exports;
  memory = mem;
}

// Views are made again after memory grew: growing detaches the old buffer, and a view of a
// detached buffer has length 0 (cheaper to test than reading `memory.buffer` on every call).

/** The number buffer (IO in src/wasm/exports.rs). */
export function io() {
  if (numbers === null || numbers.length === 0) numbers = new Float64Array(memory.buffer, W.hs_io(), 1056);
  return numbers;
}

function textView() {
  if (text === null || text.length === 0) text = new Uint16Array(memory.buffer, W.hs_text(), 256);
  return text;
}

/** A string the core wrote into TEXT, `n` UTF-16 units long. */
export function readText(n) {
  const t = textView();
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(t[i]);
  return s;
}

/** Writes `s` into TEXT for the next input (cut at 256 units); returns its length. */
export function writeText(s) {
  const t = textView();
  const n = Math.min(s.length, t.length);
  for (let i = 0; i < n; i++) t[i] = s.charCodeAt(i);
  return n;
}

// The user's messages the core holds, by slot (small integers the wasm hands out and reuses,
// src/wasm/value.rs): one array for every instance.
const values = [];

/** Keeps `v` for the core; returns its slot (>= 1). */
export function keep(v) {
  const id = W.hs_slot();
  values[id] = v;
  return id;
}

/** The value in slot `id`. */
export function value(id) {
  return values[id];
}

/** The message `hs_send` is handing over: its slot is known only once the call returns. */
let incoming;

/** `hs_send(m, bytes)` of `v`: keeps it under the slot the wasm chose; returns the result. */
export function sendValue(m, v, bytes) {
  incoming = v;
  const r = W.hs_send(m, bytes);
  values[io()[2]] = v;
  incoming = undefined;
  return r;
}

/** `hs_direct`: tells the core of the first `n` of `list` (sizes in `sizes`), sent without it;
 * moves each value under the slot the wasm gives it. At most 1024 (src/wasm/exports.rs
 * `DIRECT_MAX`). */
export function sentDirectly(m, list, sizes, n) {
  io().set(sizes.subarray(0, n));
  W.hs_direct(m, n);
  const y = io();
  for (let i = 0; i < n; i++) {
    values[y[i]] = list[i];
    list[i] = undefined;
  }
}

/** The UTF-8 size of the string in slot `id` (the wasm asks only near the queue's bounds). */
export function utf8At(id) {
  const v = values[id];
  return utf8Length(v === undefined ? incoming : v);
}

/** Lets go of every value the core no longer holds. */
export function release() {
  for (let n = W.hs_freed(); n > 0; n = n === 1024 ? W.hs_freed() : 0) {
    const x = io();
    for (let i = 0; i < n; i++) values[x[i]] = undefined;
  }
}

/** Milliseconds (a float: the wasm truncates) that never decrease: `performance.now()` where
 * there is one, else `Date.now()`. The wasm calls it too (src/wasm/exports.rs), only when the
 * time matters (src/core/heartbeat.rs: for few of the messages), so it is kept to one call. */
let last = 0;
let clock = () => {
  const p = globalObject().performance;
  clock = p && typeof p.now === 'function' ? p.now.bind(p) : Date.now;
  return clock();
};
export function now() {
  const t = clock();
  if (t > last) last = t;
  return last;
}
