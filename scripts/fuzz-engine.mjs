// Runs the public-surface fuzzer (issue 13; tests/fuzz/, docs/RELIABILITY.md "Hostile input")
// in one browser engine over W3C WebDriver (scripts/webdriver.mjs):
//
//   node scripts/fuzz-engine.mjs <firefox|webkit|chromium>
//
// The same page, plan, seed and pass rule as the Chromium test through Playwright
// (tests/node/fuzz/surface.test.mjs): both come from tests/node/fuzz/pages.mjs. The page's
// sockets go to the suite's server (HEARTSOCKET_SERVER) or, run alone, to a private one; the
// package is pkg/ (`bash scripts/test.sh build`). WebKit needs an X display: XVFB_DISPLAY or
// DISPLAY. Prints a "test result:" line that scripts/test.sh counts; exits non-zero on failure.
//
// HEARTSOCKET_FUZZ_SEED=N reproduces a run (default 13; `random` for a new one);
// HEARTSOCKET_FUZZ_CALLS=N changes its length.
import { openBrowser } from './webdriver.mjs';
import { startServer } from '../tests/node/lib/server.mjs';
import { servePages, runFuzz, judge, describeRun, SEED, CALLS } from '../tests/node/fuzz/pages.mjs';

const engine = process.argv[2];
if (!engine) {
  console.error('usage: node scripts/fuzz-engine.mjs <firefox|webkit|chromium>');
  process.exit(2);
}
const say = (s) => process.stdout.write(s + '\n');

let server;
let pages;
let browser;
let wrong;
try {
  server = await startServer();
  pages = await servePages();
  browser = await openBrowser(engine, { log: say });
  say(`# fuzz seed ${SEED} (HEARTSOCKET_FUZZ_SEED=${SEED} reproduces this run), a plan of ${CALLS} calls run twice, in ${browser.browser}`);
  const r = await runFuzz({ goto: (url) => browser.goto(url), evaluate: (expr) => browser.execute(`return ${expr};`) }, pages, server);
  say(`# ${describeRun(r)}`);
  wrong = judge(r);
} catch (e) {
  wrong = [String(e.stack || e)];
}
await browser?.close();
await pages?.stop();
await server?.stop();
for (const w of wrong) say(`FAILED: ${w}`);
// Counted by scripts/test.sh (the format of wasm-bindgen-test's summary line).
say(`test result: ${wrong.length ? 'FAILED' : 'ok'}. ${wrong.length ? 0 : 1} passed; ${wrong.length ? 1 : 0} failed; public-surface fuzz in ${engine}`);
process.exit(wrong.length ? 1 : 0);
