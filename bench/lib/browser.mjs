// Headless Chromium for measuring: launched by playwright-core, but every measured page lives in
// a browser context created over raw CDP, which Playwright does not know and so never instruments
// (Playwright attached to a page records every WebSocket frame and doubled raw receive times).
//
// Pages we need to inspect (heap, task time) get a non-flattened CDP session of our own through
// Target.attachToTarget + Target.sendMessageToTarget; only the domains a suite asks for are enabled.
import { chromium } from 'playwright-core';

/** Flags from bench/BENCHMARKING notes: no GPU, no background traffic, gc() exposed, no QUIC. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  // Targets created over CDP may count as background windows; their timers must not be
  // throttled, or the heartbeat suites would measure the throttling.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export const CHROMIUM_PATH = process.env.BENCH_CHROMIUM || '/usr/bin/chromium';

/**
 * @typedef {object} Target
 * @property {string} targetId
 * @property {() => Promise<Session>} attach   our own CDP session into the page
 * @property {() => Promise<void>} close       closes the page and disposes its context
 *
 * @typedef {object} Session
 * @property {(method: string, params?: object) => Promise<any>} send
 * @property {(expr: string) => Promise<any>} evaluate   awaits promises, returns by value
 * @property {() => Promise<Record<string, number>>} metrics   Performance.getMetrics as a map
 * @property {() => Promise<void>} detach
 */

/** Launches Chromium; returns helpers to open measured pages. */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const cdp = await browser.newBrowserCDPSession();
  const { product } = await cdp.send('Browser.getVersion');

  // Replies and events from our page sessions arrive wrapped in this browser-level event.
  const sessions = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    sessions.get(sessionId)?.(JSON.parse(message));
  });

  /**
   * Opens `url` in a fresh browser context (own renderer process, empty cache and storage).
   * @returns {Promise<Target>}
   */
  async function openPage(url) {
    const { browserContextId } = await cdp.send('Target.createBrowserContext', {});
    const { targetId } = await cdp.send('Target.createTarget', { url, browserContextId });
    let closed = false;
    return {
      targetId,
      attach: () => attach(targetId),
      async close() {
        if (closed) return;
        closed = true;
        await cdp.send('Target.closeTarget', { targetId }).catch(() => {});
        await cdp.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
      },
    };
  }

  /** @returns {Promise<Session>} */
  async function attach(targetId) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
    let nextId = 0;
    const pending = new Map();
    sessions.set(sessionId, (msg) => {
      const p = msg.id !== undefined && pending.get(msg.id);
      if (!p) return; // events: no suite subscribes to any
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    });
    const send = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve, reject, method });
        const message = JSON.stringify({ id, method, params });
        cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(reject);
      });
    return {
      send,
      async evaluate(expression) {
        const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) {
          const d = r.exceptionDetails;
          throw new Error(`page: ${d.exception?.description ?? d.text}`);
        }
        return r.result.value;
      },
      async metrics() {
        const { metrics } = await send('Performance.getMetrics');
        return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
      },
      async detach() {
        sessions.delete(sessionId);
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      },
    };
  }

  return {
    version: product,
    openPage,
    close: () => browser.close(),
  };
}
