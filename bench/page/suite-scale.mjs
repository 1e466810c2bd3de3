// Many idle links with a heartbeat, in one page: heartsocket instances against raw sockets that
// run their own setInterval ping and pong deadline (the hand-written pattern heartsocket replaces).
// The page opens the links and reports; the harness measures main-thread time over CDP meanwhile.
import { clientId, sleep, wsUrl } from './common.mjs';
import { load, opened } from './contenders.mjs';

/** The hand-written heartbeat: ping every `interval`, close if no pong within `timeout`. */
function rawWithHeartbeat(url, interval, timeout, counts) {
  const ws = new WebSocket(url);
  let deadline = 0;
  let ticker = 0;
  ws.addEventListener('open', () => {
    ticker = setInterval(() => {
      ws.send('ping');
      deadline = setTimeout(() => ws.close(), timeout);
    }, interval);
  });
  ws.onmessage = (e) => {
    if (e.data === 'pong') {
      clearTimeout(deadline);
      counts.beats++;
    }
  };
  ws.addEventListener('close', () => {
    clearInterval(ticker);
    clearTimeout(deadline);
    counts.closes++;
  });
  return ws;
}

/** @param {{contender: 'hs'|'raw', instances: number, interval: number, timeout: number}} a */
export async function run(a) {
  const counts = { beats: 0, closes: 0 };
  const client = clientId(`scale-${a.contender}`);
  const hs = a.contender === 'hs' ? await load('hs') : null;
  const links = [];
  const stagger = a.interval / a.instances; // spread the ticks over one period
  for (let i = 0; i < a.instances; i++) {
    let ws;
    if (hs) {
      ws = hs.create(wsUrl(client), { heartbeat: { interval: a.interval, timeout: a.timeout } });
      ws.addEventListener('heartbeat', () => counts.beats++);
      ws.addEventListener('close', () => counts.closes++);
    } else {
      ws = rawWithHeartbeat(wsUrl(client), a.interval, a.timeout, counts);
    }
    links.push(opened(ws, 30_000).then(() => ws));
    await sleep(stagger);
  }
  const all = await Promise.all(links);
  globalThis.bench = {
    counts: () => ({ ...counts }),
    closeAll: () => all.forEach((ws) => ws.close()),
  };
  return { ready: true, open: all.length };
}
