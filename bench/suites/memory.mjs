// Harness side of the memory suite (bench/page/suite-memory.mjs): warm-up cycles, then garbage
// collection and a reading (JS heap via CDP Performance.getMetrics, wasm pages from the page),
// then the measured cycles and a second reading. Raw sockets give the browser's own baseline.
import { fmt } from '../lib/stats.mjs';

async function measure(jobs, contender, cfg, cycles, log) {
  const { page } = await jobs.start('memory', { contender }, 30_000);
  const s = await page.attach();
  try {
    await s.send('Performance.enable', { timeDomain: 'threadTicks' });
    const reading = async () => {
      // Twice: the first pass may only queue finalizers (wasm-bindgen's FinalizationRegistry).
      await s.send('HeapProfiler.collectGarbage');
      await new Promise((r) => setTimeout(r, 100));
      await s.send('HeapProfiler.collectGarbage');
      const m = await s.metrics();
      const wasmPages = await s.evaluate('bench.wasmPages()');
      return { jsHeapUsed: m.JSHeapUsedSize, jsHeapTotal: m.JSHeapTotalSize, listeners: m.JSEventListeners, wasmPages };
    };
    const warmMs = await s.evaluate(`bench.cycles(${cfg.memWarmup})`);
    const before = await reading();
    const ms = await s.evaluate(`bench.cycles(${cycles})`);
    const after = await reading();
    const server = await s.evaluate('bench.stats()');
    log(`memory ${contender}: ${cycles} cycles in ${(ms / 1000).toFixed(1)} s; heap ` +
      `${(before.jsHeapUsed / 1024).toFixed(0)} -> ${(after.jsHeapUsed / 1024).toFixed(0)} KiB, ` +
      `wasm pages ${before.wasmPages} -> ${after.wasmPages}, max_open ${server.max_open}`);
    return { cycles, warmMs, ms, before, after, server };
  } finally {
    await s.detach();
    await page.close();
  }
}

export async function runMemory({ cfg, jobs, contenders, log }) {
  const data = {};
  const rows = [];
  for (const c of ['hs', 'raw'].filter((x) => contenders.includes(x))) {
    const cycles = c === 'hs' ? cfg.memCycles : cfg.memRawCycles;
    const r = await measure(jobs, c, cfg, cycles, log);
    const dHeap = r.after.jsHeapUsed - r.before.jsHeapUsed;
    const dPages = r.after.wasmPages - r.before.wasmPages;
    data[c] = { ...r, jsHeapDelta: dHeap, wasmPagesDelta: dPages };
    const isHs = c === 'hs';
    rows.push({
      test: `memory: reconnect cycles after ${cfg.memWarmup} warm-up`,
      contender: c,
      value: `${cycles} cycles: JS heap ${dHeap >= 0 ? '+' : ''}${fmt(dHeap / 1024, 0)} KiB` +
        (isHs ? `, wasm ${dPages >= 0 ? '+' : ''}${dPages} pages (${r.after.wasmPages} total)` : ''),
      ratio: `${fmt(r.ms / cycles, 2)} ms/cycle, ${fmt(dHeap / cycles, 1)} B/cycle`,
      target: isHs ? '+0 pages, < +1 MB heap' : '',
      met: isHs ? dPages === 0 && dHeap < 1024 * 1024 : null,
    });
  }
  return { data, rows };
}
