// What every driver of the public-surface fuzzer shares, whatever drives the browser (Playwright
// in tests/node/fuzz/surface.test.mjs, W3C WebDriver in scripts/fuzz-engine.mjs):
//  - serving the engine-neutral fuzzer (tests/fuzz/) and the built package (pkg/) from a private
//    heartsocket-server whose root holds two links, www/fuzz -> tests/fuzz and pkg -> pkg/ (or
//    HEARTSOCKET_FUZZ_PKG) (the server only serves a few top-level folders); the page's sockets
//    go to the real server the suite runs (both on 127.0.0.1, which Chromium's local-network
//    checks require);
//  - the run's seed and length, starting the run in the page and reading its result;
//  - the pass rule (`judge`).
// A driver only needs `goto(url)` and `evaluate(expression)` (a JSON-safe value back).
import { mkdtempSync, mkdirSync, symlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, spawnServer } from '../lib/server.mjs';
import { seedFromEnv } from '../../fuzz/values.mjs';

/**
 * The package under test: pkg/ (the suite's debug build), or HEARTSOCKET_FUZZ_PKG (a release
 * build elsewhere: its glue has none of the debug build's argument checks).
 */
export const pkgDir = process.env.HEARTSOCKET_FUZZ_PKG ? path.resolve(process.env.HEARTSOCKET_FUZZ_PKG) : path.join(repoRoot, 'pkg');

/** A fixed seed by default, so the suite is deterministic; HEARTSOCKET_FUZZ_SEED=random explores. */
export const SEED = seedFromEnv(process.env.HEARTSOCKET_FUZZ_SEED);
/** The plan's length (it runs twice); HEARTSOCKET_FUZZ_CALLS=N changes it. */
export const CALLS = Number(process.env.HEARTSOCKET_FUZZ_CALLS || 4000);
/**
 * Growth allowed while the plan runs a second time, after the first pass reached its high mark,
 * and only at calls given a huge string: those copy up to 2^20 UTF-16 units into wasm memory (a
 * name, a URL, a ping text the instance keeps: 3 MiB as UTF-8 while converted), and the free-list
 * allocator may need a fresh block for one once more. A leak would grow at other calls, or more.
 */
export const MEMORY_SLACK = 4 << 20;
/**
 * How long a whole run may take before the driver gives up on the page. The page's own watchdog
 * (tests/fuzz/runner.mjs) ends the run at the first call without progress for 10 s, so only a
 * frozen page or browser reaches this.
 */
const RUN_MS = Number(process.env.HEARTSOCKET_FUZZ_RUN_MS || 600_000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @returns {Promise<{http: string, page: string, open: (browser: any) => Promise<{page: any, problems: string[]}>, stop: () => Promise<void>}>} */
export async function servePages() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hs-fuzz-'));
  mkdirSync(path.join(root, 'www'));
  symlinkSync(path.join(repoRoot, 'tests', 'fuzz'), path.join(root, 'www', 'fuzz'), 'dir');
  symlinkSync(pkgDir, path.join(root, 'pkg'), 'dir');
  const server = await spawnServer(root);
  const page = `${server.http}/www/fuzz/index.html`;
  return {
    http: server.http,
    /** The fuzzer's page. */
    page,
    /** For Playwright (tests/node/fuzz/regressions.test.mjs): a new page on it, ready; uncaught errors collected. */
    async open(browser) {
      const p = await browser.newPage();
      const problems = [];
      p.on('pageerror', (e) => problems.push(String(e)));
      await p.goto(page);
      await p.waitForFunction(() => window.fuzzReady === true, null, { timeout: 20_000 });
      return { page: p, problems };
    },
    async stop() {
      await server.stop();
      // Only the links and the folder: never what they point at.
      rmSync(path.join(root, 'www', 'fuzz'));
      rmSync(path.join(root, 'pkg'));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Polls `expression` until it is neither null nor undefined; null past `ms`. */
async function poll(driver, expression, ms, everyMs) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await driver.evaluate(expression);
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) return null;
    await sleep(everyMs);
  }
}

/**
 * Loads the fuzzer's page from `pages` in `driver`, runs the plan against the real server
 * `server` ({ws}) and returns the page's result (tests/fuzz/runner.mjs) with `problems` (the
 * page's uncaught errors and unhandled rejections, collected by index.html) and `ms`.
 * Never throws for what happens in the page: a page that never reports gives `{error}`.
 * @param {{goto: (url: string) => Promise<unknown>, evaluate: (expression: string) => Promise<any>}} driver
 */
export async function runFuzz(driver, pages, server, { seed = SEED, calls = CALLS } = {}) {
  const t0 = Date.now();
  await driver.goto(pages.page);
  if (await poll(driver, 'window.fuzzReady === true || null', 20_000, 100) === null) {
    return { seed, error: 'the fuzzer page never became ready: ' + JSON.stringify(await driver.evaluate('window.fuzzProblems || null')), problems: [], ms: Date.now() - t0 };
  }
  const args = { pkg: '/pkg/heartsocket.js', url: `${server.ws}?client=fuzz-${seed}-${process.pid}`, seed, calls };
  // Started, not awaited: a WebDriver script must return at once; the page keeps the result.
  await driver.evaluate(`(window.fuzz(${JSON.stringify(args)}).then((r) => { window.fuzzResult = r; }), true)`);
  const r = await poll(driver, 'window.fuzzResult || null', RUN_MS, 500);
  const problems = (await driver.evaluate('window.fuzzProblems || []')) || [];
  return Object.assign(r || { seed, error: `the page reported no result within ${RUN_MS} ms` }, { problems, ms: Date.now() - t0 });
}

/**
 * The pass rule: what is wrong with the run `r` of a plan of `calls` calls (empty if nothing).
 * Every call returned or threw TypeError/RangeError/SyntaxError (or the hostile value's own
 * error, as WebIDL conversions let it through); no call hung; both outcomes were exercised; an
 * instance opened before the run still echoes and a new one connects and echoes; the second pass
 * grew the wasm memory only at calls given a huge string, and by at most MEMORY_SLACK; the page
 * had no uncaught error.
 */
export function judge(r, calls = CALLS) {
  const seed = r.seed;
  if (r.hang !== undefined) return [`a call hung: ${r.hang}`];
  if (r.error !== undefined || !r.result) return [`the run failed (seed ${seed}): ${r.error}`];
  const wrong = [];
  const { counts, failures, health, memory, growth } = r.result;
  if (counts.calls !== 2 * calls) wrong.push(`${counts.calls} calls ran, not ${2 * calls}`);
  if (failures.length || counts.bad !== 0) {
    wrong.push(`calls that threw something else than TypeError/RangeError/SyntaxError (seed ${seed}):\n${failures.join('\n')}`);
  }
  if (!(counts.ok > calls / 5 && counts.typed > calls / 5)) wrong.push(`both outcomes are not exercised: ${JSON.stringify(counts)}`);
  if (health?.witness !== 'health-witness' || health?.fresh !== 'health-fresh') wrong.push(`health check: ${JSON.stringify(health)}`);
  const odd = growth.filter((g) => !/huge\w*String/.test(g));
  if (odd.length) wrong.push(`the second pass grew the memory at calls without a huge string (seed ${seed}):\n${odd.join('\n')}`);
  if (memory.afterSecondPass - memory.afterFirstPass > MEMORY_SLACK) {
    wrong.push(`wasm memory grew by ${memory.afterSecondPass - memory.afterFirstPass} bytes while the same calls ran again ` +
      `(seed ${seed}): ${JSON.stringify(memory)}\n${growth.join('\n')}`);
  }
  if (r.problems?.length) wrong.push(`uncaught in the page: ${r.problems.join('\n')}`);
  return wrong;
}

/** One line for the log: what ran, so the counts of docs/RELIABILITY.md can be checked. */
export function describeRun(r) {
  return JSON.stringify({ seed: r.seed, calls: r.result?.counts?.calls, entries: r.entries, kinds: r.kinds, optionPaths: r.optionPaths, counts: r.result?.counts, memory: r.result?.memory, ms: r.ms });
}
