// Harness side of startup (bench/page/suite-startup.mjs): page load to first `open`, every
// contender in a fresh context per round, rotated order, ratio to raw within the round.
import { fmt, roundRatios, rotate, summary } from '../lib/stats.mjs';

export async function runStartup({ cfg, jobs, contenders, log }) {
  const list = ['raw', ...contenders.filter((c) => c !== 'raw')];
  const rounds = [];
  const details = [];
  for (let r = 0; r < cfg.warmup + cfg.startupRounds; r++) {
    const round = {};
    const det = {};
    for (const c of rotate(list, r)) {
      const res = await jobs.run('startup', { contender: c }, 30_000);
      round[c] = res.openMs;
      det[c] = res;
    }
    if (r < cfg.warmup) continue;
    log(`startup round ${rounds.length + 1}/${cfg.startupRounds}: ` + list.map((c) => `${c} ${round[c].toFixed(1)}`).join(', ') + ' ms');
    rounds.push(round);
    details.push(det);
  }
  const rows = [];
  const data = { rounds, details, perContender: {} };
  // The library's own part: from the page's first script to `open` (navigation start adds the
  // process start and page fetches, the same for all and the noisier part).
  const own = details.map((d) => Object.fromEntries(list.map((c) => [c, d[c].openMs - d[c].scriptStartMs])));
  for (const c of list) {
    const abs = summary(rounds.map((r) => r[c]));
    const ratio = c === 'raw' ? null : roundRatios(rounds, c, 'raw');
    const ownAbs = summary(own.map((r) => r[c]));
    const ownRatio = c === 'raw' ? null : roundRatios(own, c, 'raw');
    const load = summary(details.map((d) => d[c].loadMs));
    data.perContender[c] = { openMs: abs, ratioToRaw: ratio, ownMs: ownAbs, ownRatioToRaw: ownRatio, loadMs: load };
    rows.push({
      test: 'startup: navigation start to first open',
      contender: c,
      value: `${fmt(abs.median, 1)} ms`,
      ratio: ratio ? `${fmt(ratio.median)} (${fmt(ratio.min)}–${fmt(ratio.max)})` : '1',
      target: '',
      met: null,
    });
  }
  for (const c of list) {
    const { ownMs, ownRatioToRaw: r, loadMs } = data.perContender[c];
    rows.push({
      test: 'startup, library part: first script to first open',
      contender: c,
      value: `${fmt(ownMs.median, 1)} ms (import/init ${fmt(loadMs.median, 1)})`,
      ratio: r ? `${fmt(r.median)} (${fmt(r.min)}–${fmt(r.max)})` : '1',
      target: '',
      met: null,
    });
  }
  return { data, rows };
}
