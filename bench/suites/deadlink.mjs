// Harness side of dead-link detection (bench/page/suite-deadlink.mjs), heartsocket only: the
// JS peers have no heartbeat to compare.
import { fmt, quantile } from '../lib/stats.mjs';

export async function runDeadlink({ cfg, jobs, log }) {
  const { deadInterval: interval, deadTimeout: timeout } = cfg;
  const bound = interval + timeout + 50;
  const bh = await jobs.run('deadlink', { mode: 'blackhole', links: cfg.deadLinks, interval, timeout }, 120_000);
  const d = bh.detectedMs.filter(Number.isFinite);
  const dist = {
    min: Math.min(...d),
    p10: quantile(d, 0.1),
    p50: quantile(d, 0.5),
    p90: quantile(d, 0.9),
    p99: quantile(d, 0.99),
    max: Math.max(...d),
  };
  const within = d.filter((x) => x <= bound).length;
  log(`dead links: ${within}/${cfg.deadLinks} within ${bound} ms; ` +
    Object.entries(dist).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '));

  const late = (contender) => jobs.run('deadlink', {
    mode: 'late-pong', contender, links: cfg.falseLinks, interval, timeout, delayFactor: 0.9, seconds: cfg.falseSeconds,
  }, 60_000 + cfg.falseSeconds * 1000);
  const lp = await late('hs');
  const rttMedian = quantile(lp.rtts, 0.5);
  const rttP99 = quantile(lp.rtts, 0.99);
  log(`late pongs (${lp.delayMs} ms): ${lp.falseDeaths} false deaths, ${lp.heartbeats} heartbeats, ` +
    `rtt p50 ${rttMedian.toFixed(0)} p99 ${rttP99.toFixed(0)} ms, ${lp.connections} connections for ` +
    `${cfg.falseLinks} links; closes: ${JSON.stringify(lp.closeCodes)}`);

  const lpRaw = await late('raw');
  const rawP99 = quantile(lpRaw.rtts, 0.99);
  log(`late pongs, raw sockets with a hand-written heartbeat: ${lpRaw.falseDeaths} missed deadlines, ` +
    `${lpRaw.heartbeats} heartbeats, rtt p50 ${quantile(lpRaw.rtts, 0.5).toFixed(0)} p99 ${rawP99.toFixed(0)} ms`);
  const rows = [
    {
      test: `dead link: ${cfg.deadLinks} blackholed links, heartbeat ${interval}/${timeout} ms`,
      contender: 'hs',
      value: `p50 ${fmt(dist.p50, 0)}, p90 ${fmt(dist.p90, 0)}, max ${fmt(dist.max, 0)} ms`,
      ratio: `${within}/${cfg.deadLinks} ≤ ${bound} ms`,
      target: `${cfg.deadLinks}/${cfg.deadLinks} ≤ ${bound} ms`,
      met: within === cfg.deadLinks,
    },
    {
      test: `false deaths: ${cfg.falseLinks} links, pongs delayed ${lp.delayMs} ms, ${cfg.falseSeconds} s`,
      contender: 'hs',
      value: `${lp.falseDeaths} false deaths (${lp.heartbeats} heartbeats, rtt p50 ${fmt(rttMedian, 0)}, p99 ${fmt(rttP99, 0)} ms)`,
      ratio: '',
      target: '0',
      met: lp.falseDeaths === 0,
    },
    {
      test: `false deaths: ${cfg.falseLinks} links, pongs delayed ${lp.delayMs} ms, ${cfg.falseSeconds} s`,
      contender: 'raw',
      label: 'raw WebSocket + hand-written heartbeat (control)',
      value: `${lpRaw.falseDeaths} missed deadlines (${lpRaw.heartbeats} heartbeats, rtt p50 ${fmt(quantile(lpRaw.rtts, 0.5), 0)}, p99 ${fmt(rawP99, 0)} ms)`,
      ratio: '',
      target: '',
      met: null,
    },
  ];
  const { rtts, ...lateRest } = lp;
  const { rtts: rawRtts, ...rawRest } = lpRaw;
  return {
    data: {
      blackhole: { bound, within, dist, ...bh },
      latePong: { ...lateRest, rttMedian, rttP99, rttMax: Math.max(...rtts) },
      latePongRaw: { ...rawRest, rttMedian: quantile(rawRtts, 0.5), rttP99: rawP99, rttMax: Math.max(...rawRtts) },
    },
    rows,
  };
}
