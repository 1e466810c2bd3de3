// Runs the built browser tests (tests/web_*.rs → .wasm, listed by scripts/wasm-tests.mjs) in one
// engine, with ONE browser for all of them:
//
//   node scripts/web-engines.mjs <chromium|firefox|webkit> <list file>
//
// For each test binary, wasm-bindgen-test-runner serves its test page (interactive mode: it
// only serves), the browser loads it through scripts/webdriver.mjs, and the page's output is
// streamed until wasm-bindgen-test prints its "test result:" line. A page that does not report
// within its budget is one failure ("error: … reported no test result in …"), and the browser
// is replaced before the next file. Exits non-zero if any file failed.
//
// Why not `wasm-pack test --headless`: it starts a driver and a browser per file (about 10 s in
// Chromium, 25 s in Firefox and WebKit here), and its runner sends WebKitWebDriver no
// capabilities of ours. One browser per engine is both faster and one less start that can fail.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { openBrowser } from './webdriver.mjs';

const [engine, listFile] = process.argv.slice(2);
if (!engine || !listFile) {
  console.error('usage: node scripts/web-engines.mjs <chromium|firefox|webkit> <list file>');
  process.exit(2);
}
const tests = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).map((l) => {
  const [name, wasm] = l.split(' ');
  return { name, wasm };
});
// Per-file budgets: most files take under 40 s; web_faults_calls about 2 min.
const BUDGET_S = { default: Number(process.env.WEB_TEST_BUDGET || 150), web_faults_calls: 300 };
const say = (s) => process.stdout.write(s);

/** Starts the runner in serve-only mode for `wasm`; resolves with {url, child}. */
function serve(wasm) {
  return new Promise((resolve, reject) => {
    const child = spawn('wasm-bindgen-test-runner', [wasm], {
      env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: '127.0.0.1:0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`runner did not serve within 120 s: ${out}`)); }, 120_000);
    const onData = (d) => {
      out += d;
      const m = /available at (http:\/\/[0-9.:]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1] + '/', child }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`runner exited (${code}) before serving: ${out}`)); });
  });
}

/**
 * Puts an HTTP proxy in front of the runner's server that asks it for ONE request per connection.
 *
 * The runner serves with tiny_http 0.12, which gives each connection a pool thread for as long
 * as the connection lives, and can queue a new connection's task behind busy threads (its pool
 * counts a just-notified idle thread as still idle, so two connections accepted together get
 * one thread). A browser keeps its connections alive, so a queued connection could wait
 * forever: the page then sat at "Loading scripts..." with one module never fetched (seen here:
 * readyState "interactive", host.js missing, chromedriver waiting on the load event until the
 * run was killed). With `Connection: close` upstream every task ends with its response and the
 * next one gets a thread. Node's server faces the browser and keeps its connections.
 */
function proxy(target) {
  const up = new URL(target);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, host: up.host, connection: 'close' };
    const fwd = http.request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers, agent: false }, (r) => {
      const h = { ...r.headers };
      delete h.connection;
      res.writeHead(r.statusCode, h);
      r.pipe(res);
    });
    fwd.setTimeout(60_000, () => fwd.destroy(new Error('no answer from the test runner in 60 s')));
    fwd.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(String(e.message)); });
    req.pipe(fwd);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      close: () => { server.closeAllConnections(); server.close(); },
    }));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

const OUTPUT = "const e = document.getElementById('output'); return e ? e.textContent : '';";

let browser = null;
let failed = 0;
// The runner needs a few seconds (wasm-bindgen over a debug build) before it serves: the next
// file's runner is started while the current file's tests run.
const serving = (i) => {
  if (i >= tests.length) return null;
  const p = serve(tests[i].wasm);
  p.catch(() => {}); // reported when awaited
  return p;
};
let next = serving(0);
for (const [i, t] of tests.entries()) {
  say(`\n--- ${engine}: ${t.name}\n`);
  const t0 = Date.now();
  let runner = null;
  let front = null;
  let text = '';
  let shown = 0;
  const mine = next;
  next = serving(i + 1);
  try {
    browser ??= await openBrowser(engine, { log: (l) => say(l + '\n') });
    runner = await mine;
    front = await proxy(runner.url);
    await browser.goto(front.url);
    const end = t0 + 1000 * (BUDGET_S[t.name] || BUDGET_S.default);
    while (!text.includes('test result: ') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      text = String(await browser.execute(OUTPUT));
      // "Loading scripts..." is the page's placeholder until the harness starts writing.
      if (text.startsWith('Loading scripts...')) continue;
      if (text.length > shown) { say(text.slice(shown)); shown = text.length; }
    }
  } catch (e) {
    say(`\n${e.message}\n`);
  }
  // Leave the page first, so its sockets close before the next file's page opens.
  if (browser) await browser.goto('about:blank', 30_000).catch(() => {});
  if (front) front.close();
  if (runner) await stop(runner.child);
  if (!text.includes('test result: ')) {
    failed++;
    say(`\nerror: ${t.name} reported no test result in ${engine} (${Math.round((Date.now() - t0) / 1000)} s; page: ${JSON.stringify(text.slice(-300))})\n`);
    // Whatever state that browser is in, the next file gets a fresh one.
    if (browser) { say(browser.driverLog().slice(-2000)); await browser.close(); browser = null; }
  } else if (!/test result: ok\./.test(text)) {
    failed++;
  }
  say(`--- ${engine}: ${t.name} took ${Math.round((Date.now() - t0) / 1000)} s\n`);
}
if (browser) await browser.close();
process.exit(failed ? 1 : 0);
