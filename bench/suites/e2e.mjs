// Harness side of the end-to-end suite (bench/page/suite-e2e.mjs): warm-up, then `rounds` rounds;
// in each round every test runs in a fresh page with the contenders in a rotated order.
import { fmt, median, roundRatios, rotate, summary } from '../lib/stats.mjs';

/** The tests, their sizes from the config, and the issue's target for heartsocket. */
function tests(cfg) {
  return [
    { id: 'recv-text', title: `receive ${cfg.recvTextN} x ${cfg.recvTextSize} B text`, n: cfg.recvTextN, size: cfg.recvTextSize, target: 1.03 },
    { id: 'recv-bin', title: `receive ${cfg.recvBinN} x ${cfg.recvBinSize / 1024} KiB binary`, n: cfg.recvBinN, size: cfg.recvBinSize, target: 1.03 },
    { id: 'send', title: `send ${cfg.sendN} x ${cfg.sendSize} B (until server counted)`, n: cfg.sendN, size: cfg.sendSize, target: 1.05 },
    { id: 'rtt', title: `${cfg.rttN} sequential echo round trips`, n: cfg.rttN, size: 64, target: null },
  ];
}

/**
 * @param {{cfg: any, jobs: any, contenders: string[], log: (s: string) => void}} ctx
 */
export async function runE2E({ cfg, jobs, contenders, log }) {
  const list = ['raw', 'raw2', ...contenders.filter((c) => c !== 'raw')];
  const perTest = Object.fromEntries(tests(cfg).map((t) => [t.id, { ...t, rounds: [], extra: [] }]));
  const total = cfg.warmup + cfg.rounds;
  let budgetStop = false;
  let measuredStart = 0;
  for (let r = 0; r < total; r++) {
    const measured = r - cfg.warmup; // rounds recorded so far
    if (measured === 0) measuredStart = performance.now();
    if (measured >= Math.max(1, cfg.minRounds) && cfg.e2eBudgetS > 0) {
      const spent = (performance.now() - measuredStart) / 1000;
      if (spent + spent / measured > cfg.e2eBudgetS) {
        budgetStop = true;
        log(`e2e: stopping after ${measured} rounds: the next would pass the ${cfg.e2eBudgetS} s budget`);
        break;
      }
    }
    const order = rotate(list, r);
    const warm = r < cfg.warmup;
    for (const t of Object.values(perTest)) {
      // Warm-up rounds run a fifth of the work: enough to compile the hot paths, cheaper.
      const n = warm ? Math.max(1, Math.round(t.n / 5)) : t.n;
      const res = await jobs.run('e2e', { test: t.id, order, n, size: t.size }, 60_000 + list.length * (n * 2));
      const ms = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, v.ms]));
      log(`${warm ? 'warm-up' : `round ${r - cfg.warmup + 1}/${cfg.rounds}`} ${t.id}: ` +
        order.map((c) => `${c} ${ms[c].toFixed(0)}`).join(', ') + ' ms');
      if (warm) continue;
      t.rounds.push(ms);
      t.extra.push(res);
    }
  }

  const rows = [];
  const roundsDone = Object.values(perTest)[0].rounds.length;
  const data = { roundsPlanned: cfg.rounds, roundsDone, budgetStop };
  for (const t of Object.values(perTest)) {
    data[t.id] = { title: t.title, order: list, rounds: t.rounds, details: t.extra };
    for (const c of list) {
      const abs = summary(t.rounds.map((r) => r[c]));
      const ratio = c === 'raw' ? null : roundRatios(t.rounds, c, 'raw');
      const isHs = c === 'hs';
      const met = isHs && t.target !== null && ratio ? ratio.median <= t.target : null;
      rows.push({
        test: `${t.title}, ${roundsDone} rounds`,
        contender: c,
        value: `${fmt(abs.median, 0)} ms`,
        ratio: ratio ? `${fmt(ratio.median)} (${fmt(ratio.min)}–${fmt(ratio.max)})` : '1',
        target: isHs && t.target ? `≤ ${t.target}x raw` : '',
        met,
        ratioMedian: ratio?.median ?? 1,
      });
      data[t.id][c] = { ms: abs, ratioToRaw: ratio };
    }
    // "Below RWS and PS": heartsocket's per-round ratio against each JS peer.
    if (list.includes('hs')) {
      for (const peer of ['rws', 'ps']) {
        if (!list.includes(peer)) continue;
        const vs = roundRatios(t.rounds, 'hs', peer);
        data[t.id][`hsVs_${peer}`] = vs;
      }
    }
    data[t.id].controlSpread = summary(t.rounds.map((r) => r.raw2 / r.raw));
    data[t.id].rawMedianMs = median(t.rounds.map((r) => r.raw));
  }
  return { data, rows };
}
