// TextEncoder / TextDecoder for mini-program runtimes that lack them (real WeChat devices do;
// DevTools does not, which is why a package can pass in the simulator and fail on a phone).
// The wasm-bindgen glue builds `new TextDecoder('utf-8', {ignoreBOM: true, fatal: true})` and
// calls `decode()` with no argument while it is being evaluated, so these must exist first.
//
// Deliberately sloppy mode (no 'use strict'): `findGlobal` relies on `this` being the global
// object inside a plain function call, the one way to reach it without `Function`/`eval`, which
// mini-programs forbid, when neither `globalThis`, `self`, `window` nor `global` names it.

/**
 * The global object of this runtime, found without `eval` or `new Function`.
 * @returns {object}
 */
function findGlobal() {
  if (typeof globalThis !== 'undefined' && globalThis) return globalThis;
  if (typeof self !== 'undefined' && self && self.self === self) return self;
  if (typeof window !== 'undefined' && window && window.window === window) return window;
  if (typeof global !== 'undefined' && global) return global;
  var viaThis = (function () { return this; })();
  return viaThis || {};
}

var REPLACEMENT = 0xfffd;
var CHUNK = 0x2000; // code units per String.fromCharCode.apply call: stays far below arg limits

function normalizeLabel(label) {
  var l = label === undefined ? 'utf-8' : String(label).trim().toLowerCase();
  if (l === 'utf-8' || l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  throw new RangeError("heartsocket polyfill: TextDecoder only supports 'utf-8', got '" + label + "'");
}

/** Bytes of an ArrayBuffer or any view of one, without copying. */
function toBytes(input) {
  if (input === undefined || input === null) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (Object.prototype.toString.call(input) === '[object ArrayBuffer]' ||
      Object.prototype.toString.call(input) === '[object SharedArrayBuffer]') {
    return new Uint8Array(input);
  }
  throw new TypeError('heartsocket polyfill: TextDecoder.decode expects an ArrayBuffer or a view of one');
}

/**
 * A WHATWG-conformant UTF-8 TextDecoder (maximal-subpart replacement, `fatal`, `ignoreBOM`,
 * `{stream: true}`).
 * @param {string} [label]
 * @param {{fatal?: boolean, ignoreBOM?: boolean}} [options]
 * @constructor
 */
function TextDecoderPolyfill(label, options) {
  if (!(this instanceof TextDecoderPolyfill)) throw new TypeError("Constructor TextDecoder requires 'new'");
  normalizeLabel(label);
  var o = options || {};
  this.encoding = 'utf-8';
  this.fatal = !!o.fatal;
  this.ignoreBOM = !!o.ignoreBOM;
  this._pending = []; // bytes of an incomplete sequence carried between streamed calls
  this._bomSeen = false;
}

/**
 * @param {ArrayBuffer|ArrayBufferView} [input]
 * @param {{stream?: boolean}} [options]
 * @returns {string}
 */
TextDecoderPolyfill.prototype.decode = function (input, options) {
  var stream = !!(options && options.stream);
  var bytes = toBytes(input);
  if (this._pending.length) {
    var joined = new Uint8Array(this._pending.length + bytes.length);
    joined.set(this._pending, 0);
    joined.set(bytes, this._pending.length);
    bytes = joined;
    this._pending = [];
  }
  var units = [];
  var parts = [];
  var needed = 0, seen = 0, cp = 0, lower = 0x80, upper = 0xbf, seqStart = 0;
  var i = 0;
  var self = this;
  function emit(c) {
    if (c > 0xffff) {
      c -= 0x10000;
      units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
    } else {
      units.push(c);
    }
    if (units.length >= CHUNK) { parts.push(String.fromCharCode.apply(null, units)); units = []; }
  }
  function bad() {
    if (self.fatal) {
      self._pending = [];
      throw new TypeError('The encoded data was not valid utf-8');
    }
    emit(REPLACEMENT);
  }
  while (i < bytes.length) {
    var b = bytes[i];
    if (needed === 0) {
      seqStart = i;
      if (b <= 0x7f) { emit(b); i++; continue; }
      if (b >= 0xc2 && b <= 0xdf) { needed = 1; cp = b & 0x1f; }
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2; cp = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3; cp = b & 0x7;
      } else { bad(); }
      i++;
      continue;
    }
    if (b < lower || b > upper) {
      // The byte is not consumed: it may start the next sequence (maximal subpart rule).
      needed = seen = cp = 0; lower = 0x80; upper = 0xbf;
      bad();
      continue;
    }
    lower = 0x80; upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    seen++;
    i++;
    if (seen === needed) { emit(cp); needed = seen = cp = 0; }
  }
  if (needed !== 0) {
    if (stream) {
      this._pending = Array.prototype.slice.call(bytes, seqStart);
    } else {
      bad();
    }
  }
  if (units.length) parts.push(String.fromCharCode.apply(null, units));
  var out = parts.join('');
  if (!this.ignoreBOM && !this._bomSeen && out.length) {
    if (out.charCodeAt(0) === 0xfeff) out = out.slice(1);
    this._bomSeen = true;
  }
  if (!stream) this._bomSeen = false;
  return out;
};

/**
 * A UTF-8 TextEncoder with `encode` and `encodeInto`; lone surrogates become U+FFFD.
 * @constructor
 */
function TextEncoderPolyfill() {
  if (!(this instanceof TextEncoderPolyfill)) throw new TypeError("Constructor TextEncoder requires 'new'");
  this.encoding = 'utf-8';
}

/** Code point at `i` of `s` and how many UTF-16 units it spans (lone surrogates → U+FFFD). */
function codePointAt(s, i) {
  var c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    var d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), 2];
  }
  if (c >= 0xd800 && c <= 0xdfff) return [REPLACEMENT, 1];
  return [c, 1];
}

function utf8Length(cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function writeCodePoint(cp, out, at) {
  if (cp < 0x80) { out[at] = cp; return 1; }
  if (cp < 0x800) { out[at] = 0xc0 | (cp >> 6); out[at + 1] = 0x80 | (cp & 0x3f); return 2; }
  if (cp < 0x10000) {
    out[at] = 0xe0 | (cp >> 12); out[at + 1] = 0x80 | ((cp >> 6) & 0x3f); out[at + 2] = 0x80 | (cp & 0x3f);
    return 3;
  }
  out[at] = 0xf0 | (cp >> 18); out[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((cp >> 6) & 0x3f); out[at + 3] = 0x80 | (cp & 0x3f);
  return 4;
}

/**
 * @param {string} [input]
 * @returns {Uint8Array}
 */
TextEncoderPolyfill.prototype.encode = function (input) {
  var s = input === undefined ? '' : String(input);
  var size = 0;
  for (var i = 0; i < s.length;) { var p = codePointAt(s, i); size += utf8Length(p[0]); i += p[1]; }
  var out = new Uint8Array(size);
  var at = 0;
  for (var j = 0; j < s.length;) { var q = codePointAt(s, j); at += writeCodePoint(q[0], out, at); j += q[1]; }
  return out;
};

/**
 * Writes as much of `input` as fits in `dest`, never a partial character.
 * @param {string} input
 * @param {Uint8Array} dest
 * @returns {{read: number, written: number}}
 */
TextEncoderPolyfill.prototype.encodeInto = function (input, dest) {
  var s = String(input);
  var read = 0, written = 0;
  while (read < s.length) {
    var p = codePointAt(s, read);
    if (written + utf8Length(p[0]) > dest.length) break;
    written += writeCodePoint(p[0], dest, written);
    read += p[1];
  }
  return { read: read, written: written };
};

/** Byte length of a string in UTF-8, without allocating (lone surrogates count as U+FFFD). */
function utf8ByteLength(s) {
  var size = 0;
  for (var i = 0; i < s.length;) { var p = codePointAt(s, i); size += utf8Length(p[0]); i += p[1]; }
  return size;
}

/**
 * The runtime's own classes where it has them, else the polyfills.
 * @returns {{TextEncoder: Function, TextDecoder: Function}}
 */
function resolve() {
  var g = findGlobal();
  return {
    TextEncoder: typeof g.TextEncoder === 'function' ? g.TextEncoder
      : typeof TextEncoder === 'function' ? TextEncoder : TextEncoderPolyfill,
    TextDecoder: typeof g.TextDecoder === 'function' ? g.TextDecoder
      : typeof TextDecoder === 'function' ? TextDecoder : TextDecoderPolyfill,
  };
}

/**
 * Puts the polyfills on the global object where the runtime has none; never replaces a native one.
 * @returns {{installed: string[]}} the names that were added
 */
function install() {
  var g = findGlobal();
  var installed = [];
  var have = resolve();
  if (typeof g.TextEncoder !== 'function') { g.TextEncoder = have.TextEncoder; installed.push('TextEncoder'); }
  if (typeof g.TextDecoder !== 'function') { g.TextDecoder = have.TextDecoder; installed.push('TextDecoder'); }
  return { installed: installed };
}

module.exports = {
  findGlobal: findGlobal,
  install: install,
  resolve: resolve,
  utf8ByteLength: utf8ByteLength,
  TextEncoderPolyfill: TextEncoderPolyfill,
  TextDecoderPolyfill: TextDecoderPolyfill,
};
