// Harness side of the scale suite (bench/page/suite-scale.mjs): `scaleInstances` links with a
// heartbeat every `scaleInterval` ms, held for `scaleSeconds`; main-thread time from CDP
// Performance.getMetrics (TaskDuration, in thread-CPU time so other processes on the shared
// cores do not inflate it) taken at both ends of the window.
//
// Chromium lets one renderer process hold at most 255 WebSockets (the 256th fails at once), so
// the instances are spread over pages of at most PER_PAGE, each its own browser context and
// process; their main-thread times are summed: the cost one main thread would carry for all.
import { fmt } from '../lib/stats.mjs';

export const PER_PAGE = 250;

async function measure(jobs, contender, cfg, log) {
  const pages = Math.ceil(cfg.scaleInstances / PER_PAGE);
  const timeout = 3000; // the default pong timeout, for both
  const started = await Promise.all(
    Array.from({ length: pages }, (_, i) => {
      const instances = Math.min(PER_PAGE, cfg.scaleInstances - i * PER_PAGE);
      return jobs.start('scale', { contender, instances, interval: cfg.scaleInterval, timeout }, 120_000);
    }),
  );
  const sessions = [];
  try {
    for (const { page } of started) {
      const s = await page.attach();
      sessions.push(s);
      await s.send('Performance.enable', { timeDomain: 'threadTicks' });
    }
    await new Promise((r) => setTimeout(r, 2000)); // past the opening burst
    const read = () => Promise.all(sessions.map((s) => s.metrics()));
    const c0 = await Promise.all(sessions.map((s) => s.evaluate('bench.counts()')));
    const m0 = await read();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, cfg.scaleSeconds * 1000));
    const m1 = await read();
    const wallS = (performance.now() - t0) / 1000;
    const c1 = await Promise.all(sessions.map((s) => s.evaluate('bench.counts()')));
    const sum = (key) => m1.reduce((acc, m, i) => acc + (m[key] - m0[i][key]), 0);
    const beats = c1.reduce((a, c, i) => a + c.beats - c0[i].beats, 0);
    const closes = c1.reduce((a, c) => a + c.closes, 0);
    const r = {
      pages,
      wallS,
      taskS: sum('TaskDuration'),
      scriptS: sum('ScriptDuration'),
      beats,
      closes,
    };
    r.busy = r.taskS / wallS;
    log(`scale ${contender}: ${cfg.scaleInstances} links over ${pages} page(s), ${wallS.toFixed(1)} s: ` +
      `main thread ${(r.busy * 100).toFixed(2)} % (script ${((r.scriptS / wallS) * 100).toFixed(2)} %), ` +
      `${beats} heartbeats, ${closes} closes`);
    return r;
  } finally {
    await Promise.all(sessions.map((s) => s.evaluate('bench.closeAll()').catch(() => {})));
    await Promise.all(sessions.map((s) => s.detach()));
    await Promise.all(started.map(({ page }) => page.close()));
  }
}

export async function runScale({ cfg, jobs, contenders, log }) {
  const data = { perPage: PER_PAGE };
  const rows = [];
  for (const c of ['hs', 'raw'].filter((x) => contenders.includes(x))) {
    const r = await measure(jobs, c, cfg, log);
    data[c] = r;
    rows.push({
      test: `scale: ${cfg.scaleInstances} links, heartbeat ${cfg.scaleInterval} ms, ${cfg.scaleSeconds} s`,
      contender: c,
      value: `main thread ${fmt(r.busy * 100, 2)} % (${r.beats} heartbeats)`,
      ratio: '',
      target: c === 'hs' ? '< 2 %' : '',
      met: c === 'hs' ? r.busy < 0.02 : null,
    });
  }
  if (data.hs && data.raw) {
    rows.find((r) => r.contender === 'hs').ratio = `${fmt(data.hs.busy / data.raw.busy)}x raw`;
  }
  return { data, rows };
}
