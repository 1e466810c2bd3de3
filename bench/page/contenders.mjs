// The contenders, behind one tiny factory each. Every instance returned speaks the W3C shape
// (`onmessage`, `send`, `close`, `addEventListener('open')`, `binaryType`), so the suites drive
// them all with the very same code and only the library underneath differs.

/**
 * heartsocket as built by scripts/bench.sh (release, wasm-opt applied); `?hs=` overrides it, for
 * bench/profile.mjs and a build with names kept.
 */
export const HS_MODULE = new URLSearchParams(location.search).get('hs') ?? '/bench/out/pkg/heartsocket.js';

/** Names and labels, in the order tables list them. `raw2` is raw again: the noise control. */
export const LABELS = {
  raw: 'raw WebSocket',
  raw2: 'raw WebSocket (control)',
  hs: 'heartsocket',
  rws: 'reconnecting-websocket 4.4.0',
  ps: 'partysocket/ws 1.3.0',
};

/** Drops keys whose value is undefined, so no library sees an explicit `undefined` option. */
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

let hsExports = null;

/**
 * @typedef {object} Opts
 * @property {'blob'|'arraybuffer'} [binaryType]
 * @property {Function} [WebSocket]      injected socket constructor (synthetic suite)
 * @property {object|false} [heartbeat]  heartsocket only; default: the library's default
 * @property {object|false} [reconnect]  heartsocket only
 * @property {(data: any, event: any) => void} [onMessage]  heartsocket's constructor callback
 */

/** Loads a contender's code; returns `create(url, opts)` that starts connecting at once. */
export async function load(name) {
  switch (name) {
    case 'raw':
    case 'raw2':
      return {
        create(url, o = {}) {
          const Ctor = o.WebSocket ?? WebSocket;
          const ws = new Ctor(url);
          if (o.binaryType) ws.binaryType = o.binaryType;
          return ws;
        },
      };
    case 'hs':
    case 'hs-base': {
      // hs-base: another build of heartsocket (BENCH_BASE_PKG, copied to bench/out/pkg-base/),
      // to measure a change side by side with the build before it.
      const m = await import(name === 'hs' ? HS_MODULE : '/bench/out/pkg-base/heartsocket.js');
      if (!hsExports) hsExports = await m.default();
      return {
        create(url, o = {}) {
          const opts = defined({
            binaryType: o.binaryType,
            heartbeat: o.heartbeat,
            reconnect: o.reconnect,
            queue: o.queue,
            WebSocket: o.WebSocket,
          });
          const ws = new m.WebSocketClass(url, o.onMessage, opts);
          ws.connect();
          return ws;
        },
      };
    }
    case 'rws':
    case 'ps': {
      const { default: Ctor } = await import(`/bench/out/${name}.js`);
      return {
        create(url, o = {}) {
          const ws = new Ctor(url, [], defined({ WebSocket: o.WebSocket }));
          if (o.binaryType) ws.binaryType = o.binaryType;
          return ws;
        },
      };
    }
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

/** Pages of wasm linear memory heartsocket holds (0 before it is loaded). */
export const wasmPages = () => (hsExports ? hsExports.memory.buffer.byteLength / 65536 : 0);

/** Resolves at the instance's next `open` event; rejects on timeout. */
export function opened(ws, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no open within ${timeoutMs} ms`)), timeoutMs);
    const on = () => {
      clearTimeout(t);
      ws.removeEventListener('open', on);
      resolve(ws);
    };
    ws.addEventListener('open', on);
  });
}
