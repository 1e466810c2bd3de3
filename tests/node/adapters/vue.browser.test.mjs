// heartsocket/vue in Debian's Chromium with the real Vue 3, the web build (class after
// `await init()`) and the real server: what a component renders through mount, echo, a dropped
// link and its reconnect; sends made before init() resolved; unmount closing the socket as the
// server sees it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { servePages, openPage, launch, clientId, waitSeen, waitStats, control, FAST } from './lib.mjs';

let pages;
let browser;
let page;
let errors;
before(async () => {
  pages = await servePages({ vue: { entry: 'vue-app.js' } });
  browser = await launch();
  ({ page, errors } = await openPage(browser, pages.url('vue')));
});
after(async () => {
  await browser?.close();
  await pages?.stop();
});

const wsUrl = (client) => `${pages.server.ws}?client=${client}`;

test('vue: mount, early sends, echo, drop and reconnect as the component renders them', async () => {
  const client = clientId('vue-echo');
  await page.evaluate(([c, u, o]) => window.hs.mount(c, u, o, { early: ['early-1', 'early-2'] }), [client, wsUrl(client), FAST]);
  let s = await waitSeen(page, client, "s.status === 'OPEN' && s.messages.length === 2");
  assert.deepEqual(s.early, [false, false], 'sends before the class exists are queued (false), not sent');
  assert.deepEqual(s.messages, ['early-1', 'early-2'], 'sent from setup, before init() resolved: delivered once, in order');
  assert.deepEqual(s.statuses, ['CONNECTING', 'OPEN']);
  assert.equal(await page.evaluate(() => window.hs.loads()), 1);

  assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'hello'), client), true, 'sent now while OPEN');
  s = await waitSeen(page, client, "s.data === 'hello'");
  assert.equal(s.stats.sent, 3);

  // A pong confirms the three before the link is cut (unconfirmed, they would be reported).
  await waitSeen(page, client, 's.stats.unconfirmed === 0 && s.stats.confirmed === 3');
  // While down: queued by the outbox, delivered after the reconnect. Reconnects are refused
  // until the message has been queued, so the queueing is certain.
  await control(pages.server, 'refuse', { client, ms: 600000 });
  assert.equal((await control(pages.server, 'drop', { client })).matched, 1);
  await waitSeen(page, client, "s.status === 'CONNECTING'");
  assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'while-down'), client), false);
  await control(pages.server, 'refuse', { client, ms: 0 });
  s = await waitSeen(page, client, "s.status === 'OPEN' && s.data === 'while-down'");
  assert.deepEqual(s.statuses, ['CONNECTING', 'OPEN', 'CONNECTING', 'OPEN'], 'the component rendered each transition');
  assert.equal(s.stats.reconnects, 1);
  assert.deepEqual(s.drops, []);
  const stats = await control(pages.server, 'stats', { client });
  assert.equal(stats.total, 2);
  assert.equal(stats.max_open, 1);
  const { messages } = await control(pages.server, 'received', { client });
  assert.deepEqual(messages, ['early-1', 'early-2', 'hello', 'while-down'], 'the server got each message once');

  await page.evaluate((c) => window.hs.unmount(c), client);
  await waitStats(pages.server, client, (x) => x.open === 0, 'the socket closed');
  assert.deepEqual(errors, []);
});

test('vue: unmount while reconnecting reports the unsent messages and frees the instance', async () => {
  const client = clientId('vue-unmount');
  await page.evaluate(([c, u, o]) => window.hs.mount(c, u, o), [client, wsUrl(client), FAST]);
  await waitSeen(page, client, "s.status === 'OPEN'");
  // Refuse the reconnects, then cut the link: the next sends wait in the outbox.
  await control(pages.server, 'refuse', { client, ms: 600000 });
  await control(pages.server, 'drop', { client });
  await waitSeen(page, client, "s.status === 'CONNECTING'");
  const queued = await page.evaluate((c) => [window.hs.call(c, 'send', 'never-1'), window.hs.call(c, 'send', 'never-2')], client);
  assert.deepEqual(queued, [false, false]);
  await page.evaluate((c) => window.hs.unmount(c), client);
  const s = await page.evaluate((c) => window.hs.seen(c), client);
  assert.equal(s.status, 'CLOSED', 'the scope was disposed: the instance is closed and freed');
  assert.deepEqual(s.drops, [{ data: 'never-1', reason: 'closed' }, { data: 'never-2', reason: 'closed' }],
    'messages still queued at unmount are reported to onDrop, not lost silently');
  // Freed: a send is reported as dropped, never queued for a socket that will not come.
  assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'late'), client), false);
  assert.deepEqual(await page.evaluate((c) => window.hs.seen(c).drops.at(-1), client), { data: 'late', reason: 'closed' });
  const stats = await control(pages.server, 'stats', { client });
  assert.equal(stats.max_open, 1);
  await control(pages.server, 'reset', { client });
  assert.deepEqual(errors, []);
});

test('vue: immediate false waits for open(); close() is manual (no reconnect)', async () => {
  const client = clientId('vue-manual');
  await page.evaluate(([c, u, o]) => window.hs.mount(c, u, { ...o, immediate: false }, { early: ['first'] }), [client, wsUrl(client), FAST]);
  await waitSeen(page, client, "s.status === 'CLOSED' && s.renders >= 1");
  assert.equal((await control(pages.server, 'stats', { client })).total, 0, 'no socket before open()');
  await page.evaluate((c) => window.hs.call(c, 'open'), client);
  await waitSeen(page, client, "s.status === 'OPEN' && s.data === 'first'");
  await page.evaluate((c) => window.hs.call(c, 'close'), client);
  const s = await waitSeen(page, client, "s.status === 'CLOSED'");
  assert.deepEqual(s.statuses, ['CLOSED', 'CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']);
  const stats = await waitStats(pages.server, client, (x) => x.open === 0, 'closed');
  assert.equal(stats.total, 1, 'close() does not reconnect');
  await page.evaluate((c) => window.hs.unmount(c), client);
  assert.deepEqual(errors, []);
});
