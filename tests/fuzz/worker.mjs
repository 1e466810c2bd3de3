// The fuzzer's worker: loads the package, runs a plan of hostile calls and the health check, and
// tells the page (runner.mjs) which call it is at, so a hang is caught by the page's watchdog
// and reported with its call. A module worker with nothing engine-specific.
//
// Message in: {pkg, url, seed, calls}: the glue's URL (relative to this file or absolute), the
// echo server's ws:// URL with a client id, the seed and the number of calls.
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
    const all = plan(seed, calls);
    const half = Math.floor(all.length / 2);
    const progress = (i) => self.postMessage({ type: 'at', i });
    const mem0 = memory();
    const first = runPlan({ WebSocketClass, url, calls: all.slice(0, half), progress, memory });
    const mem1 = memory();
    const second = runPlan({ WebSocketClass, url, calls: all.slice(half), progress, memory, first: half });
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
        growth: first.growth.concat(second.growth),
        health,
        memory: { start: mem0, half: mem1, end: mem2, afterHealth: memory() },
      },
    });
  } catch (err) {
    self.postMessage({ type: 'error', error: describeError(err), stack: String(err && err.stack) });
  }
};
