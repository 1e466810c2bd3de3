// Screenshots of the demo at desktop and phone width, after a fault and its recovery so the
// timeline, chat and RTT chart have something to show. Saved to tests/artifacts/ (git-ignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  artifacts, assertPng, ensureArtifacts, launch, openDemo, sendChat, setInput, uniqueClient, waitBadge, waitTimeline,
} from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  await ensureArtifacts();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Drives the page through a short story: chat, a dropped link, a message typed while down,
 * recovery, and a couple of heartbeats.
 * @param {import('playwright-core').Page} page
 */
async function story(page) {
  await sendChat(page, 'Hello! Is anyone there?');
  await page.locator('#messages .msg[data-role="server"]', { hasText: 'Hello!' }).waitFor({ timeout: 10_000 });
  await page.locator('button[data-fault="drop"]').click();
  await waitBadge(page, 'OPEN', 15_000, true);
  await sendChat(page, 'This one was typed while the link was down');
  await waitBadge(page, 'OPEN', 30_000);
  await page.waitForFunction(() => document.querySelectorAll('#messages .msg[data-status="delivered"]').length === 2,
    null, { timeout: 15_000 });
  await sendChat(page, 'Back online, thanks');
  // Two heartbeats after the reconnect give the chart a line rather than a dot.
  await waitTimeline(page, 'heartbeat', /×2/, 15_000);
}

for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 360, height: 740 }]]) {
  test(`screenshot at ${name} width (${viewport.width}×${viewport.height})`, { timeout: 90_000 }, async () => {
    const { page, context, errors } = await openDemo(browser, server, uniqueClient(`shot-${name}`), viewport);
    await story(page);

    // Nothing may stick out sideways: a phone user would have to scroll horizontally.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the ${viewport.width} px viewport`);
    // Every control a person uses has an accessible name.
    const unnamed = await page.$$eval('input, button', (els) => els
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
      .map((el) => el.outerHTML));
    assert.deepEqual(unnamed, []);

    // The first screen as a visitor sees it (sending focused and scrolled to the chat input).
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    const file = path.join(artifacts, `demo-${name}.png`);
    await page.screenshot({ path: file });
    // The whole page; a sticky bar would be painted mid-page in a full-length capture.
    await page.addStyleTag({ content: '.topbar { position: static; }' });
    const full = path.join(artifacts, `demo-${name}-full.png`);
    await page.screenshot({ path: full, fullPage: true });
    const bytes = await assertPng(file, viewport.width);
    const fullBytes = await assertPng(full, viewport.width);
    console.log(`# ${file}: ${bytes} bytes; ${full}: ${fullBytes} bytes`);

    if (name === 'desktop') {
      // The moment the demo is about: link down, a retry counting down, a message waiting.
      await page.addStyleTag({ content: '.topbar { position: sticky; }' });
      await setInput(page, '#refuse-s', 5);
      await page.locator('button[data-fault="refuse"]').click();
      await page.locator('button[data-fault="drop"]').click();
      await waitTimeline(page, 'reconnecting', /attempt 2/, 15_000);
      await sendChat(page, 'Sent during the outage');
      await page.waitForFunction(() => /reconnecting in \d/.test(document.getElementById('countdown').textContent),
        null, { timeout: 15_000 });
      await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
      const outage = path.join(artifacts, 'demo-desktop-reconnecting.png');
      await page.screenshot({ path: outage });
      console.log(`# ${outage}: ${await assertPng(outage, viewport.width)} bytes`);
      await waitBadge(page, 'OPEN', 30_000);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
