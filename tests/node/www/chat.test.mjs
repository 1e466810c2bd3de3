// The demo's chat panel in real Chromium against the real server: a message goes out and its
// echo comes back; an empty message is refused with a visible notice and never reaches the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, startServer } from '../lib/server.mjs';
import { launch, openDemo, sendChat, uniqueClient } from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a message typed and sent comes back as the server echo, marked delivered', { timeout: 60_000 }, async () => {
  const client = uniqueClient('echo');
  const { page, context, errors } = await openDemo(browser, server, client);
  const text = 'hello from the demo test ✓';
  await sendChat(page, text);

  const echo = page.locator('#messages .msg[data-role="server"]', { hasText: text });
  await echo.waitFor({ timeout: 10_000 });
  const mine = page.locator('#messages .msg[data-role="me"]', { hasText: text });
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('#messages .msg[data-role="me"]')]
      .some((m) => m.textContent.includes(t) && m.dataset.status === 'delivered'),
    text, { timeout: 10_000 },
  );
  assert.equal(await mine.count(), 1);
  assert.match(await mine.locator('.tag').textContent(), /delivered/);
  assert.equal(await page.locator('#chat-input').inputValue(), '', 'the input is cleared after sending');

  // The server saw it exactly once, on this page's client id.
  const { messages } = await control(server, 'received', { client });
  assert.deepEqual(messages.filter((m) => m === text), [text]);
  // The counters follow ws.stats.
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="sent"]').textContent) >= 1
    && Number(document.querySelector('[data-stat="received"]').textContent) >= 1, null, { timeout: 5_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an empty or blank message is refused with a visible notice and is not sent', { timeout: 60_000 }, async () => {
  const client = uniqueClient('empty');
  const { page, context, errors } = await openDemo(browser, server, client);
  const notice = page.locator('#chat-notice');
  assert.equal(await notice.getAttribute('aria-live'), 'assertive', 'the notice is announced to screen readers');

  for (const blank of ['', '   ']) {
    await sendChat(page, blank);
    await page.waitForFunction(() => /empty/i.test(document.getElementById('chat-notice').textContent), null, { timeout: 5_000 });
    assert.equal(await notice.isVisible(), true);
    assert.equal(await page.locator('#messages .msg').count(), 0, 'nothing was added to the chat');
  }

  // A real message right after still goes through, and it is the only thing the server got.
  await sendChat(page, 'not empty');
  await page.locator('#messages .msg[data-role="server"]', { hasText: 'not empty' }).waitFor({ timeout: 10_000 });
  const { messages } = await control(server, 'received', { client });
  assert.deepEqual(messages, ['not empty']);
  assert.deepEqual(errors, []);
  await context.close();
});
