// Host helpers the driver calls. Each does in one call what took several wasm-bindgen imports
// (and the Rust code around them): fewer imports make both the wasm and the JS glue smaller.

/** The global object: `globalThis`, or what older mini-program engines have instead. */
export function globalObject() {
  if (typeof globalThis !== 'undefined') return globalThis;
  if (typeof self !== 'undefined') return self;
  if (typeof window !== 'undefined') return window;
  return typeof global !== 'undefined' ? global : {};
}

/** `new ctor(url)` or `new ctor(url, protocols)`, whatever the constructor (browser, `ws`, facade). */
export function construct(ctor, url, protocols) {
  const socket = Reflect.construct(ctor, protocols === undefined ? [url] : [url, protocols]);
  if (typeof socket !== 'object' || socket === null) {
    throw new TypeError('heartsocket: the WebSocket constructor did not return an object');
  }
  return socket;
}

/** Calls `done(true, value)` or `done(false, reason)` once `thenable` settles. */
export function whenSettled(thenable, done) {
  Promise.resolve(thenable).then((value) => done(true, value), (reason) => done(false, reason));
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
    n = data.length;
    if (n <= max) {
      // A pair is 4 bytes; a lone surrogate 3, as the U+FFFD it is sent as.
      n = 0;
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        const pair = c >= 0xd800 && c < 0xdc00 && (data.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        n += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        if (pair) i++;
      }
    }
  } else if (data instanceof ArrayBuffer) {
    n = data.byteLength;
  } else if (typeof data === 'object' && data !== null) {
    // A Blob's `size` (or a view's `byteLength`); anything else is not judged.
    n = data.size;
    if (typeof n !== 'number') n = data.byteLength;
  }
  return typeof n === 'number' && n > max ? n : -1;
}
