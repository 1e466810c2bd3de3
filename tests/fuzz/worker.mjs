// The fuzzer's worker: loads the package, runs a plan of hostile calls and the health check, and
// tells the page (runner.mjs) which call it is at, so a hang is caught by the page's watchdog
// and reported with its call. A module worker with nothing engine-specific.
//
// Message in: {pkg, url, seed, calls}: the glue's URL (relative to this file or absolute), the
// echo server's ws:// URL with a client id, the seed and the number of calls of the plan (run
// twice: 2 × calls calls in all).
// Messages out: {type: 'at', i} before call i; {type: 'phase', name}; {type: 'done', result};
// {type: 'error', error}.
import { plan, runPlan, healthCheck, opened } from './surface.mjs';
import { describeError } from './values.mjs';

self.onmessage = async (e) => {
  const { pkg, url, seed, calls } = e.data;
  try {
    const mod = await import(new URL(pkg, import.meta.url).href);
    const wasm = await mod.default();
    const { WebSocketClass } = mod;
    const memory = () => wasm.memory.buffer.byteLength;
    self.postMessage({ type: 'phase', name: 'witness' });
    const witness = new WebSocketClass(url, null, { name: 'witness', lifecycle: false });
    witness.connect();
    await opened(witness);
    // The plan runs twice: the first pass reaches the memory the calls need; the second, the
    // very same calls, must need no more (a leak or a copy kept would grow it again).
    const all = plan(seed, calls);
    const progress = (i) => self.postMessage({ type: 'at', i });
    const mem0 = memory();
    const first = runPlan({ WebSocketClass, url, calls: all, progress, memory });
    const mem1 = memory();
    const second = runPlan({ WebSocketClass, url, calls: all, progress, memory });
    const mem2 = memory();
    self.postMessage({ type: 'phase', name: 'health' });
    const health = await healthCheck(WebSocketClass, witness, url);
    witness.free();
    const counts = {};
    for (const k of Object.keys(first.counts)) counts[k] = first.counts[k] + second.counts[k];
    self.postMessage({
      type: 'done',
      result: {
        counts,
        failures: first.failures.concat(second.failures),
        growth: second.growth,
        health,
        memory: { start: mem0, afterFirstPass: mem1, afterSecondPass: mem2, afterHealth: memory() },
      },
    });
  } catch (err) {
    self.postMessage({ type: 'error', error: describeError(err), stack: String(err && err.stack) });
  }
};
