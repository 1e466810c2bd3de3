// End-to-end throughput over the real server, one test for several contenders in the given order:
//   recv-text / recv-bin: the server bursts n messages; time until the last reaches onmessage.
//   send: n sends on a blackholed link (no echo to receive); time until the server counted them.
//   rtt: n sequential echo round trips.
// Each contender gets its own connection and client id, after a gc and a short settle.
import { clientId, control, now, settle, sleep, wsUrl } from './common.mjs';
import { load, opened } from './contenders.mjs';

/** Rejects if `p` has not settled within `ms`. */
function within(p, ms, what) {
  let t;
  const timeout = new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

async function receive(lib, { n, size, binary }) {
  const client = clientId('recv');
  const ws = lib.create(wsUrl(client), { binaryType: 'arraybuffer' });
  await opened(ws);
  await settle();
  let count = 0;
  let last = null;
  const done = new Promise((resolve) => {
    ws.onmessage = (e) => {
      if (++count === n) {
        last = e.data;
        resolve(now());
      }
    };
  });
  const t0 = now();
  await control('burst', { client, n, size, binary: binary ? 1 : 0 });
  const t1 = await within(done, 30_000 + n, `receive ${n}`);
  ws.onmessage = null;
  // The last message must be the server's last one: index n-1, full size.
  const ok = binary
    ? last.byteLength === size && new DataView(last).getUint32(0, true) === n - 1
    : last.length === size && last.startsWith(`${n - 1} `);
  ws.close();
  await control('reset', { client });
  if (!ok) throw new Error(`receive: last message is not message ${n - 1} of ${size} bytes`);
  return { ms: t1 - t0 };
}

async function send(lib, { n, size }) {
  const client = clientId('send');
  // heartsocket keeps every message in flight until a pong confirms it, bounded by its queue
  // limits; blackholed, no pong comes, so the bound must hold all n (others ignore the key).
  const queue = { maxMessages: n, maxBytes: n * size };
  const ws = lib.create(wsUrl(client), { binaryType: 'arraybuffer', queue });
  await opened(ws);
  // Blackholed: the server counts what it reads but echoes nothing, so only sending is timed.
  await control('blackhole', { client });
  await settle();
  const msg = 'x'.repeat(size);
  let queued = 0;
  const t0 = now();
  for (let i = 0; i < n; i++) if (ws.send(msg) === false) queued++;
  const tSent = now();
  let received = 0;
  while (received < n) {
    if (now() - t0 > 30_000 + n) throw new Error(`send: server counted ${received} of ${n}`);
    received = (await control('count', { client })).received;
    if (received < n) await sleep(1);
  }
  const t1 = now();
  ws.close();
  await control('reset', { client });
  if (received !== n) throw new Error(`send: server counted ${received}, expected ${n}`);
  return { ms: t1 - t0, callMs: tSent - t0, queued };
}

async function roundTrip(lib, { n, size }) {
  const client = clientId('rtt');
  const ws = lib.create(wsUrl(client), { binaryType: 'arraybuffer' });
  await opened(ws);
  await settle();
  const msg = 'x'.repeat(size);
  let k = 0;
  const done = new Promise((resolve) => {
    ws.onmessage = () => {
      if (++k === n) resolve(now());
      else ws.send(msg);
    };
  });
  const t0 = now();
  ws.send(msg);
  const t1 = await within(done, 30_000 + 10 * n, `rtt ${n}`);
  ws.onmessage = null;
  ws.close();
  await control('reset', { client });
  return { ms: t1 - t0 };
}

const TESTS = {
  'recv-text': (lib, a) => receive(lib, { ...a, binary: false }),
  'recv-bin': (lib, a) => receive(lib, { ...a, binary: true }),
  send,
  rtt: roundTrip,
};

/**
 * @param {{test: string, order: string[], n: number, size: number}} a
 * @returns {Promise<Record<string, {ms: number}>>}
 */
export async function run(a) {
  const test = TESTS[a.test];
  if (!test) throw new Error(`unknown e2e test ${a.test}`);
  const libs = {};
  for (const name of a.order) libs[name] = await load(name);
  const out = {};
  for (const name of a.order) {
    out[name] = await test(libs[name], a);
    await sleep(100); // let the closed socket's teardown finish before the next contender
  }
  return out;
}
