// What the sockets report (their handlers, set in sockets.js), and creating a socket when the core
// asks for one: each turned into core input for the driver `d` (driver.js), which knows nothing of
// this file but `openSocket`.

import { IN, rec, keep } from './core.js';
import { construct, whenSettled, getProp, setProp } from './host.js';
import { checkUrl, redact, sizeOver, payloadSize, wellFormed } from './options.js';

/** `maxMessageSize`: the close reported (RFC 6455 "message too big"), and the code sent on the
 * wire instead (browsers only let scripts send 1000 or 3000-4999). */
const TOO_BIG = 1009;
const TOO_BIG_REASON = 'message too big';
const TOO_BIG_WIRE = 4009;

/**
 * The size of a message the user gives, as the wasm takes it (src/wasm/value.rs): its bytes, or
 * for a string -1 - its length, measured in UTF-8 only if the queue's bounds need it (a walk of
 * the string per message was most of the cost of `send`). `what` names the call in the TypeError.
 */
export function sizeOf(v, what) {
  const n = payloadSize(v, what);
  return n < 0 ? -1 - v.length : n;
}

function errorMessage(e) {
  let m = e;
  if (typeof e === 'object' && e !== null) {
    try {
      m = e.message;
    } catch (x) {
      m = undefined;
    }
  }
  return typeof m === 'string' ? m : 'could not create the socket';
}
/** The core asked for socket `g`: find its URL, then create it. */
export function openSocket(d, g) {
  const url = d.o.url;
  if (typeof url === 'string') return createSocket(d, g, url, null);
  let v;
  try {
    v = url.call(undefined);
  } catch (e) {
    return createSocket(d, g, null, e);
  }
  let then;
  try {
    then = typeof v === 'object' && v !== null ? v.then : undefined;
  } catch (e) {
    then = undefined;
  }
  if (typeof then !== 'function') return fromUrl(d, g, v);
  // The instance may be freed, or have moved on, while the URL resolves.
  whenSettled(v, (ok, u) => (ok ? fromUrl(d, g, u) : createSocket(d, g, null, u)));
}

export function fromUrl(d, g, u) {
  if (typeof u === 'string') return createSocket(d, g, u, null);
  createSocket(d, g, null, new TypeError("heartsocket: option 'url' (a function) must return a string or a Promise of one"));
}

export function createSocket(d, g, url, error) {
  if (d.dead || !d.sockets.pending(g)) return;
  if (error === null) {
    try {
      url = wellFormed(url);
      checkUrl(url, d.o.secureOnly);
      const s = construct(d.o.ctor, url, d.o.protocols);
      d.debug(() => 'connecting #' + g + ' to ' + redact(url));
      if (d.binaryType !== undefined) setProp(s, 'binaryType', d.binaryType);
      d.lastUrl = url;
      d.sockets.attach(g, s);
      return;
    } catch (e) {
      error = e;
    }
  }
  // A failed attempt, reported like a socket that could not connect.
  const message = errorMessage(error);
  d.debug(() => 'attempt #' + g + ' failed: ' + message);
  d.input(rec(IN.error, g, 0, 0, undefined, { type: 'error', error, message }));
  d.input(rec(IN.closed, g, 1006, 0, ''));
}

export function onOpen(d, g, ev) {
  if (d.dead || d.sockets.closeOnOpen(g)) return;
  let m = d.o.openMessage;
  let bytes = 0;
  if (typeof m === 'function') {
    // Only for the socket the core is waiting on: a stale open must not call user code.
    const f = m;
    m = undefined;
    if (d.isCurrent(g)) {
      try {
        const v = f.call(undefined);
        if (v !== undefined && v !== null) [m, bytes] = [v, sizeOf(v, "option 'openMessage' (its return value)")];
      } catch (e) {
        d.report(e);
      }
    }
  } else if (m !== undefined) {
    bytes = d.o.openSize < 0 ? -1 - m.length : d.o.openSize;
  }
  d.input(rec(IN.opened, g, m === undefined ? 0 : keep(m), bytes, undefined, ev));
}

/** `onmessage`: one getter, one comparison (or the user's predicate), then the hot path. */
export function onMessage(d, g, ev, data) {
  if (d.dead) return;
  const max = d.o.maxMessageSize;
  if (max >= 0) {
    if (d.refused === g) return;
    const size = sizeOver(data, max);
    if (size >= 0) return tooBig(d, g, size, max);
  }
  let pong = false;
  const p = d.pong;
  if (typeof p === 'string') pong = data === p;
  else if (p !== null) {
    try {
      pong = !!p.call(undefined, data);
    } catch (e) {
      d.report(e);
    }
  }
  if (d.busy) d.deferred.push({ g, data, ev, pong });
  else if (pong) d.input(rec(IN.message, g, 1, 0, undefined, ev));
  else d.message(g, data, ev);
}

/** A message over `maxMessageSize` on `g`: close that socket (its close is reported as 1009). */
export function tooBig(d, g, size, max) {
  d.refused = g;
  d.debug(() => 'message of ' + size + ' bytes over maxMessageSize ' + max + ': closing #' + g);
  if (!d.sockets.closeNow(g, TOO_BIG_WIRE, TOO_BIG_REASON)) {
    // A host that cannot close: its close (or the core's CloseWait) still ends the link.
    d.debug(() => 'close #' + g + ' refused by the host');
  }
}

export function onClose(d, g, ev) {
  if (d.dead) return;
  if (d.refused === g) {
    d.refused = -1;
    ev = { type: 'close', code: TOO_BIG, reason: TOO_BIG_REASON, wasClean: false };
  }
  let code = getProp(ev, 'code');
  let reason = getProp(ev, 'reason');
  let clean = getProp(ev, 'wasClean') === true;
  if (typeof code !== 'number') code = NaN;
  if (typeof reason !== 'string') reason = '';
  if (d.sockets.closedWhileConnecting(g)) {
    // As a browser reports a socket closed while connecting, whenever it really closed.
    [code, reason, clean] = [1006, '', false];
  }
  let flags = clean ? 1 : 0;
  if (d.hook !== null && d.isCurrent(g) && d.ready !== 2 && d.ready !== 3) {
    try {
      flags += d.hook.call(undefined, ev) ? 6 : 2;
    } catch (e) {
      d.report(e);
    }
  }
  d.input(rec(IN.closed, g, code, flags, reason, ev));
}

export function onError(d, g, ev) {
  d.input(rec(IN.error, g, 0, 0, undefined, ev));
}

/** `onsendresult(ok)` of a host that reports send results (it may report from inside `send`). */
export function onSendResult(d, g, ok) {
  if (d.dead) return;
  if (d.busy) return void d.deferred.push({ g, ok });
  const r = d.sockets.sendResult(g, ok);
  if (r !== null) d.input(r);
}
