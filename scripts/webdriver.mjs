// A small W3C WebDriver client for the three browser engines the tests run in: Chromium
// (chromedriver), Firefox ESR (geckodriver) and WebKitGTK's MiniBrowser (WebKitWebDriver, on an
// X display). It starts the driver, opens ONE session, and lets the caller load page after page
// in it and wait for a result on the page. Every request has its own deadline, so a driver or
// browser that stops answering is reported instead of hanging the run.
//
//   const b = await openBrowser('firefox');
//   await b.goto('http://127.0.0.1:8080/page.html');
//   const r = await b.waitFor('return window.RESULT || null', { timeoutMs: 60_000 });
//   await b.close();
//
// Capabilities come from webdriver.json at the repository root (one key per engine), the same
// file wasm-bindgen-test-runner reads.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The driver binary and the capabilities key of each engine. */
export const ENGINES = {
  chromium: { driver: '/usr/bin/chromedriver', caps: 'goog:chromeOptions' },
  firefox: { driver: 'geckodriver', caps: 'moz:firefoxOptions' },
  webkit: { driver: '/usr/bin/WebKitWebDriver', caps: 'webkitgtk:browserOptions' },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The session's capabilities for `engine`: its key from webdriver.json, and headless. */
function capabilities(engine) {
  const all = JSON.parse(readFileSync(path.join(ROOT, 'webdriver.json'), 'utf8'));
  const key = ENGINES[engine].caps;
  const opts = structuredClone(all[key] || {});
  const args = opts.args || (opts.args = []);
  if (engine === 'chromium') args.push('--headless', '--no-sandbox', '--disable-dev-shm-usage');
  if (engine === 'firefox' && !args.includes('-headless')) args.push('-headless');
  const caps = { [key]: opts };
  if (engine === 'chromium') caps.browserName = 'chrome';
  if (engine === 'firefox') caps.browserName = 'firefox';
  return { capabilities: { alwaysMatch: caps } };
}

class WebDriverError extends Error {}

/**
 * Starts `engine`'s driver and opens a session.
 * @param {'chromium'|'firefox'|'webkit'} engine
 * @param {{env?: object, log?: (line: string) => void, startupMs?: number}} [opts]
 */
export async function openBrowser(engine, opts = {}) {
  const spec = ENGINES[engine];
  if (!spec) throw new TypeError(`engine must be one of ${Object.keys(ENGINES).join(', ')}, got '${engine}'`);
  const log = opts.log || (() => {});
  const startupMs = opts.startupMs ?? 120_000;
  const port = await freePort();
  const driverLog = [];
  // MiniBrowser is a GTK program: it needs an X display, scripts/test.sh's Xvfb when there is one.
  const display = engine === 'webkit' && process.env.XVFB_DISPLAY ? { DISPLAY: process.env.XVFB_DISPLAY } : {};
  const child = spawn(spec.driver, [`--port=${port}`], {
    env: { ...process.env, ...display, ...(opts.env || {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d) => { driverLog.push(String(d)); if (driverLog.length > 200) driverLog.shift(); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const base = `http://127.0.0.1:${port}`;

  async function request(method, url, body, timeoutMs) {
    let res;
    try {
      res = await fetch(base + url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : e.message;
      throw new WebDriverError(`${engine}: ${method} ${url}: ${why}`);
    }
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = { value: text }; }
    if (!res.ok) {
      const v = json.value || {};
      throw new WebDriverError(`${engine}: ${method} ${url}: ${res.status} ${v.error || ''} ${v.message || text}`.trim());
    }
    return json.value;
  }

  // The driver is up once /status answers.
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new WebDriverError(`${engine}: ${spec.driver} exited (${JSON.stringify(exited)}): ${driverLog.join('')}`);
    try { await request('GET', '/status', undefined, 2000); break; } catch (e) {
      if (Date.now() - t0 > startupMs) { child.kill('SIGKILL'); throw e; }
      await sleep(100);
    }
  }
  let session;
  try {
    session = await request('POST', '/session', capabilities(engine), startupMs);
  } catch (e) {
    child.kill('SIGKILL');
    throw new WebDriverError(`${e.message}\n${driverLog.join('')}`);
  }
  const id = session.sessionId;
  log(`${engine}: ${session.capabilities.browserName} ${session.capabilities.browserVersion} (session in ${Date.now() - t0} ms)`);
  const s = (p) => `/session/${id}${p}`;

  return {
    engine,
    browser: `${session.capabilities.browserName} ${session.capabilities.browserVersion}`,
    /** Loads `url` and waits for its load event (at most `timeoutMs`). */
    goto: (url, timeoutMs = 120_000) => request('POST', s('/url'), { url }, timeoutMs),
    /** Runs `script` (a function body) in the page and returns its result. */
    execute: (script, args = [], timeoutMs = 30_000) =>
      request('POST', s('/execute/sync'), { script, args }, timeoutMs),
    /**
     * Polls `script` every `everyMs` until it returns something other than null/undefined;
     * returns that, or null past `timeoutMs`.
     */
    async waitFor(script, { args = [], timeoutMs = 60_000, everyMs = 200, onPoll } = {}) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = await request('POST', s('/execute/sync'), { script, args }, Math.max(5000, end - Date.now()));
        if (onPoll) onPoll(v);
        if (v !== null && v !== undefined) return v;
        if (Date.now() > end) return null;
        await sleep(everyMs);
      }
    },
    /** Ends the session and the driver (and with them the browser). */
    async close() {
      try { await request('DELETE', s(''), undefined, 30_000); } catch (e) { log(String(e.message)); }
      child.kill('SIGTERM');
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    },
    driverLog: () => driverLog.join(''),
  };
}
