// The page side of the fuzzer: starts worker.mjs, watches it, and resolves with its result or
// with the call that hung. A hang (no progress within `callMs`, or `phaseMs` for the witness's
// open and the health check) terminates the worker: the page never freezes with it.
import { plan, describeCall, ENTRY_NAMES, OPTION_PATHS } from './surface.mjs';
import { KIND_NAMES } from './values.mjs';

/**
 * @param {{pkg: string, url: string, seed: number, calls: number, callMs?: number, phaseMs?: number}} o
 *   pkg: the glue's URL (absolute, or relative to this module); url: the echo server's ws:// URL
 * @returns {Promise<{seed: number, result?: object, hang?: string, error?: string, kinds: number, entries: number}>}
 */
export function fuzzInWorker({ pkg, url, seed, calls, callMs = 10000, phaseMs = 30000 }) {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
  const summary = { seed, calls, kinds: KIND_NAMES.length, entries: ENTRY_NAMES.length, optionPaths: OPTION_PATHS.length };
  return new Promise((resolve) => {
    let at = -1;
    let phase = 'load';
    let last = Date.now();
    const finish = (extra) => {
      clearInterval(watchdog);
      worker.terminate();
      resolve(Object.assign(summary, extra));
    };
    const watchdog = setInterval(() => {
      const limit = phase === 'calls' ? callMs : phaseMs;
      if (Date.now() - last <= limit) return;
      const what = phase === 'calls' ? describeCall(plan(seed, calls)[at], at) : 'phase ' + phase;
      finish({ hang: 'no progress for ' + limit + ' ms at ' + what + ' (seed ' + seed + ')' });
    }, 250);
    worker.onmessage = (e) => {
      last = Date.now();
      const m = e.data;
      if (m.type === 'at') { phase = 'calls'; at = m.i; } else if (m.type === 'phase') phase = m.name;
      else if (m.type === 'done') finish({ result: m.result });
      else if (m.type === 'error') finish({ error: m.error + (phase === 'calls' ? ' after ' + describeCall(plan(seed, calls)[at], at) : ' in phase ' + phase) + '\n' + m.stack });
    };
    worker.onerror = (e) => finish({ error: 'worker error: ' + e.message });
    worker.postMessage({ pkg: new URL(pkg, import.meta.url).href, url, seed, calls });
  });
}
