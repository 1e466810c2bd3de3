// Harness side of the synthetic per-message cost (bench/page/suite-synthetic.mjs): `synthReps`
// repetitions, each running every contender in its own page, in a rotated order. A contender's
// cost is its ns/event minus the bare listener's from the same repetition.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fmt, rotate, summary } from '../lib/stats.mjs';

/** bare = FakeSocket.onmessage directly; raw = the same through the raw factory (a control). */
const LABEL = {
  bare: 'bare listener (baseline)',
  raw: 'raw listener (control)',
  hs: 'heartsocket (onmessage)',
  'hs-cb': 'heartsocket (constructor callback)',
  'hs-base': 'heartsocket, base build (onmessage)',
  'hs-base-cb': 'heartsocket, base build (constructor callback)',
  rws: 'reconnecting-websocket',
  ps: 'partysocket/ws',
};

export async function runSynthetic({ cfg, jobs, contenders, log, repoRoot }) {
  // A base build to compare a change against, if one was put in bench/out/pkg-base/ (docs/BENCH.md).
  const base = repoRoot && existsSync(path.join(repoRoot, 'bench', 'out', 'pkg-base', 'heartsocket.js'));
  const names = ['bare', 'raw', ...contenders.filter((c) => c !== 'raw')];
  if (contenders.includes('hs')) names.push('hs-cb');
  if (contenders.includes('hs') && base) names.push('hs-base', 'hs-base-cb');
  const rows = [];
  const data = { events: cfg.synthEvents, reps: [], perContender: {}, send: { reps: [], perContender: {} } };
  for (const mode of ['receive', 'send']) {
    // Sending has no constructor-callback variant: it is the same call.
    const modeNames = mode === 'send' ? names.filter((n) => !n.endsWith('-cb')) : names;
    const r = await measure(mode, modeNames, { cfg, jobs, log });
    const into = mode === 'send' ? data.send : data;
    into.reps = r.reps;
    into.perContender = r.perContender;
    rows.push(...r.rows);
  }
  return { data, rows };
}

async function measure(mode, names, { cfg, jobs, log }) {
  const reps = [];
  const warm = Math.max(1000, Math.round(cfg.synthEvents / 5));
  for (let r = 0; r < cfg.synthReps; r++) {
    const rep = {};
    for (const name of rotate(names, r)) {
      const res = await jobs.run('synthetic', { name, events: cfg.synthEvents, warm, size: 64, mode }, 120_000);
      rep[name] = res.nsPerEvent;
    }
    log(`synthetic ${mode} rep ${r + 1}/${cfg.synthReps}: ` + names.map((n) => `${n} ${rep[n].toFixed(0)}`).join(', ') + ' ns/msg');
    reps.push(rep);
  }
  const rows = [];
  const perContender = {};
  for (const name of names) {
    const total = summary(reps.map((r) => r[name]));
    const above = summary(reps.map((r) => r[name] - r.bare));
    perContender[name] = { nsPerEvent: total, nsAboveBare: above };
    rows.push({
      test: mode === 'send'
        ? `synthetic: ${cfg.synthEvents} sends (64 B), injected socket answering pings`
        : `synthetic: ${cfg.synthEvents} message events, injected socket`,
      contender: name,
      label: LABEL[name],
      value: `${fmt(total.median, 0)} ns/msg`,
      ratio: name === 'bare' ? 'baseline' : `+${fmt(above.median, 0)} ns (${fmt(above.min, 0)}…${fmt(above.max, 0)})`,
      target: '',
      met: null,
    });
  }
  return { reps, perContender, rows };
}
