// The sockets of one instance, and the core's socket effects applied to them: the one the core
// uses, plus any it let go of whose close it still awaits. A socket is anything shaped like a
// W3C `WebSocket` (the browser's, Node's `ws`, a mini-program facade); its handlers are set when
// it is created and set back to null when the core releases it, so nothing is kept per
// connection. What a socket did not take comes back as the core input to feed.

import { IN, rec, keep } from './core.js';
import { counts } from './counts.js';
import { getProp, setProp } from './host.js';
import { onOpen, onMessage, onClose, onError, onSendResult } from './handlers.js';

/** The handler properties set on a socket (`onsendresult` only on hosts that report). */
const HANDLERS = ['onopen', 'onmessage', 'onclose', 'onerror', 'onsendresult'];
/** `readyState` values. */
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;

/** `s.close(code, reason)`; false if the host threw (its close, or the core's CloseWait, still
 * ends the socket). */
function tryClose(s, code, reason) {
  try {
    s.close(code, reason);
    return true;
  } catch (e) {
    return false;
  }
}

/** Closes the socket unless it is already closing or closed. */
function closeIfOpen(s, code, reason) {
  const st = getProp(s, 'readyState');
  if (typeof st !== 'number' || st < CLOSING) tryClose(s, code, reason);
}

function trySet(s, name, f) {
  if (!Reflect.set(s, name, f)) throw new TypeError('heartsocket: the socket refused a handler property');
}

export class Sockets {
  constructor(driver) {
    this.d = driver;
    // Entries, oldest first: { g, s (the socket, once created), n (handlers set), pending (sends
    // awaiting their result, on hosts that report them), abandoned, closeOnOpen, whileConnecting }.
    this.list = [];
  }

  get(g) {
    // Indexed: an iterator per call showed in the send profile (one or two entries, most often).
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i].g === g) return list[i];
    return null;
  }

  /** Socket `g`, if the driver may send on it without the core (one that reports send results
   * may not: each result needs the core's sequence number). */
  direct(g) {
    const e = this.get(g);
    return e === null || e.pending !== null ? null : e.s;
  }

  /** The socket of generation `g`, if created. */
  socket(g) {
    const e = this.get(g);
    return e === null ? null : e.s;
  }

  /** Whether socket `g` still has to be created (its URL may still be resolving). */
  pending(g) {
    const e = this.get(g);
    return e !== null && e.s === null && !e.abandoned;
  }

  /** `OpenSocket`: a slot for the socket, created once its URL is known. */
  open(g) {
    this.list.push({ g, s: null, n: 0, pending: null, abandoned: false, closeOnOpen: null, whileConnecting: false });
    counts.sockets++;
  }

  /**
   * Sets the handlers on socket `s` and keeps it; a socket that refuses a handler (a throwing or
   * read-only `on…`) is given none and not kept: the error is thrown.
   */
  attach(g, s) {
    const e = this.get(g);
    if (e === null) return;
    const d = this.d;
    const reports = getProp(s, 'reportsSendResults') === true;
    const fs = [
      (ev) => onOpen(d, g, ev),
      // Read before anything else: if a host ever passed no event object, nothing is held.
      (ev) => onMessage(d, g, ev, ev.data),
      (ev) => onClose(d, g, ev),
      (ev) => onError(d, g, ev),
    ];
    if (reports) fs.push((ok) => onSendResult(d, g, ok !== false));
    try {
      fs.forEach((f, i) => trySet(s, HANDLERS[i], f));
    } catch (err) {
      for (const name of HANDLERS) setProp(s, name, null);
      throw err;
    }
    if (reports) e.pending = [];
    e.s = s;
    e.n = fs.length;
    counts.closures += fs.length;
  }

  /**
   * `Transmit`: hands `v` to socket `g`; null when it took it, else the input for the core:
   * `sendFailed` (the link is gone), `sendRejected` (refused while open: a value that host
   * cannot send; retrying cannot help).
   */
  transmit(g, seq, v) {
    const e = this.get(g);
    const s = e === null ? null : e.s;
    // A socket no longer OPEN (its close queued, not yet dispatched) discards what it is given
    // without a word: re-queue instead of losing it.
    if (s === null || getProp(s, 'readyState') !== OPEN) return rec(IN.sendFailed, g, seq, keep(v));
    try {
      s.send(v);
    } catch (err) {
      return rec(IN.sendRejected, 0, seq, keep(v));
    }
    if (e.pending !== null) e.pending.push([seq, v]);
    return null;
  }

  /**
   * `CloseSocket`. One still CONNECTING is closed once it opens (or when it is released, if it
   * never does): Firefox fires `close` at once for a socket closed while connecting, yet its
   * handshake may still complete at the server, so the next socket would overlap it there
   * (docs/RELIABILITY.md, "Engines"); its close is reported as a browser reports a socket closed
   * while connecting: 1006, unclean. A socket not created yet (URL still resolving) never will
   * be: the close the core waits for comes back at once.
   */
  close(g, code, reason) {
    const e = this.get(g);
    if (e === null) return null;
    if (e.s === null) {
      e.abandoned = true;
      return rec(IN.closed, g, 1006, 0, '');
    }
    if (getProp(e.s, 'readyState') === CONNECTING) {
      e.closeOnOpen = [code, reason];
      e.whileConnecting = true;
    } else {
      closeIfOpen(e.s, code, reason);
    }
    return null;
  }

  /** Closes socket `g` now (a message too big); false if the host refused. */
  closeNow(g, code, reason) {
    const s = this.socket(g);
    return s === null || tryClose(s, code, reason);
  }

  /** Socket `g` opened: if the core already let it go, its close is made now (true). */
  closeOnOpen(g) {
    const e = this.get(g);
    if (e === null || e.closeOnOpen === null) return false;
    const [code, reason] = e.closeOnOpen;
    e.closeOnOpen = null;
    tryClose(e.s, code, reason);
    return true;
  }

  /** Whether the core closed socket `g` while it was connecting (its close reads as 1006). */
  closedWhileConnecting(g) {
    const e = this.get(g);
    return e !== null && e.whileConnecting;
  }

  /** `onsendresult(ok)`: the oldest send awaiting its result; a failure is the core's `sendFailed`. */
  sendResult(g, ok) {
    const e = this.get(g);
    if (e === null || e.pending === null || e.pending.length === 0) return null;
    const [seq, v] = e.pending.shift();
    return ok ? null : rec(IN.sendFailed, g, seq, keep(v));
  }

  /** `ReleaseSocket`: detaches the handlers of socket `g` and forgets it. */
  release(g) {
    const i = this.list.findIndex((e) => e.g === g);
    if (i >= 0) this.drop(this.list.splice(i, 1)[0]);
  }

  /** Closes every live socket and releases every entry (the instance is freed). */
  clear() {
    for (const e of this.list.splice(0)) {
      if (e.s !== null) closeIfOpen(e.s, 1000, '');
      this.drop(e);
    }
  }

  drop(e) {
    counts.sockets--;
    if (e.s === null) return;
    // Released while still connecting (CloseWait ran out, or free()): close it now.
    if (e.closeOnOpen !== null) closeIfOpen(e.s, e.closeOnOpen[0], e.closeOnOpen[1]);
    for (let i = 0; i < e.n; i++) setProp(e.s, HANDLERS[i], null);
    counts.closures -= e.n;
    e.n = 0;
  }
}
