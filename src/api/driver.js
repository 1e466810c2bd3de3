// The driver of one instance: the wasm core's machine (src/core, exported by
// src/wasm/exports.rs), fed from user calls, socket handlers, the one timer and lifecycle
// listeners; its effects applied to the sockets (src/api/sockets.js) and the user told
// (src/api/events.js). What the sockets report comes in through src/api/handlers.js.
//
// Every entry point goes through `input` (or a fast path, `send` and `message`): mark the driver
// busy, feed the machine, drain and apply its effects, become idle, and only then do what may
// call user code (create a socket, dispatch events, write debug lines). A user callback may
// therefore call `send`, `close`, `connect`, `reconnect` or even `free`. Input that arrives
// while busy (a host calling back synchronously from `send` or `close`) is queued and handled
// before the driver becomes idle.

import { W, IN, FX, rec, io, value, release, readText, writeText, now, sendValue } from './core.js';
import { Events, coreEvent, ERROR, DROP } from './events.js';
import { Sockets } from './sockets.js';
import * as lifecycle from './lifecycle.js';
import { counts } from './counts.js';
import { openSocket } from './handlers.js';
import { Allowance } from './allowance.js';
import { wellFormed } from './options.js';

/** Bits of `hs_send`/`hs_message` results. */
const SENT = 1;
const EFFECTS = 4;
const DEADLINE = 8;
/** Largest setTimeout delay (more is treated as 0). */
const MAX_DELAY = 2147483647;
// What the flush after a step does, in order (the first entry of each `out` item).
const DO_OPEN = 0;
const DO_EVENT = 1;
const DO_MESSAGE = 2;
const DO_DEBUG = 3;

/** The byte size of a message the user gives (`what` names the call in the TypeError). */
export class Driver {
  /** `o`: options.js `parseOptions`' result. */
  constructor(o) {
    this.o = o;
    const x = io();
    const h = o.h;
    const r = o.r;
    const q = o.q;
    x.set([
      h ? 1 : 0, h ? h.interval : 0, h ? h.timeout : 0, h && h.resetOnMessage ? 1 : 0,
      r ? 1 : 0, r ? r.minDelay : 0, r ? r.maxDelay : 0, r ? r.factor : 0, r ? r.jitter : 0, r ? r.maxRetries : -1,
      r ? r.connectTimeout : -1, r ? r.minUptime : 0,
      q.maxMessages, q.maxBytes, q.overflow, q.resend ? 1 : 0, r ? r.stopOnCodes.length : 0,
    ]);
    if (r) x.set(r.stopOnCodes, 17);
    // Jitter only needs to differ between instances and page loads.
    this.m = W.hs_new(Math.floor(Math.random() * 9007199254740992));
    this.pong = h ? h.pong : null;
    this.ping = h ? h.message : '';
    this.hook = r && r.shouldReconnect ? r.shouldReconnect : null;
    this.prefix = '[heartsocket ' + wellFormed(o.name) + ']';
    this.events = new Events(this.prefix, o.onMessage);
    this.sockets = new Sockets(this);
    this.busy = false;
    this.dead = false;
    this.allow = new Allowance();
    this.deferred = [];
    this.ready = 3;
    this.binaryType = o.binaryType;
    // URLs as the socket gets them: well-formed (a lone surrogate is U+FFFD in any URL parser).
    this.lastUrl = typeof o.url === 'string' ? wellFormed(o.url) : '';
    // `maxMessageSize`: the socket being closed for a message too big (its messages are ignored
    // from then on, its close reported as 1009), -1 for none.
    this.refused = -1;
    this.timer = null;
    this.timerAt = 0;
    this.onTimer = null;
    this.sub = null;
    counts.instances++;
  }

  /** Subscribes to the page lifecycle (after construction: a provider may throw). */
  subscribe() {
    const notify = (change) => this.lifecycle(change);
    const l = this.o.lifecycle;
    if (l === false) return;
    this.sub = typeof l === 'function' ? lifecycle.provider(l, notify) : lifecycle.browser(notify);
    if (this.sub !== null && this.sub.hidden) this.input(rec(IN.hidden));
  }

  lifecycle(change) {
    if (this.dead) return;
    this.debug(() => 'lifecycle: ' + change[0].toUpperCase() + change.slice(1));
    this.input(rec(IN[change]));
  }

  // ---- debug lines and reports ----

  /** Writes the line `f()` builds, if debugging; never while busy. */
  debug(f) {
    const sink = this.o.debug;
    if (sink === undefined || sink === false) return;
    const line = this.prefix + ' ' + f();
    if (typeof sink === 'function') {
      try {
        sink.call(undefined, line);
      } catch (e) {
        // A debug sink that throws loses its line, nothing else.
      }
    } else if (typeof console !== 'undefined') {
      console.debug(line);
    }
  }

  /** User code given as an option threw: log it and tell the `error` listeners. */
  report(error) {
    const message = this.prefix + ' a callback option threw:';
    if (typeof console !== 'undefined') console.error(message, error);
    this.events.dispatch(ERROR, { type: 'error', error, message });
  }

  // ---- feeding the machine ----

  /** Feeds input `r`, or queues it while busy. */
  input(r) {
    if (this.dead) return;
    if (this.busy) {
      this.deferred.push(r);
      return;
    }
    this.busy = true;
    const out = [];
    this.feed(r, out);
    this.settle(out);
  }

  feed(r, out) {
    this.allow.tell(this.m);
    if (r.k === IN.close) r.b = writeText(r.s);
    else if (r.k === IN.closed) r.c += writeText(r.s) * 8;
    W.hs_input(this.m, now(), r.k, r.a, r.b, r.c);
    this.drain(out, r.ev);
  }

  /** `send(data)` (checked, `bytes` its size): 1 sent, 0 queued or dropped, 2 queue full, 3 re-entrant. */
  send(data, bytes) {
    if (this.busy || this.dead) return 3;
    this.busy = true;
    const a = this.allow;
    // Most often the core has allowed this send already: no wasm call. Busy meanwhile, so what
    // the socket reports from inside `send` is queued, and handled after the core is told.
    if (a.sends > 0 && a.send(data, bytes)) {
      if (this.deferred.length !== 0) this.settle([]);
      else {
        this.busy = false;
        if (this.dead) this.releaseAll();
      }
      return SENT;
    }
    a.tell(this.m);
    const r = sendValue(this.m, data, bytes);
    if ((r & (EFFECTS | 3)) === SENT) {
      // The common case: this message alone goes out now.
      const x = io();
      const g = x[0];
      const room = x[3];
      const back = this.sockets.transmit(g, x[1], data);
      if (back === null && (r & DEADLINE) === 0 && this.deferred.length === 0) {
        this.busy = false;
        if (this.dead) this.releaseAll();
        else if (r >>> 4 !== 0) a.grant(r >>> 4, room, this.sockets.direct(g));
        return SENT;
      }
      if (back !== null) this.deferred.push(back);
    }
    this.settle([]);
    return r & 3;
  }

  /** A message that is not a pong from socket `g`: the hot path, no effect to drain (and most
   * often not even the wasm: `skip`). */
  message(g, data, ev) {
    if (this.allow.skips(g)) return this.events.message(data, ev);
    const r = this.allow.heard(this.m, g);
    if (r & DEADLINE) this.syncTimer();
    if (r & 1) this.events.message(data, ev);
  }

  drain(out, ev) {
    for (let k = W.hs_poll(this.m); k !== 0; k = W.hs_poll(this.m)) this.apply(k, out, ev);
  }

  apply(k, out, ev) {
    const x = io();
    const g = x[0];
    let back = null;
    switch (k) {
      case FX.open:
        this.sockets.open(g);
        out.push([DO_OPEN, g]);
        return;
      case FX.close: {
        const code = x[1];
        const reason = readText(x[2]);
        out.push([DO_DEBUG, () => 'close #' + g + ' ' + code + ' ' + reason]);
        back = this.sockets.close(g, code, reason);
        break;
      }
      case FX.release:
        this.sockets.release(g);
        return;
      case FX.transmit:
        back = this.sockets.transmit(g, x[1], value(x[2]));
        break;
      case FX.ping:
        // Its reply, or (with `resetOnMessage`) the next message, must reach the core.
        this.allow.skip = 0;
        out.push([DO_DEBUG, () => 'ping #' + g]);
        back = this.sockets.transmit(g, 0, this.ping);
        break;
      case FX.message:
        return;
      default:
        out.push([DO_EVENT, ...coreEvent(k, x, ev)]);
        return;
    }
    // What a socket did not take (or a close it cannot report): handled in this step.
    if (back !== null) this.deferred.push(back);
  }

  /** Applies what arrived meanwhile, arms the timer, becomes idle, then does the user-visible work. */
  settle(out) {
    try {
      this.drain(out, undefined);
      while (this.deferred.length > 0) {
        const d = this.deferred.shift();
        if (d.k === undefined) this.later(d, out);
        else this.feed(d, out);
      }
      this.syncTimer();
      this.ready = W.hs_ready(this.m);
    } finally {
      // Nothing here calls user code; should a host still throw, the instance is not left busy.
      this.busy = false;
    }
    release();
    this.flush(out);
    if (this.dead) this.releaseAll();
  }

  /** A deferred message or send result (`d.g`, and `d.data`/`d.ev`/`d.pong` or `d.ok`). */
  later(d, out) {
    if (d.ok !== undefined) {
      const r = this.sockets.sendResult(d.g, d.ok);
      if (r !== null) this.feed(r, out);
    } else if (d.pong) {
      this.feed(rec(IN.message, d.g, 1, 0, undefined, d.ev), out);
    } else if (this.allow.heard(this.m, d.g) & 1) {
      out.push([DO_MESSAGE, d.data, d.ev]);
    }
  }

  flush(out) {
    for (const item of out) {
      if (this.dead) return; // freed by a callback: drop what is left
      switch (item[0]) {
        case DO_OPEN:
          openSocket(this, item[1]);
          break;
        case DO_DEBUG:
          this.debug(item[1]);
          break;
        case DO_MESSAGE:
          this.events.message(item[1], item[2]);
          break;
        default:
          this.debug(item[3]);
          this.events.dispatch(item[1], item[2]);
      }
    }
  }

  // ---- the one timer: armed for the core's earliest deadline ----

  // Re-arming is lazy: with `resetOnMessage` the heartbeat is pushed back by traffic, and a
  // clearTimeout + setTimeout whenever the deadline moves later would cost more than the message.
  // So a later deadline leaves the armed timeout alone; when it goes off early, nothing is due and
  // it is armed again for the rest. An earlier deadline re-arms at once.
  syncTimer() {
    const at = W.hs_deadline(this.m);
    if (at < 0) return this.clearTimer();
    if (this.timer !== null && this.timerAt <= at) return;
    this.disarm();
    if (this.onTimer === null) {
      this.onTimer = () => this.fired();
      counts.closures++;
    }
    this.timer = setTimeout(this.onTimer, Math.min(Math.max(at - now(), 0), MAX_DELAY));
    this.timerAt = at;
    counts.timers++;
  }

  disarm() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      counts.timers--;
    }
  }

  clearTimer() {
    this.disarm();
    if (this.onTimer !== null) {
      this.onTimer = null;
      counts.closures--;
    }
  }

  fired() {
    this.timer = null;
    counts.timers--;
    if (this.dead) return;
    // Every due deadline is handled, earliest first; `settle` arms the timer for what is left.
    this.busy = true;
    this.allow.tell(this.m);
    W.hs_timeout(this.m, now());
    this.settle([]);
  }

  /** Whether `g` is the socket the core is waiting on or using. */
  isCurrent(g) {
    return !this.busy && !this.dead && W.hs_current(this.m) === g;
  }


  // ---- the getters' view ----

  /** The socket the core uses or waits on, if created. */
  current() {
    return this.sockets.socket(W.hs_current(this.m));
  }

  stats() {
    this.allow.tell(this.m);
    W.hs_stats(this.m);
    const x = io();
    return {
      reconnects: x[0], lastRtt: x[1] < 0 ? null : x[1], queued: x[2], queuedBytes: x[3], sent: x[4], received: x[5],
      dropped: x[6], confirmed: x[7], unconfirmed: x[8], resent: x[9],
    };
  }

  // ---- the end ----

  /** `free()`: closes live sockets, detaches handlers, clears the timer and listeners. No event
   * but the `drop`s of what was still held is dispatched afterwards. */
  shutdown() {
    if (this.dead) return;
    this.dead = true;
    counts.instances--;
    if (this.sub !== null) {
      this.sub.unsubscribe();
      this.sub = null;
    }
    // Messages the server never confirmed are reported before the listeners go: `free()`
    // cannot wait for a close handshake, and none is lost without a word.
    if (!this.busy) {
      this.allow.tell(this.m);
      W.hs_free(this.m);
      const drops = [];
      for (let k = W.hs_poll(this.m); k !== 0; k = W.hs_poll(this.m)) {
        if (k === FX.drop) drops.push(coreEvent(k, io()));
      }
      release();
      for (const d of drops) {
        this.debug(d[2]);
        this.events.dispatch(DROP, d[1]);
      }
    }
    this.events.clear();
    this.releaseAll();
  }

  releaseAll() {
    if (this.busy || this.m === 0) return;
    this.sockets.clear();
    this.clearTimer();
    this.deferred.length = 0;
    this.allow.clear();
    this.ready = 3;
    W.hs_drop(this.m);
    this.m = 0;
    release();
  }
}
