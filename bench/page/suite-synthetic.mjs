// The wrapper's own per-message cost, without the network: each contender gets an injected socket
// constructor whose instance we make fire `message` events directly (mode "receive"), or whose
// `send` we call through the wrapper (mode "send": heartsocket keeps each message in flight until
// a pong confirms it; this socket answers a "ping" with a "pong" at once, as a server on a
// zero-latency link would). One contender per page, a warm-up pass, then `events` timed; the
// harness subtracts the bare socket's figure.
import { now, settle, sleep } from './common.mjs';
import { load, opened } from './contenders.mjs';

/**
 * A socket that never touches the network: opens on the next task, fires what it is told.
 * Its listener registry is plain JS (like the mini-program facade's), so delivering an event
 * costs the same few nanoseconds whether a contender set `onmessage` or called
 * `addEventListener`: what shows above the bare listener is the wrapper's own work.
 */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  /** The instance most recently constructed (a wrapper creates its socket inside). */
  static last = null;

  #listeners = { open: [], message: [], close: [], error: [] };

  constructor(url, protocols) {
    this.url = String(url);
    this.protocols = protocols;
    this.readyState = 0;
    this.protocol = '';
    this.extensions = '';
    this.bufferedAmount = 0;
    this.binaryType = 'blob';
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
    this.sent = 0;
    FakeSocket.last = this;
    setTimeout(() => {
      this.readyState = 1;
      this.fire(new Event('open'));
    }, 0);
  }

  get CONNECTING() { return 0; }
  get OPEN() { return 1; }
  get CLOSING() { return 2; }
  get CLOSED() { return 3; }

  send(data) {
    this.sent++;
    if (data === 'ping' && FakeSocket.pong) this.message(FakeSocket.pong);
  }

  close(code = 1000, reason = '') {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    setTimeout(() => {
      this.readyState = 3;
      this.fire(new CloseEvent('close', { code, reason, wasClean: true }));
    }, 0);
  }

  addEventListener(type, fn) {
    const list = this.#listeners[type];
    if (list && fn && !list.includes(fn)) list.push(fn);
  }

  removeEventListener(type, fn) {
    const list = this.#listeners[type];
    const i = list ? list.indexOf(fn) : -1;
    if (i >= 0) list.splice(i, 1);
  }

  /** Delivers a lifecycle event: the on<type> handler, then the listeners. */
  fire(ev) {
    const h = this['on' + ev.type];
    if (h) h.call(this, ev);
    for (const l of [...this.#listeners[ev.type]]) {
      if (typeof l === 'function') l.call(this, ev);
      else l.handleEvent(ev);
    }
  }

  /** The measured path, specialised: onmessage, then the message listeners. */
  message(ev) {
    const h = this.onmessage;
    if (h) h.call(this, ev);
    const list = this.#listeners.message;
    for (let i = 0; i < list.length; i++) {
      const l = list[i];
      if (typeof l === 'function') l.call(this, ev);
      else l.handleEvent(ev);
    }
  }
}

/** Connects `name` to a fresh FakeSocket; returns the socket and the handle to set onmessage on. */
async function setup(name, onEvent) {
  if (name === 'bare') {
    const sock = new FakeSocket('ws://fake.invalid/ws');
    await new Promise((r) => (sock.onopen = r));
    sock.onmessage = onEvent;
    return { sock, ws: sock, close: () => sock.close() };
  }
  const lib = await load(name === 'hs-cb' ? 'hs' : name === 'hs-base-cb' ? 'hs-base' : name);
  const opts = { WebSocket: FakeSocket };
  // hs-cb: heartsocket's own style, the message callback given to the constructor.
  const cb = name === 'hs-cb' || name === 'hs-base-cb';
  if (cb) opts.onMessage = (data) => onEvent({ data });
  const ws = lib.create('ws://fake.invalid/ws', opts);
  await opened(ws);
  if (!cb) ws.onmessage = onEvent;
  return { sock: FakeSocket.last, ws, close: () => ws.close() };
}

/**
 * @param {{name: string, events: number, warm: number, size: number, startDelay?: number, mode?: 'receive' | 'send'}} a
 * @returns {Promise<{nsPerEvent: number, count: number}>}
 */
export async function run(a) {
  const data = 'x'.repeat(a.size);
  let count = 0;
  // Reads data like a user would, so no wrapper can win by never materialising it.
  const onEvent = (e) => {
    if (e.data.length === a.size) count++;
  };
  FakeSocket.pong = a.mode === 'send' ? new MessageEvent('message', { data: 'pong' }) : null;
  const { sock, ws, close } = await setup(a.name, onEvent);
  // bench/profile.mjs attaches its profiler in this pause.
  if (a.startDelay) await sleep(a.startDelay);
  // One event object for every delivery: its creation is the browser's cost, not the wrapper's,
  // and would only add noise to the baseline.
  const ev = new MessageEvent('message', { data });
  const send = a.mode === 'send';
  const pass = send
    ? (n) => {
      for (let i = 0; i < n; i++) ws.send(data);
    }
    : (n) => {
      for (let i = 0; i < n; i++) sock.message(ev);
    };
  pass(a.warm);
  await settle();
  count = 0;
  const sent0 = sock.sent;
  const t0 = now();
  pass(a.events);
  const ms = now() - t0;
  if (send) {
    // Every message reached the socket (pings come on top), none was refused or queued.
    if (sock.sent - sent0 < a.events) throw new Error(`${a.name}: ${sock.sent - sent0} of ${a.events} sends reached the socket`);
  } else if (count !== a.events) throw new Error(`${a.name}: ${count} of ${a.events} events reached the listener`);
  close();
  await sleep(10);
  return { nsPerEvent: (ms * 1e6) / a.events, count };
}
