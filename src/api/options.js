// Option checks for `new WebSocketClass(url, onMessage, nameOrOptions)`, plus URL checks,
// redaction and value descriptions. JS, not Rust: this is string work with long messages, and
// compiled to wasm it was 23 KB of the module; the driver (src/api/driver.js) receives the
// result checked and normalised. Messages match the former Rust ones exactly (quoted strings made well-formed,
// as wasm-bindgen's conversion did). ES2017, no lookbehind: shipped as is to browsers and
// bundled for mini-program engines.

/** Largest timer delay: setTimeout treats more as 0. */
const MAX_DELAY = 2147483647;
const U32_MAX = 4294967295;
const MAX_SAFE = 9007199254740991;
/** Most entries `protocols` and `reconnect.stopOnCodes` take (a sparse array can claim 2^32 - 1). */
const MAX_LIST = 1024;

/**
 * The options: the one place where each option's default and allowed values are written.
 * `[default, min, max]` for a number (a whole number, unless 'real'), `[default, ...others]` for
 * a string with a fixed set of values, `[default]` or `[]` (none) for the rest; Infinity as a
 * default means "no bound". Its order is the order of the "allowed:" lists in messages. Read by
 * the checks below; by build.rs (the Rust core's defaults and ranges, src/core/config.rs); by
 * scripts/finish-glue.mjs (each `{{option}}` of the doc comments in src/wasm/typescript.rs becomes
 * its "Default …" sentence in heartsocket.d.ts); tests/node/errors/table.test.mjs checks the
 * README against it. One entry per line, values literal or the constants above (build.rs parses it).
 */
export const OPTIONS = {
  name: ['default'],
  protocols: [],
  binaryType: [],
  autoConnect: [false],
  url: [],
  openMessage: [],
  'heartbeat.interval': [5000, 1, MAX_DELAY],
  'heartbeat.timeout': [3000, 1, MAX_DELAY],
  'heartbeat.message': ['ping'],
  'heartbeat.pong': ['pong'],
  'heartbeat.resetOnMessage': [true],
  'reconnect.minDelay': [1000, 0, MAX_DELAY],
  'reconnect.maxDelay': [30000, 0, MAX_DELAY],
  'reconnect.factor': [2, 1, 100, 'real'],
  'reconnect.jitter': [0.5, 0, 1, 'real'],
  'reconnect.maxRetries': [Infinity, 0, U32_MAX],
  'reconnect.connectTimeout': [10000, 1, MAX_DELAY],
  'reconnect.minUptime': [5000, 0, MAX_DELAY],
  'reconnect.stopOnCodes': [[], 1000, 4999],
  'reconnect.shouldReconnect': [],
  'queue.maxMessages': [1000, 0, U32_MAX],
  'queue.maxBytes': [1048576, 0, MAX_SAFE],
  'queue.overflow': ['error', 'drop-oldest', 'drop-newest'],
  'queue.resend': [false],
  WebSocket: [],
  secureOnly: [false],
  debug: [false],
  lifecycle: [],
  maxMessageSize: [Infinity, 1, MAX_SAFE],
};

/** The keys of section `prefix` ('' for the top level), in table order. */
function keysOf(prefix) {
  const out = [];
  for (const path of Object.keys(OPTIONS)) {
    if (!path.startsWith(prefix)) continue;
    const key = path.slice(prefix.length).split('.')[0];
    if (out.indexOf(key) < 0) out.push(key);
  }
  return out;
}

const TOP = keysOf('');
const HEARTBEAT = keysOf('heartbeat.');
const RECONNECT = keysOf('reconnect.');
const QUEUE = keysOf('queue.');
const OVERFLOW = OPTIONS['queue.overflow'];
/** An option's default, with -1 for "none" (Infinity), as the driver reads it. */
const dflt = (path) => (OPTIONS[path][0] === Infinity ? -1 : OPTIONS[path][0]);
const P = 'heartsocket: ';

/** `s` with each lone surrogate replaced by U+FFFD (what a conversion to UTF-8 makes of it). */
export const wellFormed = (s) => s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (m) => (m.length > 1 ? m : '\uFFFD'));

/** A short description of a value for messages: its type, never its content. */
export function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeof v;
  if (t !== 'object') return t;
  let name;
  try {
    name = v.constructor.name;
  } catch (e) {
    name = undefined;
  }
  return typeof name === 'string' && name !== '' && name !== 'Object' ? 'an object of class ' + wellFormed(name) : 'a plain object';
}

/**
 * WebIDL's DOMString conversion (ECMAScript ToString), the one every string argument of the
 * class goes through before Rust sees it: a Symbol, or an object whose toString and valueOf give
 * no primitive (a null-prototype object), throws a TypeError; what its own toString or valueOf
 * throws propagates. (wasm-bindgen's glue copies a `&str` argument into wasm memory unchecked: a
 * non-string there once corrupted the allocator, see docs/RELIABILITY.md.)
 * A string too long to build is a RangeError naming `what` in every engine (docs/RELIABILITY.md,
 * "Engines"): V8 throws one itself; SpiderMonkey throws an InternalError ("allocation size
 * overflow", also its "too much recursion"), made a RangeError here; JavaScriptCore walks every
 * index of a sparse array of length 2^32 - 1 before it gives up (minutes: a frozen page), so an
 * array whose conversion is the intrinsic join of more than MAX_DOMSTRING commas is refused
 * before it is converted.
 */
function domString(v, what) {
  if (typeof v === 'string') return v;
  const tooLong = () => new RangeError(P + what + ' is longer than a string can be');
  if (joinsPastMax(v)) throw tooLong();
  try {
    return `${v}`;
  } catch (e) {
    if (typeof InternalError === 'function' && e instanceof InternalError) {
      throw tooLong();
    }
    throw e;
  }
}

/** V8's maximum string length (2^29 - 24 UTF-16 units), the smallest of the three engines'. */
const MAX_DOMSTRING = 2 ** 29 - 24;

/**
 * Whether `v` is an array whose ToString is Array.prototype.toString's join of `v.length`
 * elements with ",": at least `v.length - 1` units, here past MAX_DOMSTRING. Only arrays, so
 * nothing else has a property read that its conversion would not read; the methods are read only
 * for an array that long.
 */
function joinsPastMax(v) {
  if (!Array.isArray(v) || !(v.length - 1 > MAX_DOMSTRING)) return false;
  return v[Symbol.toPrimitive] == null && v.toString === Array.prototype.toString && v.join === Array.prototype.join;
}

/** `s` for a message: well-formed, and cut after 40 characters. */
const quote = (s) => wellFormed(s.length > 40 ? s.slice(0, 40) + '…' : s);

/**
 * `addEventListener`/`removeEventListener`'s arguments converted as EventTarget converts them, in
 * argument order: `type` to a DOMString; `listener` null or undefined (the call then does
 * nothing), a function or an object (anything else: TypeError); `options` a boolean, or an object
 * whose `capture` and, when adding, `once` are read (a throwing getter's error propagates).
 * Returns `[type, once]`, with type `''` when there is nothing to do: no listener, or a type
 * longer than `maxType` (no event of this class has one; it is never copied into wasm memory).
 */
export function listenerArgs(type, listener, options, adding, maxType) {
  let t = domString(type, (adding ? 'add' : 'remove') + 'EventListener\'s type');
  const none = listener === undefined || listener === null;
  if (!none && typeof listener !== 'object' && typeof listener !== 'function') {
    throw new TypeError(P + (adding ? 'add' : 'remove') +
      'EventListener: the listener must be a function, an object with handleEvent, or null, got ' + describe(listener));
  }
  let once = false;
  if ((typeof options === 'object' && options !== null) || typeof options === 'function') {
    // Read for its getter, as the DOM's dictionary conversion does; capture means nothing here.
    void options.capture;
    if (adding) once = !!options.once;
  }
  if (none || t.length > maxType) t = '';
  return [t, once];
}

/** A `binaryType` value after DOMString conversion: "blob" or "arraybuffer", else a TypeError. */
export function binaryType(v) {
  const s = domString(v, 'binaryType');
  if (s !== 'blob' && s !== 'arraybuffer') {
    throw new TypeError(P + 'binaryType must be "blob" or "arraybuffer", got "' + quote(s) + '"');
  }
  return s;
}

/** `o[key]`, `undefined` for `null`, `undefined` or a throwing getter. */
function get(o, key) {
  let v;
  try {
    v = o[key];
  } catch (e) {
    return undefined;
  }
  return v === null ? undefined : v;
}

const isPlain = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function wrongType(path, expected, v) {
  return new TypeError(P + "option '" + path + "' must be " + expected + ', got ' + describe(v));
}

/** `o[key]` of type `type` (or absent), else a TypeError naming `path`. */
function typed(o, key, path, type, expected) {
  const v = get(o, key);
  if (v !== undefined && typeof v !== type) throw wrongType(path, expected, v);
  return v;
}

function func(v, path, expected) {
  if (typeof v !== 'function') throw wrongType(path, expected, v);
  return v;
}

/** A whole number in [min, max], else a RangeError like the core's `ConfigError`. */
function whole(path, v, min, max) {
  real(path, v, min, max);
  if (v % 1 !== 0) throw new RangeError(P + "option '" + path + "' must be a whole number, got " + String(v));
  return v;
}

function real(path, v, min, max) {
  if (!(v >= min && v <= max)) {
    throw new RangeError(P + "option '" + path + "' must be a number from " + min + ' to ' + max + ', got ' + String(v));
  }
  return v;
}

/** `v` checked against the range of option `path` in OPTIONS. */
function inRange(path, v) {
  const [, min, max, kind] = OPTIONS[path];
  return kind === 'real' ? real(path, v, min, max) : whole(path, v, min, max);
}

/**
 * Number option `section[key]` checked against its range, or its default when absent; `Infinity`
 * is "no bound" (-1) where that is the default.
 */
function number(section, key, prefix, expected = 'a number') {
  const path = prefix + key;
  const v = typed(section, key, path, 'number', expected);
  if (v === undefined) return dflt(path);
  return v === Infinity && OPTIONS[path][0] === Infinity ? -1 : inRange(path, v);
}

/** Option `section[key]` of type `type`, or its default when absent. */
function typedOr(section, key, prefix, type, expected) {
  const v = typed(section, key, prefix + key, type, expected);
  return v === undefined ? dflt(prefix + key) : v;
}

/** The allowed key closest to `key` (within 2 edits, ignoring ASCII case), if any. */
function didYouMean(key, allowed) {
  const lower = (c) => (c >= 'A' && c <= 'Z' ? String.fromCharCode(c.charCodeAt(0) + 32) : c);
  const a = Array.from(key, lower);
  let best;
  let bestD = 3;
  for (const k of allowed) {
    let prev = Array.from({ length: k.length + 1 }, (_, j) => j);
    for (let i = 0; i < a.length; i++) {
      const cur = [i + 1];
      for (let j = 0; j < k.length; j++) {
        cur.push(Math.min(prev[j] + (a[i] === lower(k[j]) ? 0 : 1), prev[j + 1] + 1, cur[j] + 1));
      }
      prev = cur;
    }
    const d = prev[k.length];
    if (d < bestD && d < k.length) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function checkKeys(o, allowed, prefix) {
  if (!(o instanceof Object)) return;
  for (const key of Object.keys(o)) {
    if (allowed.indexOf(key) >= 0) continue;
    const hint = didYouMean(key, allowed);
    throw new TypeError(P + "unknown option '" + prefix + wellFormed(key) + "'" +
      (hint ? " (did you mean '" + prefix + hint + "'?)" : '') +
      '; allowed: ' + allowed.map((k) => prefix + k).join(', '));
  }
}

/** `[section or undefined, on]` for an option that is `true`, `false`, absent or an object. */
function section(o, key, allowed) {
  const v = get(o, key);
  if (v === undefined) return [undefined, true];
  if (typeof v === 'boolean') return [undefined, v];
  if (!isPlain(v)) throw wrongType(key, 'false, true or an object', v);
  checkKeys(v, allowed, key + '.');
  return [v, true];
}

/** Why `url` is not a usable WebSocket URL, or `''`. */
function urlProblem(url) {
  if (url.indexOf('#') >= 0) return 'a WebSocket URL cannot have a fragment (#)';
  // Rust's char::is_whitespace and char::is_control (not JS's \s, which adds U+FEFF).
  if (/[\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/.test(url)) {
    return 'it contains whitespace or control characters';
  }
  const rest = url.slice(url.indexOf('://') + 3);
  const authority = rest.split(/[/?]/)[0];
  // Credentials (user:pass@) are allowed by the URL grammar; the host follows the last '@'.
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  let host = hostPort;
  let port;
  if (hostPort[0] === '[') {
    const end = hostPort.indexOf(']');
    if (end >= 0) {
      host = hostPort.slice(0, end + 1);
      if (hostPort[end + 1] === ':') port = hostPort.slice(end + 2);
    }
  } else if (hostPort.lastIndexOf(':') >= 0) {
    host = hostPort.slice(0, hostPort.lastIndexOf(':'));
    port = hostPort.slice(hostPort.lastIndexOf(':') + 1);
  }
  if (host === '' || host === '[]') return 'the host is empty';
  if ((host[0] === '[') !== (host[host.length - 1] === ']')) return 'the IPv6 host is not closed with ]';
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) <= 65535)) {
    return 'the port must be a number from 0 to 65535';
  }
  return '';
}

/**
 * Checks a WebSocket URL: `ws://` or `wss://` (only `wss://` with `secureOnly`), a host, a
 * valid port, no fragment, no whitespace. Throws a SyntaxError naming the redacted URL.
 */
export function checkUrl(url, secureOnly) {
  const wss = /^wss:\/\//i.test(url);
  if (!wss && /^ws:\/\//i.test(url) && secureOnly) {
    throw new SyntaxError(P + 'URL "' + redact(url) + "\" is not wss:// but option 'secureOnly' is true");
  }
  const why = wss || /^ws:\/\//i.test(url) ? urlProblem(url) : 'the scheme must be ws:// or wss://';
  if (why) throw new SyntaxError(P + 'invalid URL "' + redact(url) + '": ' + why);
}

/** Query parameter names whose values never appear in messages or debug lines. */
const SECRET = /token|key|auth|pass|secret|sig|session|jwt|ticket|code|credential/i;

/** `url` with credentials (`user:pass@`), secret-looking query values and any fragment as `***`. */
export function redact(url) {
  url = wellFormed(url);
  const hash = url.indexOf('#');
  if (hash >= 0) url = url.slice(0, hash);
  const q = url.indexOf('?');
  const before = q >= 0 ? url.slice(0, q) : url;
  // Without a scheme ("user:pass@host/…", a typo) the authority still starts the string.
  const scheme = before.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  const rest = before.slice(start);
  const slash = rest.indexOf('/');
  const at = (slash >= 0 ? rest.slice(0, slash) : rest).lastIndexOf('@');
  let out = before.slice(0, start) + (at >= 0 ? '***' + rest.slice(at) : rest);
  if (q >= 0) {
    out += '?' + url.slice(q + 1).split('&').map((pair) => {
      const eq = pair.indexOf('=');
      return eq >= 0 && SECRET.test(pair.slice(0, eq)) ? pair.slice(0, eq) + '=***' : pair;
    }).join('&');
  }
  return hash >= 0 ? out + '#***' : out;
}

/** Byte size of a value `send` takes (-1 for a string), else a TypeError naming `what`. */
export function payloadSize(v, what) {
  if (typeof v === 'string') return -1;
  if (typeof v === 'object' && v !== null) {
    let n;
    if (v instanceof ArrayBuffer) return v.byteLength;
    if (ArrayBuffer.isView(v)) n = get(v, 'byteLength');
    else if (typeof Blob !== 'undefined' && v instanceof Blob) n = get(v, 'size');
    if (typeof n === 'number' && n >= 0 && n < Infinity) return Math.floor(n);
  }
  throw new TypeError(P + what + ' takes a string, ArrayBuffer, ArrayBufferView or Blob, got ' + describe(v));
}

/**
 * UTF-8 size of `s`; a lone surrogate counts 3 bytes, as the U+FFFD it is sent as. Measured
 * here rather than by copying the string into wasm memory: every message sent is measured now
 * (in-flight messages count against `queue.maxBytes`).
 */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (pair) i++;
  }
  return n;
}

/**
 * The size of an incoming message (UTF-8 bytes for text) if it is larger than `max` bytes,
 * else -1. Text is only measured exactly near the limit: its UTF-16 length bounds its UTF-8
 * size from both sides (x1 and x3).
 */
export function sizeOver(data, max) {
  let n;
  if (typeof data === 'string') {
    if (data.length * 3 <= max) return -1;
    n = data.length > max ? data.length : utf8Length(data);
  } else if (data instanceof ArrayBuffer) {
    n = data.byteLength;
  } else if (typeof data === 'object' && data !== null) {
    // A Blob's `size` (or a view's `byteLength`); anything else is not judged.
    n = data.size;
    if (typeof n !== 'number') n = data.byteLength;
  }
  return typeof n === 'number' && n > max ? n : -1;
}

/**
 * Checks `close(code, reason)` like the WHATWG WebSocket: code 1000 or 3000-4999 (RangeError,
 * the browser's InvalidAccessError), reason at most 123 UTF-8 bytes (SyntaxError).
 */
export function checkClose(code, reason) {
  if (code !== undefined) {
    if (typeof code !== 'number') throw new TypeError(P + 'close code must be a number');
    if ((code !== 1000 && !(code >= 3000 && code <= 4999)) || code % 1 !== 0) {
      throw new RangeError(P + 'close code must be 1000 or an integer from 3000 to 4999, got ' + String(code));
    }
  }
  if (reason !== undefined) {
    if (typeof reason !== 'string') throw new TypeError(P + 'close reason must be a string');
    const n = utf8Length(reason);
    if (n > 123) throw new SyntaxError(P + 'close reason must be at most 123 UTF-8 bytes, got ' + n);
  }
}

/**
 * A copy of array option `v` whose entries all have type `type` (holes count as undefined), else
 * a TypeError naming `path`; a RangeError past MAX_LIST entries.
 */
function listOf(v, path, type, expected) {
  if (!Array.isArray(v)) throw wrongType(path, expected, v);
  const n = v.length;
  if (n > MAX_LIST) throw new RangeError(P + "option '" + path + "' takes at most " + MAX_LIST + ' entries, got ' + n);
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (typeof x !== type) throw wrongType(path, expected, v);
    out.push(x);
  }
  return out;
}

function checkProtocols(list) {
  list.forEach((p, i) => {
    const why = !/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(p) ? '" is not a valid subprotocol name'
      : list.indexOf(p) < i ? '" is given twice' : '';
    if (why) throw new SyntaxError(P + "option 'protocols': \"" + wellFormed(p) + why);
  });
}

function heartbeat(o) {
  const [s, on] = section(o, 'heartbeat', HEARTBEAT);
  if (!on) return null;
  const H = 'heartbeat.';
  const h = { interval: number(s, 'interval', H), timeout: number(s, 'timeout', H) };
  h.message = typedOr(s, 'message', H, 'string', 'a string');
  h.resetOnMessage = typedOr(s, 'resetOnMessage', H, 'boolean', 'a boolean');
  const p = get(s, 'pong');
  h.pong = p === undefined ? dflt('heartbeat.pong')
    : typeof p === 'string' ? p : func(p, 'heartbeat.pong', 'a string or a function (data) => boolean');
  return h;
}

function reconnect(o) {
  const [s, on] = section(o, 'reconnect', RECONNECT);
  if (!on) return null;
  const R = 'reconnect.';
  const r = { minDelay: number(s, 'minDelay', R), maxDelay: number(s, 'maxDelay', R) };
  r.factor = number(s, 'factor', R);
  r.jitter = number(s, 'jitter', R);
  r.maxRetries = number(s, 'maxRetries', R);
  // `false` or Infinity: wait for the host (-1).
  const t = get(s, 'connectTimeout');
  r.connectTimeout = t === false || t === Infinity ? -1 : number(s, 'connectTimeout', R);
  r.minUptime = number(s, 'minUptime', R);
  const codes = get(s, 'stopOnCodes');
  r.stopOnCodes = codes === undefined ? []
    : listOf(codes, 'reconnect.stopOnCodes', 'number', 'an array of close codes').map((c) => inRange('reconnect.stopOnCodes', c));
  const hook = get(s, 'shouldReconnect');
  if (hook !== undefined) r.shouldReconnect = func(hook, 'reconnect.shouldReconnect', 'a function (closeEvent) => boolean');
  return r;
}

function queue(o) {
  const s = get(o, 'queue');
  if (s !== undefined) {
    if (!isPlain(s)) throw wrongType('queue', 'an object {maxMessages, maxBytes, overflow, resend}', s);
    checkKeys(s, QUEUE, 'queue.');
  }
  const Q = 'queue.';
  const q = { maxMessages: number(s, 'maxMessages', Q), maxBytes: number(s, 'maxBytes', Q) };
  const overflow = typedOr(s, 'overflow', Q, 'string', 'a string');
  q.overflow = OVERFLOW.indexOf(overflow);
  if (q.overflow < 0) {
    throw new TypeError(P + "option 'queue.overflow' must be one of " + OVERFLOW.map((v) => '"' + v + '"').join(', ') +
      ', got "' + wellFormed(overflow) + '"');
  }
  q.resend = typedOr(s, 'resend', Q, 'boolean', 'true or false');
  return q;
}

/** Rules between options (the core's `Config::validate`), as RangeErrors. */
function crossCheck(h, r) {
  const rule = (path, text) => new RangeError(P + "option '" + path + "' " + text);
  if (h && h.message === '') throw rule('heartbeat.message', 'must be a non-empty string');
  if (h && h.pong === '') throw rule('heartbeat.pong', 'must be a non-empty string or a function (data) => boolean');
  if (r && r.maxDelay < r.minDelay) throw rule('reconnect.maxDelay', 'must be greater than or equal to reconnect.minDelay');
}

/**
 * Checks the constructor's arguments (`global` is the global object, for its WebSocket) and
 * returns them normalised (defaults filled in, numbers checked, `-1` for "none"), or throws the
 * TypeError, RangeError or SyntaxError a browser would.
 */
export function parseOptions(url, onMessage, third, global) {
  if (onMessage !== undefined && onMessage !== null && typeof onMessage !== 'function') {
    throw new TypeError(P + 'onMessage must be a function');
  }
  let o = {};
  let name = dflt('name');
  if (typeof third === 'string') name = third;
  else if (isPlain(third)) {
    checkKeys(third, TOP, '');
    o = third;
    name = typedOr(o, 'name', '', 'string', 'a string');
  } else if (third !== undefined && third !== null) {
    throw new TypeError(P + 'the third argument must be a name (string) or an options object, got ' + describe(third));
  }
  const secureOnly = typedOr(o, 'secureOnly', '', 'boolean', 'a boolean');
  const h = heartbeat(o);
  const r = reconnect(o);
  const q = queue(o);
  crossCheck(h, r);
  const given = get(o, 'url');
  if (url !== undefined && url !== null && given !== undefined) {
    throw new TypeError(P + "give the URL once: as the first argument or as option 'url', not both");
  }
  if (url === undefined || url === null) url = given;
  if (url === undefined) throw new TypeError(P + 'a URL is required (a string or a function returning one)');
  if (typeof url === 'string') checkUrl(url, secureOnly);
  else func(url, 'url', 'a string or a function () => string | Promise<string>');
  let protocols = get(o, 'protocols');
  if (protocols !== undefined) {
    const list = typeof protocols === 'string' ? [protocols] : listOf(protocols, 'protocols', 'string', 'a string or an array of strings');
    checkProtocols(list);
    // A copy: the user's array could change before a later attempt reads it.
    if (typeof protocols !== 'string') protocols = list;
  }
  const bt = typed(o, 'binaryType', 'binaryType', 'string', '"blob" or "arraybuffer"');
  if (bt !== undefined) binaryType(bt);
  const autoConnect = typedOr(o, 'autoConnect', '', 'boolean', 'a boolean');
  const openMessage = get(o, 'openMessage');
  const openSize = openMessage === undefined || typeof openMessage === 'function' ? -1 : payloadSize(openMessage, "option 'openMessage'");
  let ctor = get(o, 'WebSocket');
  if (ctor !== undefined) func(ctor, 'WebSocket', 'a WebSocket constructor');
  else {
    ctor = get(global, 'WebSocket');
    if (typeof ctor !== 'function') {
      throw new TypeError(P + "this runtime has no global WebSocket: pass option 'WebSocket' (Node's ws, a mini-program facade)");
    }
  }
  let debug = get(o, 'debug');
  if (debug !== undefined && typeof debug !== 'boolean') func(debug, 'debug', 'true, false or a function (line) => void');
  const lifecycle = get(o, 'lifecycle');
  if (lifecycle !== undefined && lifecycle !== false) func(lifecycle, 'lifecycle', 'false or a function (notify) => unsubscribe');
  const maxMessageSize = number(o, 'maxMessageSize', '', 'a number of bytes (or Infinity)');
  // Normalised: defaults filled in, numbers checked, -1 for "none"; `h`, `r` null when off.
  return {
    name, url, protocols, binaryType: bt, openMessage, openSize, ctor, debug, lifecycle, secureOnly, autoConnect,
    maxMessageSize, onMessage: typeof onMessage === 'function' ? onMessage : null, h, r, q,
  };
}

/**
 * The error of a refused send (the code of `Driver.send`, src/api/driver.js): 2, the queue is
 * full with `overflow: "error"`; 3, a re-entrant call from inside the socket host.
 */
export function sendError(code) {
  return code === 2
    ? new RangeError(P + 'the send queue is full (queue.maxMessages / queue.maxBytes) and queue.overflow is "error"')
    : new TypeError(P + 'send() called re-entrantly from the socket host');
}
