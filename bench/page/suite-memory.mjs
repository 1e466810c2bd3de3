// Memory over many reconnect cycles. The page only sets up and exposes `window.bench`; the harness
// drives it over CDP (Runtime.evaluate), collecting garbage and reading the JS heap between phases.
// One cycle = the link goes away and the next `open` arrives; cycles alternate between
// `reconnect()` (client side) and an abrupt server drop (close 1006, then the backoff path).
import { clientId, control, now, wsUrl } from './common.mjs';
import { load, opened, wasmPages } from './contenders.mjs';

async function heartsocket() {
  const hs = await load('hs');
  const client = clientId('mem');
  // Zero backoff: the cycle rate is bounded by the handshake, not by a timer.
  const ws = hs.create(wsUrl(client), { reconnect: { minDelay: 0, maxDelay: 0 } });
  await opened(ws);
  let onOpen = null;
  ws.onopen = () => onOpen?.();
  let total = 0;
  return {
    client,
    async cycles(n) {
      const t0 = now();
      for (let i = 0; i < n; i++, total++) {
        const next = new Promise((r) => (onOpen = r));
        if (total % 2 === 0) ws.reconnect();
        else await control('drop', { client });
        await next;
      }
      return now() - t0;
    },
  };
}

/** The baseline: what the browser itself keeps for as many raw sockets opened and closed. */
async function raw() {
  const client = clientId('memraw');
  let total = 0;
  return {
    client,
    async cycles(n) {
      const t0 = now();
      for (let i = 0; i < n; i++, total++) {
        const ws = new WebSocket(wsUrl(client));
        await opened(ws);
        const closed = new Promise((r) => ws.addEventListener('close', r, { once: true }));
        if (total % 2 === 0) ws.close();
        else await control('drop', { client });
        await closed;
      }
      return now() - t0;
    },
  };
}

/** @param {{contender: 'hs'|'raw'}} a */
export async function run(a) {
  const driver = a.contender === 'hs' ? await heartsocket() : await raw();
  globalThis.bench = {
    cycles: (n) => driver.cycles(n),
    wasmPages,
    stats: () => control('stats', { client: driver.client }),
  };
  return { ready: true, wasmPages: wasmPages() };
}
