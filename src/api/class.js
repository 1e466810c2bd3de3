// Members of WebSocketClass written in JS instead of exported from the wasm one by one: each export
// cost a shim in the module and a wrapper in the glue (550-900 B of wasm apiece), for what is here
// a line; and the argument checks of options.js (`CHECKS` below) run here, before the wasm is
// entered, so each call crosses into the wasm once (src/api/class.rs has the `__*` exports).
// Not an ES module of its own: scripts/finish-glue.mjs appends it to the wasm-bindgen glue, in
// the scope where `WebSocketClass` is defined, after a line binding `CHECKS` to options.js's
// exports. Types: `src/api/typescript.rs` (instance side) and scripts/finish-glue.mjs (the
// static constants).
(() => {
  const proto = WebSocketClass.prototype;
  // The event types, in the order of `core::wire::EVENT_NAMES` (src/core/wire.rs): `__get`,
  // `__set` and `__listen` take a type as its index here.
  const TYPES = ['open', 'message', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop'];
  const MAX_TYPE = Math.max(...TYPES.map((t) => t.length));
  // `__get(i)`/`__set(i, v)`: the getters by index (class.rs `Member`), then `on<type>` from ON.
  const GETTERS = ['readyState', 'url', 'protocol', 'bufferedAmount', 'binaryType', 'stats', 'name'];
  const ON = 8;
  const BINARY_TYPE = GETTERS.indexOf('binaryType');
  // A method of a freed instance throws before its arguments are looked at, as it did when the
  // wasm's own export checked them.
  const live = (ws) => {
    if (!ws.__wbg_ptr) throw new TypeError('heartsocket: this instance was freed');
  };
  const absent = (v) => (v === null ? undefined : v);
  const define = (name, desc) => Object.defineProperty(proto, name, { configurable: true, ...desc });
  const method = (name, f) => define(name, { value: f, writable: true });

  function send(data) {
    live(this);
    const sent = this.__send(data, CHECKS.payloadSize(data, 'send()'));
    if (sent > 1) throw CHECKS.sendError(sent);
    return sent === 1;
  }
  function close(code, reason) {
    live(this);
    CHECKS.checkClose(absent(code), absent(reason));
    return this.__close(absent(code), absent(reason));
  }
  const listener = (adding) => function (type, f, options) {
    live(this);
    const [t, once] = CHECKS.listenerArgs(type, f, absent(options), adding, MAX_TYPE);
    const kind = TYPES.indexOf(t);
    if (kind >= 0) this.__listen(kind, f, once, adding);
  };
  method('send', send);
  method('sendHandle', send);
  method('close', close);
  method('closeMyself', close);
  method('connect', function connect(data) {
    live(this);
    return this.__connect(data, data === undefined || data === null ? -1 : CHECKS.payloadSize(data, 'connect()'));
  });
  method('addEventListener', listener(true));
  method('removeEventListener', listener(false));

  GETTERS.forEach((name, i) => define(name, { get() { return this.__get(i); } }));
  define('binaryType', {
    get() { return this.__get(BINARY_TYPE); },
    set(v) {
      live(this);
      this.__set(BINARY_TYPE, CHECKS.binaryType(v) === 'arraybuffer');
    },
  });
  TYPES.forEach((type, i) => define(`on${type}`, {
    get() { return this.__get(ON + i); },
    set(f) { this.__set(ON + i, f); },
  }));

  // `CONNECTING` (0) … `CLOSED` (3), on the class and on instances, read-only as on a WebSocket.
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((name, value) => {
    for (const target of [WebSocketClass, proto]) {
      Object.defineProperty(target, name, { get: () => value, configurable: true });
    }
  });
})();
