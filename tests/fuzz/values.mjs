// Hostile JS values for the public-surface fuzzer, and the seeded generator that picks them.
// Plain ES2020, no imports, no DOM: it runs unchanged in a page, a worker, Node and any other
// engine. Values are made fresh at each use (a revoked Proxy, a detached buffer) in the realm
// that imports this file, by name, so a plan of calls (names only) can be generated and printed
// anywhere from the seed alone.

/** The error every hostile getter, trap, toString and valueOf throws: its own, not the library's. */
export class FuzzThrow extends Error {
  constructor(where) {
    super('fuzz: thrown by the value itself (' + where + ')');
    this.name = 'FuzzThrow';
  }
}

const thrower = (where) => () => { throw new FuzzThrow(where); };

/** A Proxy whose every trap throws (typeof 'object', or 'function' over a function target). */
function throwingProxy(target) {
  const traps = {};
  for (const t of ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'defineProperty',
    'deleteProperty', 'apply', 'construct', 'isExtensible', 'preventExtensions', 'setPrototypeOf']) {
    traps[t] = thrower('proxy ' + t);
  }
  return new Proxy(target, traps);
}

function revoked(target) {
  const r = Proxy.revocable(target, {});
  r.revoke();
  return r.proxy;
}

/** An ArrayBuffer whose contents were transferred away (byteLength 0, unusable). */
function detachedBuffer() {
  const b = new ArrayBuffer(16);
  if (typeof structuredClone === 'function') structuredClone(b, { transfer: [b] });
  else if (typeof ArrayBuffer.prototype.transfer === 'function') b.transfer();
  return b;
}

let hugeAscii;
let hugeWide;
// 2^20 UTF-16 units each: large enough that a copy into wasm memory shows, small enough for
// thousands of calls. Built once.
const huge = () => hugeAscii || (hugeAscii = 'x'.repeat(1 << 20));
const hugeNonAscii = () => hugeWide || (hugeWide = '\u20ac\ud83d\ude00'.repeat(1 << 18) + '\ud800');

/**
 * Every kind of value, by name. `make()` returns a fresh one. The names are what a failure
 * report prints; the order is part of the seed's meaning (append, never reorder).
 */
export const KINDS = {
  undefined: () => undefined,
  null: () => null,
  true: () => true,
  false: () => false,
  zero: () => 0,
  negZero: () => -0,
  NaN: () => NaN,
  Infinity: () => Infinity,
  negInfinity: () => -Infinity,
  twoPow53: () => 2 ** 53,
  fraction: () => 1.5,
  minusOne: () => -1,
  hugeNumber: () => 1e300,
  code1000: () => 1000,
  code4000: () => 4000,
  emptyString: () => '',
  numericString: () => '0',
  urlString: () => 'ws://127.0.0.1:1/ws',
  eventName: () => 'open',
  blobString: () => 'blob',
  arraybufferString: () => 'arraybuffer',
  loneSurrogate: () => '\ud800',
  loneSurrogateAfterName: () => 'open\udc00',
  hugeString: () => huge(),
  hugeNonAsciiString: () => hugeNonAscii(),
  symbol: () => Symbol('fuzz'),
  wellKnownSymbol: () => Symbol.iterator,
  bigint: () => 10n,
  hugeBigint: () => 2n ** 70n,
  plainObject: () => ({}),
  nullPrototype: () => Object.create(null),
  throwingToString: () => ({ toString: thrower('toString'), valueOf: thrower('valueOf') }),
  throwingValueOf: () => ({ valueOf: thrower('valueOf') }),
  objectToString: () => ({ toString: () => ({}), valueOf: () => ({}) }),
  toStringOpen: () => ({ toString: () => 'open' }),
  throwingGetters: () => new Proxy({}, { get: thrower('getter') }),
  getterObject: () => Object.defineProperties({}, Object.fromEntries(['once', 'capture', 'handleEvent', 'then',
    'length', 'byteLength', 'size', 'constructor', 'interval', 'minDelay', 'maxMessages', 'data']
    .map((k) => [k, { get: thrower('get ' + k), enumerable: true }]))),
  revokedProxy: () => revoked({}),
  revokedFunctionProxy: () => revoked(function f() {}),
  throwingProxy: () => throwingProxy({}),
  throwingFunctionProxy: () => throwingProxy(function f() {}),
  function: () => function fuzzFn() {},
  throwingFunction: () => thrower('function call'),
  asyncFunction: () => async () => Symbol('resolved'),
  arrowReturningSymbol: () => () => Symbol('returned'),
  class: () => class Fuzz {},
  handleEventObject: () => ({ handleEvent: thrower('handleEvent') }),
  onceOptions: () => ({ once: true }),
  array: () => [],
  arrayOfHostile: () => [Symbol('a'), Object.create(null), undefined],
  sparseHugeArray: () => { const a = []; a.length = 2 ** 32 - 1; return a; },
  uint8Array: () => new Uint8Array([1, 2, 3]),
  dataView: () => new DataView(new ArrayBuffer(4)),
  arrayBuffer: () => new ArrayBuffer(8),
  detachedBuffer: () => detachedBuffer(),
  viewOfDetached: () => { const u = new Uint8Array(16); const b = u.buffer; detachOf(b); return u; },
  blob: () => (typeof Blob === 'function' ? new Blob(['fuzz']) : new Uint8Array(1)),
  date: () => new Date(0),
  invalidDate: () => new Date(NaN),
  regexp: () => /fuzz/g,
  error: () => new TypeError('fuzz'),
  promise: () => new Promise(() => {}),
  rejectedPromise: () => { const p = Promise.reject(new FuzzThrow('promise')); p.catch(() => {}); return p; },
  map: () => new Map([['heartbeat', false]]),
  frozenObject: () => Object.freeze({ heartbeat: Object.freeze({}) }),
  // Socket constructors (option `WebSocket`) whose sockets are hostile.
  socketThrowingAccessors: () => class HostileSocket {
    constructor() { this.readyState = 0; }
    get reportsSendResults() { throw new FuzzThrow('socket reportsSendResults'); }
    set binaryType(v) { throw new FuzzThrow('socket binaryType'); }
    get binaryType() { throw new FuzzThrow('socket binaryType'); }
    set onopen(v) { throw new FuzzThrow('socket onopen'); }
    set onmessage(v) { throw new FuzzThrow('socket onmessage'); }
    set onclose(v) { throw new FuzzThrow('socket onclose'); }
    set onerror(v) { throw new FuzzThrow('socket onerror'); }
    get bufferedAmount() { throw new FuzzThrow('socket bufferedAmount'); }
    get protocol() { throw new FuzzThrow('socket protocol'); }
    send() { throw new FuzzThrow('socket send'); }
    close() { throw new FuzzThrow('socket close'); }
  },
  socketProxy: () => function ProxySocket() { return throwingProxy({}); },
  socketOpensAtOnce: () => class EagerSocket {
    constructor() { this.readyState = 1; this.protocol = Symbol('p'); this.bufferedAmount = 'x'; }
    set onopen(f) { if (typeof f === 'function') f(Object.create(null)); }
    set onmessage(f) { if (typeof f === 'function') { f(undefined); f({ data: Symbol('d') }); } }
    set onclose(f) { if (typeof f === 'function') f({ code: NaN, reason: {}, wasClean: 'yes' }); }
    send() {}
    close() {}
  },
};

function detachOf(b) {
  if (typeof structuredClone === 'function') structuredClone(b, { transfer: [b] });
  else if (typeof b.transfer === 'function') b.transfer();
}

export const KIND_NAMES = Object.keys(KINDS);

/** mulberry32: a tiny seeded PRNG, the same stream in every engine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

/** The seed of a run: `env` as a number, a random one for "random", else 13 (the default). */
export function seedFromEnv(env) {
  if (env === 'random') return (Math.random() * 2 ** 32) >>> 0;
  return env ? Number(env) >>> 0 : 13;
}

/** A fresh value of kind `name`. */
export function make(name) {
  const f = KINDS[name];
  if (!f) throw new Error('fuzz: no value kind ' + name);
  return f();
}

/**
 * How a call ended: 'ok' (returned), 'typed' (TypeError, RangeError or SyntaxError), 'own' (the
 * hostile value's own FuzzThrow propagated, as WebIDL conversions do), or 'bad: …' (anything
 * else: a RuntimeError from a wasm trap, a plain Error, a non-Error).
 */
export function classify(threw, error, allow = () => false) {
  if (!threw) return 'ok';
  const classes = classesOf(error);
  if (classes.includes('FuzzThrow')) return 'own';
  if (classes.some((c) => c === 'TypeError' || c === 'RangeError' || c === 'SyntaxError')) return 'typed';
  if (allow(error)) return 'typed';
  return 'bad: ' + describeError(error);
}

/**
 * The constructor names along `e`'s prototype chain: by name, not instanceof, since errors may
 * come from another realm (a vm sandbox); a RangeError renamed 'InvalidAccessError' is a RangeError.
 */
function classesOf(e) {
  const out = [];
  try {
    for (let p = e !== null && typeof e === 'object' ? Object.getPrototypeOf(e) : null; p; p = Object.getPrototypeOf(p)) {
      const c = Object.getOwnPropertyDescriptor(p, 'constructor');
      if (c && typeof c.value === 'function') out.push(c.value.name);
    }
  } catch (x) { /* a Proxy thrown: no classes */ }
  return out;
}

/** A short, never-throwing description of a thrown value. */
export function describeError(e) {
  try {
    if (e !== null && typeof e === 'object') return String(e.name) + ': ' + String(e.message).slice(0, 200);
    return typeof e + ' ' + String(e).slice(0, 200);
  } catch (x) {
    return 'an undescribable thrown value';
  }
}
