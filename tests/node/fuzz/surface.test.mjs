// The public surface of the built package (pkg/, what `bash scripts/test.sh` builds), fuzzed in
// Debian's Chromium through Playwright: thousands of calls of every entry point with hostile
// values, from a seeded plan (tests/fuzz/, engine-neutral), in a worker the page terminates if a
// call hangs. The run and its pass rule are shared with Firefox and WebKit
// (scripts/fuzz-engine.mjs, over WebDriver): tests/node/fuzz/pages.mjs.
//
// HEARTSOCKET_FUZZ_SEED=N reproduces a run (default 13; `random` for a new one);
// HEARTSOCKET_FUZZ_CALLS=N changes its length.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../www/browser.mjs';
import { servePages, runFuzz, judge, describeRun, SEED, CALLS } from './pages.mjs';

let server;
let pages;
let browser;
before(async () => {
  server = await startServer();
  pages = await servePages();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await pages?.stop();
  await server?.stop();
});

test(`every entry point with hostile values: 2 × ${CALLS} calls, seed ${SEED}`, { timeout: 180_000 }, async () => {
  console.log(`# fuzz seed ${SEED} (HEARTSOCKET_FUZZ_SEED=${SEED} reproduces this run), a plan of ${CALLS} calls run twice`);
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const r = await runFuzz({ goto: (url) => page.goto(url), evaluate: (expr) => page.evaluate(expr) }, pages, server);
  console.log(`# ${describeRun(r)}`);
  assert.deepEqual(judge(r), []);
  assert.deepEqual(pageErrors, []);
  await page.close();
});
