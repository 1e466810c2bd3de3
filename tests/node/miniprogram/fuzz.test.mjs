// load() options, the facade socket, the lifecycle provider and the loaded class, fuzzed with
// hostile values in the WeChat-shaped vm sandbox (fuzz-worker.mjs, in a worker thread this test
// terminates if a call makes no progress for 10 s). Same pass rule as the browser fuzzer
// (tests/node/fuzz/surface.test.mjs). HEARTSOCKET_FUZZ_SEED=N reproduces a run (default 13;
// `random` for a new one).
import { test, before, after } from 'node:test';
import { seedFromEnv } from '../../fuzz/values.mjs';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { startServer } from '../lib/server.mjs';
import { plan } from './fuzz-worker.mjs';

// A fixed seed by default, so the suite is deterministic; HEARTSOCKET_FUZZ_SEED=random explores.
const SEED = seedFromEnv(process.env.HEARTSOCKET_FUZZ_SEED);
const CALLS = Number(process.env.HEARTSOCKET_FUZZ_MP_CALLS || 2000);
const FRESH_LOADS = 20;

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test(`load(), the facade and the loaded class with hostile values: ${CALLS} calls, seed ${SEED}`, { timeout: 180_000 }, async () => {
  console.log(`# mini-program fuzz seed ${SEED} (HEARTSOCKET_FUZZ_SEED=${SEED} reproduces it)`);
  const worker = new Worker(new URL('./fuzz-worker.mjs', import.meta.url),
    { workerData: { seed: SEED, calls: CALLS, serverWs: server.ws, freshLoads: FRESH_LOADS } });
  const r = await new Promise((resolve) => {
    let last = Date.now();
    let at = 'start';
    const finish = (v) => { clearInterval(dog); worker.terminate(); resolve(v); };
    const dog = setInterval(() => {
      if (Date.now() - last > (at === 'health' ? 30000 : 10000)) finish({ hang: `no progress for 10 s at ${at} (seed ${SEED})` });
    }, 250);
    worker.on('message', (m) => {
      last = Date.now();
      if (m.type === 'at') {
        const c = m.i >= 0 ? plan(SEED, CALLS)[m.i] : null;
        at = m.what || `#${m.i} ${c.entry}(${c.args.join(', ')})`;
      } else if (m.type === 'phase') at = m.name;
      else if (m.type === 'done') finish(m.result);
      else if (m.type === 'error') finish({ error: `${m.error} at ${at}` });
    });
    worker.on('error', (e) => finish({ error: String(e) }));
  });
  console.log(`# ${JSON.stringify({ seed: SEED, counts: r.counts, entries: r.entries })}`);
  assert.equal(r.hang, undefined);
  assert.equal(r.error, undefined);
  assert.deepEqual(r.failures, [], `calls that threw something else than TypeError/RangeError/SyntaxError (seed ${SEED})`);
  assert.equal(r.counts.calls, CALLS + FRESH_LOADS);
  assert.equal(r.echoed, 'mp-health');
});
