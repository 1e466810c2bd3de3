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

/**
 * Calls `done(true, value)` or `done(false, reason)` once `thenable` settles (later, never from
 * inside this call: a `then` getter that throws is a rejection, not a throw through the wasm).
 */
export function whenSettled(thenable, done) {
  new Promise((resolve) => resolve(thenable)).then((value) => done(true, value), (reason) => done(false, reason));
}

/** `o[key]`, `undefined` if reading it throws (a socket or event is host- or user-supplied). */
export function getProp(o, key) {
  try {
    return o[key];
  } catch (e) {
    return undefined;
  }
}

/** `o[key] = v`, a refusal ignored. */
export function setProp(o, key, v) {
  try {
    o[key] = v;
  } catch (e) {
    // The socket keeps its own.
  }
}
