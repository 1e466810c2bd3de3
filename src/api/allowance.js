// What the core lets the driver do without entering the wasm, and what it did so
// (src/core: `Machine::direct_sends`, `Machine::skippable_messages`): send a message on the open
// socket, deliver a received one. Granted by `hs_send` and `hs_message` answers; the driver
// spends it, and tells the core (`tell`) before it feeds it anything else, which also ends it:
// any step may change what the core would allow.

import { W, sentDirectly } from './core.js';
import { getProp } from './host.js';

const OPEN = 1;
/** Most sends between two tells (src/wasm/exports.rs `DIRECT_MAX`). */
const MAX_SENT = 1024;

export class Allowance {
  constructor() {
    // Sends: how many more, their bound in bytes (a string counts 3 per UTF-16 unit, as the
    // core's `Payload::byte_bound`), the socket; what went out so, and its sizes.
    this.sends = 0;
    this.bytes = 0;
    this.socket = null;
    // Allocated at the first allowance, as large as it (at most 1024 between two tells): an
    // array grown by `push` and emptied again showed as garbage collection in the send profile,
    // and an instance that never sends much needs none.
    this.sent = null;
    this.sizes = null;
    this.n = 0;
    // Received messages on socket `skipG`: how many more; how many were delivered so.
    this.skip = 0;
    this.skipG = -1;
    this.skipped = 0;
  }

  /** `hs_send` allowed `n` sends on `socket` (null: not one this driver may send on itself). */
  grant(n, bytes, socket) {
    if (socket === null) return;
    n = Math.min(n, MAX_SENT);
    if (this.sent === null || this.sent.length < n) {
      this.sent = new Array(n);
      this.sizes = new Float64Array(n);
    }
    this.sends = n;
    this.bytes = bytes;
    this.socket = socket;
  }

  /** Sends `data` (`bytes` its size as the wasm takes it) itself if allowed; whether it did. */
  send(data, bytes) {
    const bound = bytes < 0 ? -3 * (bytes + 1) : bytes;
    const s = this.socket;
    // A socket no longer OPEN, or one that throws: the core's path handles it (and re-queues).
    if (bound > this.bytes || getProp(s, 'readyState') !== OPEN) return false;
    try {
      s.send(data);
    } catch (e) {
      this.sends = 0;
      return false;
    }
    this.sends--;
    this.bytes -= bound;
    this.sent[this.n] = data;
    this.sizes[this.n++] = bytes;
    return true;
  }

  /** Whether a message that is not a pong, from socket `g`, may be delivered without the core
   * (counted if so). */
  skips(g) {
    if (g !== this.skipG || this.skip === 0) return false;
    this.skip--;
    this.skipped++;
    return true;
  }

  /** `hs_message` for socket `g` (with what was skipped before it): its result bits; takes the
   * core's new allowance for the messages after it. */
  heard(m, g) {
    const r = W.hs_message(m, g, this.skipped);
    this.skipped = 0;
    this.skip = r >>> 4;
    this.skipG = g;
    return r;
  }

  /** Tells the core what was done without it, in order; ends the allowance. */
  tell(m) {
    this.sends = 0;
    this.skip = 0;
    if (this.n !== 0) {
      sentDirectly(m, this.sent, this.sizes, this.n);
      this.n = 0;
    }
    if (this.skipped !== 0) {
      W.hs_skipped(m, this.skipped);
      this.skipped = 0;
    }
  }

  /** The instance is gone: nothing is told, nothing kept. */
  clear() {
    this.sends = this.skip = this.n = this.skipped = 0;
    this.socket = this.sent = this.sizes = null;
  }
}
