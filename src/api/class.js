// Members of WebSocketClass written in JS instead of exported from the wasm: each export costs
// a shim in the module and a wrapper in the glue, for what is here a line.
// Not an ES module of its own: scripts/finish-glue.mjs appends it to the wasm-bindgen glue, in
// the scope where `WebSocketClass` is defined. Types: `src/api/typescript.rs` (instance side)
// and scripts/finish-glue.mjs (the static constants).

// `onopen`, `onmessage`…: over the wasm's `__on(i)` / `__setOn(i, f)`, where `i` is the type's
// index in `core::wire::EVENT_NAMES` (src/core/wire.rs: this list is that one, in its order).
['open', 'message', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop'].forEach((type, i) => {
  Object.defineProperty(WebSocketClass.prototype, `on${type}`, {
    get() { return this.__on(i); },
    set(f) { this.__setOn(i, f); },
    configurable: true,
  });
});

// `CONNECTING` (0) … `CLOSED` (3), on the class and on instances, read-only as on a WebSocket.
['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((name, value) => {
  for (const target of [WebSocketClass, WebSocketClass.prototype]) {
    Object.defineProperty(target, name, { get: () => value, configurable: true });
  }
});
