// The public surface of the built package (pkg/, what `bash scripts/test.sh` builds), fuzzed in
// Debian's Chromium: thousands of calls of every entry point with hostile values, from a seeded
// plan (tests/fuzz/, engine-neutral), in a worker the page terminates if a call hangs. Pass: every
// call returns or throws TypeError/RangeError/SyntaxError (or the hostile value's own error, as
// WebIDL conversions let it through); then an instance opened before the run still echoes through
// the real server, a new one connects and echoes, and the wasm memory stopped growing.
//
// HEARTSOCKET_FUZZ_SEED=N reproduces a run; HEARTSOCKET_FUZZ_CALLS=N changes its length.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../www/browser.mjs';
import { servePages } from './pages.mjs';

const SEED = process.env.HEARTSOCKET_FUZZ_SEED ? Number(process.env.HEARTSOCKET_FUZZ_SEED) : (Math.random() * 2 ** 32) >>> 0;
const CALLS = Number(process.env.HEARTSOCKET_FUZZ_CALLS || 6000);
/** Growth allowed in the second half of the calls, after the first half reached its high mark. */
const MEMORY_SLACK = 1 << 20;

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

test(`every entry point with hostile values: ${CALLS} calls, seed ${SEED}`, { timeout: 180_000 }, async () => {
  console.log(`# fuzz seed ${SEED} (HEARTSOCKET_FUZZ_SEED=${SEED} reproduces this run), ${CALLS} calls`);
  const { page, problems } = await pages.open(browser);
  const client = `fuzz-${SEED}-${process.pid}`;
  const r = await page.evaluate((o) => window.fuzz(o), {
    pkg: '/pkg/heartsocket.js', url: `${server.ws}?client=${client}`, seed: SEED, calls: CALLS,
  });
  console.log(`# ${JSON.stringify({ seed: r.seed, kinds: r.kinds, entries: r.entries, counts: r.result?.counts, memory: r.result?.memory })}`);
  assert.equal(r.hang, undefined, `a call hung: ${r.hang}`);
  assert.equal(r.error, undefined, `the run failed (seed ${SEED}): ${r.error}`);
  const { counts, failures, health, memory } = r.result;
  assert.equal(counts.calls, CALLS);
  assert.deepEqual(failures, [], `calls that threw something else than TypeError/RangeError/SyntaxError (seed ${SEED})`);
  assert.equal(counts.bad, 0);
  assert.ok(counts.ok > CALLS / 10 && counts.typed > CALLS / 10, `both outcomes are exercised: ${JSON.stringify(counts)}`);
  assert.deepEqual(health, { witness: 'health-witness', fresh: 'health-fresh' });
  assert.ok(memory.end - memory.half <= MEMORY_SLACK,
    `wasm memory grew by ${memory.end - memory.half} bytes in the second half of the calls (seed ${SEED}): ` +
    `${JSON.stringify(memory)}\n${r.result.growth.join('\n')}`);
  assert.deepEqual(problems, []);
  await page.close();
});
