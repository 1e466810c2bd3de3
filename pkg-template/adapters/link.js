// What heartsocket/vue and heartsocket/react share, with no framework in it: where the class
// comes from (a "source", resolved once and only on the client), one WebSocketClass instance per
// hook, the state a component renders ({status, data, stats, error}) and the messages sent before
// the instance exists. The two adapters only map this onto refs or a React store.
//
// Why the instance is created on mount and not on setup/render: server-side rendering must not
// load the wasm nor open a socket, and React may render a component without ever mounting it.
// Sends that happen earlier wait in `pending` and go to the instance's outbox, in order, first.
//
// Syntax stays within ES2017 (no `?.`, `??`, object spread), like the mini-program build: Taro and
// uni-app do not transpile node_modules by default (tests/node/adapters/link.test.mjs checks it).

/** `readyState` → the status string the adapters expose. */
export const STATUS = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

const P = 'heartsocket adapter: ';
const SOURCE_FORMS = 'a WebSocketClass, an object with one (a module, the result of load()), ' +
  'a Promise of those, or a function returning any of these';
const EVENTS = ['open', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat'];
/**
 * Closes `ws` and frees it once that close completes. close() reports the outbox in `drop`
 * events (free() alone would discard it silently), and waiting for the close handshake lets it
 * confirm what is still in flight (README "Delivery"), where an immediate free() would report
 * those messages "unconfirmed".
 */
function retire(ws) {
  ws.close();
  if (ws.readyState === 3) ws.free();
  else ws.addEventListener('close', () => ws.free(), { once: true });
}

/** The adapter's own option keys; every other key goes to the class, which checks it. */
const OWN = ['immediate', 'onMessage', 'onDrop', 'WebSocketClass'];

/** Stats before an instance exists: the class's shape, nothing sent yet. */
function idleStats(queued) {
  return { reconnects: 0, lastRtt: null, queued, queuedBytes: 0, sent: 0, received: 0, dropped: 0 };
}

function isClass(v) {
  return typeof v === 'function' && !!v.prototype && typeof v.prototype.connect === 'function' &&
    typeof v.prototype.send === 'function';
}

function isThenable(v) {
  return !!v && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

/** The class a resolved value names, or undefined. */
function classIn(v) {
  if (isClass(v)) return v;
  if (v && typeof v === 'object' && isClass(v.WebSocketClass)) return v.WebSocketClass;
  return undefined;
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object without a WebSocketClass';
  return typeof v;
}

/** Throws a TypeError unless `source` has one of the accepted forms (checked before any call). */
export function checkSource(source, option = 'source') {
  if (classIn(source) || isThenable(source) || typeof source === 'function') return source;
  throw new TypeError(`${P}'${option}' must be ${SOURCE_FORMS}; got ${describe(source)}`);
}

// A loader function or a promise is settled once per page, however many hooks use it. A failed
// load is forgotten, so the next open() tries again (a mini-program load() can be retried).
const loads = new WeakMap();

/** The class now, or a Promise of it. */
function resolveSource(source) {
  const direct = classIn(source);
  if (direct) return direct;
  const known = loads.get(source);
  if (known) return known.cls || known.promise;
  const entry = {};
  entry.promise = new Promise((resolve) => resolve(typeof source === 'function' ? source() : source))
    .then((v) => {
      const cls = classIn(v);
      if (!cls) throw new TypeError(`${P}the source resolved to ${describe(v)}; it must give ${SOURCE_FORMS}`);
      entry.cls = cls;
      return cls;
    })
    .catch((err) => {
      if (loads.get(source) === entry) loads.delete(source);
      throw err;
    });
  loads.set(source, entry);
  return entry.promise;
}

/**
 * The two entry points every adapter exports, over its framework's `useWith(source, url,
 * options)`: `createHeartsocket(source)` binds the class source once per app;
 * `useHeartsocket(url, options)` takes it per call as `options.WebSocketClass`.
 */
export function entryPoints(framework, useWith) {
  return {
    createHeartsocket(source) {
      checkSource(source);
      return (url, options) => useWith(source, url, options);
    },
    useHeartsocket(url, options) {
      const source = options ? options.WebSocketClass : undefined;
      if (source === undefined) {
        throw new TypeError(`heartsocket/${framework}: option 'WebSocketClass' is required (or use createHeartsocket(source))`);
      }
      return useWith(source, url, options);
    },
  };
}

/** Splits the adapter's own options from heartsocket's, checking the adapter's. */
export function splitOptions(options) {
  if (options === undefined || options === null) return { own: { immediate: true }, rest: {} };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${P}options must be an object; got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const { immediate = true, onMessage, onDrop, WebSocketClass: source } = options;
  const rest = {};
  for (const key of Object.keys(options)) if (!OWN.includes(key)) rest[key] = options[key];
  if (typeof immediate !== 'boolean') {
    throw new TypeError(`${P}option 'immediate' must be true or false; got ${typeof immediate}`);
  }
  for (const [name, fn] of [['onMessage', onMessage], ['onDrop', onDrop]]) {
    if (fn !== undefined && fn !== null && typeof fn !== 'function') {
      throw new TypeError(`${P}option '${name}' must be a function; got ${typeof fn}`);
    }
  }
  if (source !== undefined) checkSource(source, 'WebSocketClass');
  return { own: { immediate, onMessage, onDrop, source }, rest };
}

export class Link {
  /**
   * @param {unknown} source where the class comes from (see checkSource)
   * @param {string | (() => string | Promise<string>)} url passed to the class as is
   * @param {{immediate: boolean, onMessage?: Function, onDrop?: Function}} own
   * @param {object} rest heartsocket's own options
   */
  constructor(source, url, own, rest) {
    this.source = checkSource(source, 'WebSocketClass');
    this.url = url;
    this.rest = rest;
    this.handlers = own;
    this.want = own.immediate;   // whether the user wants the link up (immediate, open(), close())
    this.ws = null;
    this.connectData = undefined;   // open(data) before the instance existed
    this.loading = false;
    this.mounted = false;
    this.disposed = false;
    /** @type {unknown[]} sends made before the instance existed, in order */
    this.pending = [];
    /** @type {Set<() => void>} */
    this.listeners = new Set();
    this.state = { status: this.want ? 'CONNECTING' : 'CLOSED', data: null, stats: idleStats(0), error: null };
    // Stable functions: components pass them around and list them in dependencies.
    this.send = this.send.bind(this);
    this.open = this.open.bind(this);
    this.close = this.close.bind(this);
    this.reconnect = this.reconnect.bind(this);
    this.subscribe = this.subscribe.bind(this);
    this.snapshot = () => this.state;
    this.refresh = () => this.update({});
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  update(patch) {
    const ws = this.ws;
    let status;
    let stats;
    if (ws) {
      status = STATUS[ws.readyState];
      stats = ws.stats;
    } else {
      status = this.want && !this.disposed && this.state.error === null ? 'CONNECTING' : 'CLOSED';
      stats = idleStats(this.pending.length);
    }
    this.state = Object.assign({}, this.state, { status, stats }, patch);
    for (const fn of this.listeners) fn();
  }

  /** The component is on screen (client only): create the instance, connect if wanted. */
  mount() {
    this.mounted = true;
    if (this.disposed) {
      this.disposed = false;
      this.want = this.handlers.immediate;
    }
    this.build();
  }

  /**
   * The component went away, perhaps only for a moment: React's StrictMode (and a re-shown
   * Activity) unmounts and mounts again within one commit. Dispose only if no mount follows
   * before the queued microtask runs, so the same instance, its one socket and its outbox
   * survive the simulated unmount. (A promise, not queueMicrotask: mini-program hosts lack it.)
   */
  release() {
    this.mounted = false;
    Promise.resolve().then(() => {
      if (!this.mounted) this.dispose();
    });
  }

  /** Close, report what was never sent (`drop` events), and free the instance. */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.mounted = false;
    this.want = false;
    const ws = this.ws;
    this.ws = null;
    if (ws) retire(ws);
    this.dropPending();
    this.update({});
  }

  /** React: a new URL string means a new instance (the old one closes first, synchronously). */
  retarget(url) {
    if (url === this.url) return;
    this.url = url;
    if (!this.ws) return;
    const ws = this.ws;
    this.ws = null;
    retire(ws);
    this.build();
  }

  build() {
    if (this.ws || this.loading || !this.mounted || this.disposed) return;
    let got;
    try {
      got = resolveSource(this.source);
    } catch (err) {
      return this.fail(err);
    }
    if (!isThenable(got)) return this.create(got);
    this.loading = true;
    got.then((cls) => {
      this.loading = false;
      this.create(cls);
    }, (err) => {
      this.loading = false;
      this.fail(err);
    });
  }

  create(Cls) {
    if (this.ws || !this.mounted || this.disposed) return;
    let ws;
    try {
      ws = new Cls(this.url, (data, event) => {
        this.update({ data });
        if (this.handlers.onMessage) this.handlers.onMessage(data, event);
      }, this.rest);
    } catch (err) {
      return this.fail(err);
    }
    for (const type of EVENTS) ws.addEventListener(type, this.refresh);
    ws.addEventListener('drop', (event) => {
      this.refresh();
      this.dropped(event);
    });
    this.ws = ws;
    const early = this.pending;
    this.pending = [];
    for (const data of early) this.sendTo(ws, data);
    if (this.want) ws.connect(this.connectData);
    this.connectData = undefined;
    this.update({ error: null });
  }

  /** Loading or constructing failed: nothing to drive; the error is state, and logged. */
  fail(err) {
    this.want = false;
    console.error(err);
    this.update({ error: err });
  }

  /** An early send handed over late: what the class refuses becomes a `drop`, like its own. */
  sendTo(ws, data) {
    try {
      ws.send(data);
    } catch (err) {
      this.dropped({ type: 'drop', data, reason: err instanceof RangeError ? 'queue-full' : 'rejected' });
    }
  }

  dropped(event) {
    if (this.handlers.onDrop) this.handlers.onDrop(event);
  }

  dropPending() {
    const lost = this.pending;
    this.pending = [];
    for (const data of lost) this.dropped({ type: 'drop', data, reason: 'closed' });
  }

  send(data) {
    if (this.ws) {
      const now = this.ws.send(data);
      this.refresh();
      return now;
    }
    if (this.disposed) {
      this.dropped({ type: 'drop', data, reason: 'closed' });
      return false;
    }
    this.pending.push(data);
    this.refresh();
    return false;
  }

  open(data) {
    this.want = true;
    if (this.ws) this.ws.connect(data);
    else this.connectData = data;
    if (this.state.error !== null) this.state = Object.assign({}, this.state, { error: null });
    this.build();
    this.refresh();
  }

  close(code, reason) {
    this.want = false;
    if (this.ws) this.ws.close(code, reason);
    else this.dropPending();
    this.refresh();
  }

  reconnect() {
    this.want = true;
    if (this.ws) this.ws.reconnect();
    this.build();
    this.refresh();
  }

  /** Vue: the URL ref changed; an active link follows it now, an idle one at its next open. */
  follow() {
    const ws = this.ws;
    if (ws && (ws.readyState === 0 || ws.readyState === 1)) ws.reconnect();
  }
}
