// The demo's options form: new options recreate the instance (the old one closed first, so the
// server never sees two connections of the page), and options heartsocket rejects are shown
// with the SDK's own error while the running instance keeps working.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { control, startServer } from '../lib/server.mjs';
import { launch, openDemo, sendChat, setInput, uniqueClient, waitBadge, waitTimeline } from './browser.mjs';

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

test('applying options recreates the instance and the new one works', { timeout: 60_000 }, async () => {
  const client = uniqueClient('options');
  const { page, context, errors } = await openDemo(browser, server, client);
  assert.equal(await page.locator('#instance').textContent(), '#1');
  assert.match(await page.locator('#options-code').textContent(), /interval: 2000,[\s\S]*timeout: 1500[\s\S]*minDelay: 500[\s\S]*maxDelay: 5000/);

  await setInput(page, '[name="hbInterval"]', 1000);
  await setInput(page, '[name="hbTimeout"]', 800);
  await page.locator('#options-apply').click();
  await page.waitForFunction(() => document.getElementById('instance').textContent === '#2', null, { timeout: 5_000 });
  await waitTimeline(page, 'close', /#1 \(replaced\).*no reconnect/, 10_000);
  await waitBadge(page, 'OPEN', 15_000);
  assert.match(await page.locator('#options-code').textContent(), /interval: 1000,[\s\S]*timeout: 800/);

  // The new instance carries the chat, and its heartbeat runs (an RTT is shown).
  await sendChat(page, 'from instance two');
  await page.locator('#messages .msg[data-role="server"]', { hasText: 'from instance two' }).waitFor({ timeout: 10_000 });
  await page.waitForFunction(() => /\d+ ms/.test(document.getElementById('rtt').textContent), null, { timeout: 10_000 });
  const stats = await control(server, 'stats', { client });
  assert.equal(stats.max_open, 1, `old and new instance never both connected: ${JSON.stringify(stats)}`);
  assert.equal(stats.open, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('options heartsocket rejects show its error and leave the running instance alone', { timeout: 60_000 }, async () => {
  const client = uniqueClient('bad-options');
  const { page, context, errors } = await openDemo(browser, server, client);
  await setInput(page, '[name="minDelay"]', 9000);
  await setInput(page, '[name="maxDelay"]', 100);
  await page.locator('#options-apply').click();
  await page.waitForFunction(() => /maxDelay/.test(document.getElementById('options-notice').textContent), null, { timeout: 5_000 });
  assert.match(await page.locator('#options-notice').textContent(), /^RangeError: /);
  assert.equal(await page.locator('#instance').textContent(), '#1');
  assert.equal(await page.locator('#badge').textContent(), 'OPEN');
  await sendChat(page, 'still here');
  await page.locator('#messages .msg[data-role="server"]', { hasText: 'still here' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('maxRetries from the form: refused reconnects end in giveup, connect() starts again', { timeout: 90_000 }, async () => {
  const client = uniqueClient('giveup');
  const { page, context, errors } = await openDemo(browser, server, client);
  await setInput(page, '[name="maxRetries"]', 2);
  await page.locator('#options-apply').click();
  await page.waitForFunction(() => document.getElementById('instance').textContent === '#2', null, { timeout: 5_000 });
  await waitBadge(page, 'OPEN', 15_000);
  assert.match(await page.locator('#options-code').textContent(), /maxRetries: 2/);

  // Refused until "Reset faults" below: both retries are refused however slowly they come (a
  // 4 s window had to hold the 500 + 1000 ms backoff and the clicks, on a loaded machine).
  await setInput(page, '#refuse-s', 120);
  await page.locator('button[data-fault="refuse"]').click();
  await waitTimeline(page, 'fault', /refuse new connections for 120 s/, 5_000);
  await page.locator('button[data-fault="drop"]').click();
  await waitTimeline(page, 'giveup', /after 2 attempts/, 20_000);
  await waitBadge(page, 'CLOSED', 5_000);
  assert.equal(await page.locator('#countdown').textContent(), '');

  await page.locator('button[data-fault="reset"]').click();
  await page.waitForFunction(() => document.getElementById('fault-active').dataset.active === '0', null, { timeout: 20_000 });
  await page.locator('#btn-connect').click();
  await waitBadge(page, 'OPEN', 15_000);
  assert.deepEqual(errors, []);
  await context.close();
});
