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
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
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
