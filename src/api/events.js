// The user-facing event surface of one instance: `on*` handlers, `addEventListener` /
// `removeEventListener` and dispatch.
//
// Dispatch runs with the driver idle (src/api/driver.js), so a listener may call anything on the
// instance, including adding or removing listeners: as in the DOM, a listener added during a
// dispatch is not called for that event, one removed is not called any more. A listener that
// throws is reported (`console.error` plus an `error` event) and the others still run.
//
// `message` listeners receive the socket's own `MessageEvent`, untouched (its `data` per
// `binaryType`): a fresh event object per message would cost an allocation on the hottest path.

import { FX, readText, value } from './core.js';

/** The event types an instance emits; an event's kind is its index here. */
export const NAMES = ['open', 'message', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop'];
export const [OPEN, MESSAGE, CLOSE, ERROR, RECONNECTING, GIVEUP, HEARTBEAT, DROP] = NAMES.map((_, i) => i);
/** The longest type's length: a longer string is none of them. */
export const MAX_NAME = Math.max(...NAMES.map((t) => t.length));

/** Core event `k` (fields in `x`; `ev` the socket's event, for `error`) as `[kind, event, debug
 * line]`, its object built now (a dropped message's value is let go of once the step ends). */
export function coreEvent(k, x, ev) {
  switch (k) {
    case FX.opened: {
      const attempt = x[0];
      return [OPEN, { type: 'open', attempt }, () => 'open (attempt ' + attempt + ')'];
    }
    case FX.error:
      return [ERROR, ev !== undefined && ev !== null ? ev : { type: 'error' }, () => 'error'];
    case FX.closed: {
      const e = { type: 'close', code: x[0], reason: readText(x[1]), wasClean: x[2] === 1, willReconnect: x[3] === 1 };
      const line = () => 'closed ' + e.code + ' "' + e.reason + '" clean=' + e.wasClean + ' willReconnect=' + e.willReconnect;
      return [CLOSE, e, line];
    }
    case FX.reconnecting: {
      const e = { type: 'reconnecting', attempt: x[0], delay: x[1] };
      return [RECONNECTING, e, () => 'reconnecting: attempt ' + e.attempt + ' in ' + e.delay + ' ms'];
    }
    case FX.giveup: {
      const attempts = x[0];
      return [GIVEUP, { type: 'giveup', attempts }, () => 'giving up after ' + attempts + ' attempts'];
    }
    case FX.heartbeat: {
      const rtt = x[0];
      return [HEARTBEAT, { type: 'heartbeat', rtt }, () => 'pong, rtt ' + rtt + ' ms'];
    }
    default: {
      const e = { type: 'drop', data: value(x[0]), reason: readText(x[1]) };
      return [DROP, e, () => 'dropped a message: ' + e.reason];
    }
  }
}

/** `console.error(a, b)` where there is a console. */
export function logError(a, b) {
  if (typeof console !== 'undefined' && typeof console.error === 'function') console.error(a, b);
}

function callListener(f, event) {
  if (typeof f === 'function') return f.call(undefined, event);
  // The DOM also accepts an object with a handleEvent method, and reports one without it when
  // an event comes (a TypeError), as here.
  const h = f.handleEvent;
  if (typeof h !== 'function') throw new TypeError('heartsocket: the listener is an object without a handleEvent method');
  return h.call(f, event);
}

/** Listeners of one instance. */
export class Events {
  /** `onMessage`: the constructor's `(data, event) => void` (or null); `prefix` `[heartsocket name]`. */
  constructor(prefix, onMessage) {
    this.prefix = prefix;
    this.onMessage = onMessage;
    this.handlers = NAMES.map(() => null);
    this.lists = NAMES.map(() => []);
    this.depth = 0;
  }

  /** `on<type>` getter: the function, or `null`. */
  handler(kind) {
    return this.handlers[kind];
  }

  /** `on<type>` setter: anything but a function clears it, like the DOM. */
  setHandler(kind, f) {
    this.handlers[kind] = typeof f === 'function' ? f : null;
  }

  /** `addEventListener`, arguments already converted; the same listener is added once per type. */
  add(kind, f, once) {
    const list = this.lists[kind];
    if (!list.some((l) => !l.removed && l.f === f)) list.push({ f, once, removed: false });
  }

  /** `removeEventListener`. */
  remove(kind, f) {
    const list = this.lists[kind];
    const i = list.findIndex((l) => !l.removed && l.f === f);
    if (i < 0) return;
    list[i].removed = true;
    if (this.depth === 0) list.splice(i, 1);
  }

  /** Drops every listener (the instance is being freed). */
  clear() {
    this.onMessage = null;
    this.handlers.fill(null);
    for (const list of this.lists) {
      for (const l of list) l.removed = true;
      list.length = 0;
    }
  }

  /** A message: the constructor's `onMessage(data, event)`, then `onmessage`, then the listeners. */
  message(data, event) {
    const cb = this.onMessage;
    if (cb !== null) {
      try {
        cb.call(undefined, data, event);
      } catch (e) {
        this.report(MESSAGE, e);
      }
    }
    this.dispatch(MESSAGE, event);
  }

  /** Calls `on<type>`, then the listeners of `kind`, with `event`. */
  dispatch(kind, event) {
    const h = this.handlers[kind];
    if (h !== null) {
      try {
        h.call(undefined, event);
      } catch (e) {
        this.report(kind, e);
      }
    }
    const list = this.lists[kind];
    const n = list.length;
    if (n === 0) return;
    this.depth++;
    for (let i = 0; i < n; i++) {
      // Listeners are only marked removed while dispatching, so indices stay valid.
      const l = list[i];
      if (l === undefined) break;
      if (l.removed) continue;
      if (l.once) l.removed = true;
      try {
        callListener(l.f, event);
      } catch (e) {
        this.report(kind, e);
      }
    }
    if (--this.depth === 0) {
      let j = 0;
      for (const l of list) if (!l.removed) list[j++] = l;
      list.length = j;
    }
  }

  /** A listener threw: say so and, unless it was an `error` listener (no loops), in an `error` event. */
  report(kind, error) {
    const message = this.prefix + " a '" + NAMES[kind] + "' listener threw:";
    logError(message, error);
    if (kind !== ERROR) this.dispatch(ERROR, { type: 'error', error, message });
  }
}
