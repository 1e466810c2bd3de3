#!/usr/bin/env node
// Profiles one contender's message path in the synthetic benchmark with Chromium's CPU profiler
// (over CDP, in an uninstrumented page) and prints the functions with the most self time.
// For names instead of `wasm-function[N]`, build heartsocket with names kept:
//   wasm-pack build --profiling --target web --out-dir bench/out/pkg-prof --out-name heartsocket
// then: HEARTSOCKET_SERVER=host:port node bench/profile.mjs hs /bench/out/pkg-prof/heartsocket.js
import { startServer } from '../tests/node/lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCollector } from './lib/collector.mjs';
import { jobRunner } from './lib/jobs.mjs';

const [name = 'hs', hsModule, events = '1000000'] = process.argv.slice(2);
const server = await startServer();
const collector = await startCollector();
const browser = await launchBrowser();
try {
  const jobs = jobRunner({ browser, collector, http: server.http });
  const job = 'profile1';
  const args = { name, events: Number(events), warm: 200_000, size: 64, startDelay: 1500 };
  const url = jobs.url(job, 'synthetic', args, hsModule ? { hs: hsModule } : {});
  const page = await browser.openPage(url);
  const s = await page.attach();
  await s.send('Profiler.enable');
  await s.send('Profiler.setSamplingInterval', { interval: 50 });
  await s.send('Profiler.start');
  const result = await collector.wait(job, 120_000);
  const { profile } = await s.send('Profiler.stop');
  await s.detach();
  await page.close();

  // Self time per function: each sample charges the node it landed in.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`${name}: ${result.nsPerEvent.toFixed(0)} ns/event over ${events} events; top self time:`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(6)} %  ${k}`);
  }
} finally {
  await browser.close();
  await collector.close();
  await server.stop();
}
