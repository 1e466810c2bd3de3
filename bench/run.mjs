#!/usr/bin/env node
// The benchmark harness: heartsocket against the raw WebSocket, reconnecting-websocket and
// partysocket, side by side in one headless Chromium run. Normally started by scripts/bench.sh,
// which builds the server and the release package first; see docs/BENCH.md.
//
// Writes bench/results.json and bench/RESULTS.md (quick or partial runs: bench/out/results.*), and
// prints the table to stdout. Progress goes to stderr.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';
import { startServer } from '../tests/node/lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCollector } from './lib/collector.mjs';
import { ALL_SUITES, loadConfig } from './lib/config.mjs';
import { jobRunner } from './lib/jobs.mjs';
import { describeMachine, loadAvg } from './lib/machine.mjs';
import { resultsMarkdown, textTable } from './lib/report.mjs';
import { runSize } from './lib/sizes.mjs';
import { runDeadlink } from './suites/deadlink.mjs';
import { runE2E } from './suites/e2e.mjs';
import { runMemory } from './suites/memory.mjs';
import { runScale } from './suites/scale.mjs';
import { runStartup } from './suites/startup.mjs';
import { runSynthetic } from './suites/synthetic.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const outDir = path.join(benchDir, 'out');
const pkgDir = path.join(outDir, 'pkg');

const t0 = performance.now();
const log = (line) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Bundles the JS peers for the page: ES modules in bench/out/, minified like the size table. */
async function bundlePeers() {
  mkdirSync(outDir, { recursive: true });
  for (const name of ['rws', 'ps']) {
    await esbuild.build({
      entryPoints: [path.join(benchDir, 'contenders', `${name}.mjs`)],
      outfile: path.join(outDir, `${name}.js`),
      bundle: true, minify: true, format: 'esm', platform: 'browser', logLevel: 'warning',
    });
  }
}

/** heartsocket takes part only if the release snapshot exists and exports the class. */
function heartsocketAvailable() {
  const glue = path.join(pkgDir, 'heartsocket.js');
  if (!existsSync(glue)) return 'bench/out/pkg/heartsocket.js missing (scripts/bench.sh builds it)';
  const src = readFileSync(glue, 'utf8');
  // Release glue is minified (scripts/minify-pkg.mjs): `export{x as WebSocketClass}`.
  if (!/export class WebSocketClass\b|export\s*\{[^}]*\bWebSocketClass\b/.test(src)) {
    return 'bench/out/pkg/heartsocket.js has no WebSocketClass';
  }
  // Only a release build bundles the class's modules into the glue (scripts/minify-pkg.mjs).
  if (existsSync(path.join(pkgDir, 'snippets'))) return 'bench/out/pkg is a dev build, not the release one';
  return null;
}

async function main() {
  const cfg = loadConfig();
  const loadStart = loadAvg();
  log(`${cfg.quick ? 'QUICK' : 'full'} run: ${cfg.suites.join(', ')}; load average ${loadStart}`);
  await bundlePeers();
  const failures = [];
  const hsMissing = heartsocketAvailable();
  if (hsMissing) failures.push(`heartsocket left out: ${hsMissing}`);
  const contenders = ['raw', ...(hsMissing ? [] : ['hs']), 'rws', 'ps'];

  const server = await startServer();
  const collector = await startCollector({ verbose: process.env.BENCH_VERBOSE === '1' });
  const browser = await launchBrowser();
  // Interrupted: close what we started (Playwright closes the browser on its own), then exit.
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => {
      log(`${sig}: stopping`);
      await Promise.allSettled([browser.close(), collector.close(), server.stop()]);
      process.exit(130);
    });
  }
  log(`server ${server.http}, ${browser.version}, contenders: ${contenders.join(', ')}`);
  const machine = describeMachine(browser.version);
  const jobs = jobRunner({ browser, collector, http: server.http });
  const ctx = { cfg, jobs, contenders, log, repoRoot, pkgDir: hsMissing ? null : pkgDir };

  const suites = {
    size: runSize,
    synthetic: runSynthetic,
    startup: runStartup,
    e2e: runE2E,
    deadlink: runDeadlink,
    memory: runMemory,
    scale: runScale,
  };
  const results = {};
  const rows = [];
  try {
    for (const name of cfg.suites) {
      if (name !== 'size' && name !== 'e2e' && name !== 'synthetic' && name !== 'startup' && hsMissing) {
        failures.push(`${name}: skipped, it measures heartsocket`);
        continue;
      }
      const ts = performance.now();
      log(`suite ${name}`);
      try {
        const r = await suites[name](ctx);
        results[name] = r.data;
        rows.push(...r.rows);
      } catch (e) {
        failures.push(`${name}: ${e.message}`);
        log(`suite ${name} FAILED: ${e.stack}`);
      }
      log(`suite ${name} took ${((performance.now() - ts) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close();
    await collector.close();
    await server.stop();
  }

  const durationS = (performance.now() - t0) / 1000;
  const load = { start: loadStart, end: loadAvg() };
  const json = { machine, config: cfg, load, durationS, failures, rows, results };
  // Only a full run of every suite is the recorded one; quick or partial runs go to bench/out/.
  const recorded = !cfg.quick && ALL_SUITES.every((s) => cfg.suites.includes(s));
  const base = recorded ? path.join(benchDir, 'results') : path.join(outDir, cfg.quick ? 'results.quick' : 'results.partial');
  const mdPath = recorded ? path.join(benchDir, 'RESULTS.md') : `${base}.md`;
  writeFileSync(`${base}.json`, JSON.stringify(json, null, 1) + '\n');
  writeFileSync(mdPath, resultsMarkdown({
    machine, cfg, load, rows, durationS, failures, notesPath: path.join(benchDir, 'FINDINGS.md'),
  }));
  console.log(textTable(rows));
  if (failures.length) console.log(`\nFailures:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  log(`done in ${durationS.toFixed(0)} s; wrote ${path.relative(repoRoot, mdPath)} and ${path.relative(repoRoot, base)}.json`);
  return failures.length ? 1 : 0;
}

/** `--render`: rewrites RESULTS.md from results.json and FINDINGS.md, without measuring. */
function render() {
  const j = JSON.parse(readFileSync(path.join(benchDir, 'results.json'), 'utf8'));
  writeFileSync(path.join(benchDir, 'RESULTS.md'), resultsMarkdown({
    machine: j.machine, cfg: j.config, load: j.load, rows: j.rows, durationS: j.durationS,
    failures: j.failures, notesPath: path.join(benchDir, 'FINDINGS.md'),
  }));
  console.log(textTable(j.rows));
  return 0;
}

(process.argv.includes('--render') ? Promise.resolve().then(render) : main()).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
