// Dead-link detection by heartsocket's heartbeat, over the real server:
//   blackhole: `links` open links, heartbeat phases spread over one interval, then the server
//              blackholes them all; per link, the time from the blackhole call to its `close`
//              event with willReconnect.
//   late-pong: pongs delayed to `delayFactor` x timeout; every close in `seconds` is a false death
//              (`contender: 'raw'`: the same with raw sockets and a hand-written heartbeat).
import { clientId, control, now, sleep, until, wsUrl } from './common.mjs';
import { load, opened } from './contenders.mjs';

/** Opens `n` heartsocket links one `stagger` ms apart, so their heartbeats are out of phase. */
async function openLinks(hs, client, n, stagger, heartbeat) {
  const links = [];
  for (let i = 0; i < n; i++) {
    // A long reconnect delay keeps a detected link from reconnecting during the measurement.
    const ws = hs.create(wsUrl(client), { heartbeat, reconnect: { minDelay: 60_000, maxDelay: 60_000 } });
    links.push(opened(ws, 15_000).then(() => ws));
    await sleep(stagger);
  }
  return Promise.all(links);
}

async function blackhole(hs, a) {
  const client = clientId('dead');
  const heartbeat = { interval: a.interval, timeout: a.timeout };
  const links = await openLinks(hs, client, a.links, a.interval / a.links, heartbeat);
  await sleep(a.interval); // one more period, so every link is in its steady ping cycle
  const detected = new Array(links.length).fill(NaN);
  let wrongClose = 0;
  let t0 = 0;
  links.forEach((ws, i) => {
    ws.addEventListener('close', (e) => {
      if (!Number.isNaN(detected[i])) return;
      if (e.willReconnect === true) detected[i] = now() - t0;
      else wrongClose++;
    });
  });
  t0 = now();
  await control('blackhole', { client });
  const limit = a.interval + a.timeout + 5000;
  await until(() => detected.every((d) => !Number.isNaN(d)) || now() - t0 > limit, limit + 1000, 'closes', 20);
  for (const ws of links) ws.close();
  await control('reset', { client });
  return { detectedMs: detected, wrongClose, undetected: detected.filter(Number.isNaN).length };
}

/**
 * The control for late pongs: raw sockets with the hand-written heartbeat (ping after `interval`
 * of quiet, deadline `timeout` after the ping). A missed deadline is counted, not acted on.
 * If raw sockets miss deadlines too, the machine is too loaded for the margin, not heartsocket.
 */
async function latePongRaw(a, client, delay) {
  let deaths = 0;
  const rtts = [];
  const links = [];
  for (let i = 0; i < a.links; i++) {
    const ws = new WebSocket(wsUrl(client));
    let pingAt = 0;
    let deadline = 0;
    let next = 0;
    const ping = () => {
      pingAt = now();
      ws.send('ping');
      deadline = setTimeout(() => deaths++, a.timeout);
    };
    ws.onmessage = (e) => {
      if (e.data !== 'pong') return;
      clearTimeout(deadline);
      rtts.push(now() - pingAt);
      next = setTimeout(ping, a.interval);
    };
    ws.stop = () => {
      clearTimeout(deadline);
      clearTimeout(next);
      ws.close();
    };
    links.push(opened(ws, 15_000).then(() => {
      next = setTimeout(ping, a.interval);
      return ws;
    }));
    await sleep(a.interval / a.links);
  }
  const all = await Promise.all(links);
  await sleep(a.seconds * 1000);
  const result = { delayMs: delay, falseDeaths: deaths, closeCodes: {}, heartbeats: rtts.length, rtts: [...rtts] };
  for (const ws of all) ws.stop();
  return result;
}

async function latePong(hs, a) {
  const client = clientId('late');
  const delay = Math.round(a.delayFactor * a.timeout);
  await control('delay-pong', { client, ms: delay });
  if (a.contender === 'raw') {
    const stats0 = await control('stats', { client });
    const r = await latePongRaw(a, client, delay);
    await control('reset', { client });
    return { ...r, connections: stats0.total + a.links };
  }
  const heartbeat = { interval: a.interval, timeout: a.timeout };
  const links = await openLinks(hs, client, a.links, a.interval / a.links, heartbeat);
  let closes = 0;
  const closeCodes = {};
  const rtts = [];
  for (const ws of links) {
    ws.addEventListener('close', (e) => {
      closes++;
      const k = `${e.code} ${e.reason}`;
      closeCodes[k] = (closeCodes[k] ?? 0) + 1;
    });
    ws.addEventListener('heartbeat', (e) => rtts.push(e.rtt));
  }
  await sleep(a.seconds * 1000);
  // Counted before our own close() calls, whose close events are not deaths.
  const result = { delayMs: delay, falseDeaths: closes, closeCodes: { ...closeCodes }, heartbeats: rtts.length, rtts: [...rtts] };
  const stats = await control('stats', { client });
  for (const ws of links) ws.close();
  await control('reset', { client });
  return { ...result, connections: stats.total };
}

/** @param {{mode: 'blackhole'|'late-pong', links: number, interval: number, timeout: number}} a */
export async function run(a) {
  const hs = a.contender === 'raw' ? null : await load('hs');
  if (a.mode === 'blackhole') return blackhole(hs, a);
  if (a.mode === 'late-pong') return latePong(hs, a);
  throw new Error(`unknown mode ${a.mode}`);
}
