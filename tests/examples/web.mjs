// Runs a built web page (a dist/ folder) in Chromium against the real server through the
// scenario of lib.mjs, with the page's own UI described by `ui`.
import assert from 'node:assert/strict';
import { serveDir, clientId, echoDropReconnect } from './lib.mjs';

/**
 * @param {import('playwright-core').Browser} browser
 * @param {{host: string, http: string}} server
 * @param {string} root the built folder
 * @param {string} label
 * @param {(page: import('playwright-core').Page) => Parameters<typeof echoDropReconnect>[0]} ui
 * @returns {Promise<{wasm: string[]}>} the .wasm URLs the page fetched (relative to the root)
 */
export async function runBuiltPage(browser, server, root, label, ui) {
  const site = await serveDir(root);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  // Only this machine is reachable: a framework's own fetch from its CDN (uni-app's H5 runtime
  // preloads an image from cdn.dcloud.net.cn) fails and is not the example's problem.
  const local = (url) => url.startsWith('http://127.0.0.1:') || url.startsWith('ws://127.0.0.1:');
  page.on('console', (m) => {
    if (m.type() === 'error' && !(/^Failed to load resource/.test(m.text()) && !local(m.location().url))) {
      problems.push(m.text());
    }
  });
  page.on('requestfailed', (r) => { if (local(r.url())) problems.push(`${r.url()}: ${r.failure()?.errorText}`); });
  const wasm = [];
  page.on('response', (r) => { if (/\.wasm(\?|$)/.test(r.url())) wasm.push(r.url().replace(site.url, '')); });
  const client = clientId(label);
  try {
    await page.goto(`${site.url}?server=${server.host}&client=${client}`);
    await echoDropReconnect(ui(page), server, client);
    assert.deepEqual(problems, []);
    return { wasm };
  } catch (err) {
    err.message += `\npage problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await page.close();
    await site.stop();
  }
}

/** The UI of examples/vite and examples/webpack (src/chat.js). */
export const chatLineUi = (page) => ({
  opens: async () => Number(await page.locator('#state').getAttribute('data-opens')),
  send: async (text) => {
    await page.locator('#text').fill(text);
    await page.locator('#send').click();
  },
  echoes: () => page.locator('#log li[data-role="server"]').allTextContents(),
});

/**
 * The UI of the Taro and uni-app chat pages on H5: a status element whose class names the state
 * (online, reconnecting…), an input, a send button, and `.line.server .bubble` lines. Every
 * state the status element shows is recorded by a MutationObserver, so a short one is not missed.
 * @param {{input: string, send: string}} sel the framework's rendering of <Input>/<Button>
 */
export const statusClassUi = (sel) => (page) => {
  let installed = false;
  const install = async () => {
    if (installed) return;
    installed = await page.evaluate(() => {
      const el = document.querySelector('.status');
      if (!el) return false;
      const states = [];
      const note = () => {
        const s = ['connecting', 'online', 'reconnecting', 'closed'].find((c) => el.classList.contains(c));
        if (s && states[states.length - 1] !== s) states.push(s);
      };
      note();
      new MutationObserver(note).observe(el, { attributes: true, attributeFilter: ['class'] });
      window.__states = states;
      return true;
    });
  };
  let last = [];
  const states = async () => {
    await install();
    if (installed) last = await page.evaluate(() => window.__states.slice());
    return last;
  };
  return {
    opens: async () => (await states()).filter((s) => s === 'online').length,
    send: async (text) => {
      await page.locator(sel.input).fill(text);
      await page.locator(sel.send).click();
    },
    echoes: () => page.locator('.line.server .bubble').allTextContents(),
    states: () => last,
  };
};
