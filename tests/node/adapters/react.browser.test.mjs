// heartsocket/react in Debian's Chromium with the real React 18 and React 19 (each bundled into
// its own page), the web build (class after `await init()`) and the real server. StrictMode's
// mount → unmount → mount must leave one socket (server max_open 1, total 1) and deliver every
// message queued before the open exactly once, whether the class was still loading (the
// adapter's own queue) or already there (the instance's outbox); unmount closes the socket as
// the server sees it; a dropped link is rendered CONNECTING then OPEN again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { servePages, openPage, launch, clientId, waitSeen, waitStats, control, reactAlias, FAST } from './lib.mjs';

const MAJORS = [18, 19];
let pages;
let browser;
const opened = {};
before(async () => {
  pages = await servePages(Object.fromEntries(MAJORS.map((m) => [`react${m}`, { entry: 'react-app.js', alias: reactAlias(m) }])));
  browser = await launch();
  for (const m of MAJORS) opened[m] = await openPage(browser, pages.url(`react${m}`));
});
after(async () => {
  await browser?.close();
  await pages?.stop();
});

const wsUrl = (client) => `${pages.server.ws}?client=${client}`;

/** Mounts under StrictMode with one numbered send per effect run; checks one socket, no loss. */
async function strictMount(page, label) {
  const client = clientId(label);
  await page.evaluate(([c, u, o]) => window.hs.mount(c, u, o, { strict: true, onMount: ['q'] }), [client, wsUrl(client), FAST]);
  const s = await waitSeen(page, client, "s.status === 'OPEN' && s.messages.length === 2");
  assert.equal(s.effectRuns, 2, 'StrictMode ran the effects twice (mount → unmount → mount)');
  assert.deepEqual(s.early, [false, false], 'both sends were queued before the open');
  assert.deepEqual(s.messages, ['q-1', 'q-2'], 'echoed once each, in order');
  assert.deepEqual(s.drops, [], 'the simulated unmount dropped nothing');
  assert.equal(s.stableSend, true, 'send is the same function on every render');
  assert.deepEqual(s.statuses, ['CONNECTING', 'OPEN']);
  const stats = await control(pages.server, 'stats', { client });
  assert.equal(stats.max_open, 1, 'never two sockets at once');
  assert.equal(stats.total, 1, 'one socket in all: the remount kept the instance');
  assert.deepEqual((await control(pages.server, 'received', { client })).messages, ['q-1', 'q-2']);
  return client;
}

for (const major of MAJORS) {
  test(`react ${major}: StrictMode while the class loads: one socket, the queued messages delivered once`, async () => {
    const { page, errors } = opened[major];
    assert.match(await page.evaluate(() => window.hs.version), new RegExp(`^${major}\\.`));
    const client = await strictMount(page, `r${major}-strict-cold`);
    assert.equal(await page.evaluate(() => window.hs.loads()), 1, 'the class source was loaded once');
    await page.evaluate((c) => window.hs.unmount(c), client);
    await waitStats(pages.server, client, (x) => x.open === 0, 'the socket closed after unmount');
    assert.deepEqual(errors, []);
  });

  test(`react ${major}: StrictMode with the class ready: the outbox survives the remount; unmount closes`, async () => {
    const { page, errors } = opened[major];
    const client = await strictMount(page, `r${major}-strict-warm`);
    await page.evaluate((c) => window.hs.unmount(c), client);
    const stats = await waitStats(pages.server, client, (x) => x.open === 0, 'the socket closed after unmount');
    assert.equal(stats.total, 1);
    assert.deepEqual(errors, []);
  });

  test(`react ${major}: echo, drop and reconnect as the component renders them`, async () => {
    const { page, errors } = opened[major];
    const client = clientId(`r${major}-drop`);
    await page.evaluate(([c, u, o]) => window.hs.mount(c, u, o, { strict: true }), [client, wsUrl(client), FAST]);
    await waitSeen(page, client, "s.status === 'OPEN'");
    assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'hello'), client), true);
    let s = await waitSeen(page, client, "s.data === 'hello'");
    assert.equal(s.stats.sent, 1);
    // Reconnects are refused until the message has been queued, so the queueing is certain.
    await control(pages.server, 'refuse', { client, ms: 600000 });
    assert.equal((await control(pages.server, 'drop', { client })).matched, 1);
    await waitSeen(page, client, "s.status === 'CONNECTING'");
    assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'while-down'), client), false);
    await control(pages.server, 'refuse', { client, ms: 0 });
    s = await waitSeen(page, client, "s.status === 'OPEN' && s.data === 'while-down'");
    assert.deepEqual(s.statuses, ['CONNECTING', 'OPEN', 'CONNECTING', 'OPEN']);
    assert.equal(s.stats.reconnects, 1);
    assert.equal(s.stableSend, true);
    const stats = await control(pages.server, 'stats', { client });
    assert.equal(stats.total, 2);
    assert.equal(stats.max_open, 1);
    assert.deepEqual((await control(pages.server, 'received', { client })).messages, ['hello', 'while-down']);
    await page.evaluate((c) => window.hs.unmount(c), client);
    await waitStats(pages.server, client, (x) => x.open === 0, 'the socket closed after unmount');
    assert.deepEqual(errors, []);
  });
}

test('react 19: a new URL string replaces the instance: the old socket closes, the new one opens', async () => {
  const { page, errors } = opened[19];
  const a = clientId('r19-url-a');
  const b = clientId('r19-url-b');
  await page.evaluate(([c, u, o]) => window.hs.mount(c, u, o, { strict: true }), [a, wsUrl(a), FAST]);
  await waitSeen(page, a, "s.status === 'OPEN'");
  await page.evaluate(([c, u]) => window.hs.rerender(c, u), [a, wsUrl(b)]);
  await waitStats(pages.server, b, (x) => x.open === 1, 'the new URL connected');
  const sa = await waitStats(pages.server, a, (x) => x.open === 0, 'the old URL closed');
  assert.equal(sa.total, 1);
  const seen = await waitSeen(page, a, "s.statuses.length === 4 && s.status === 'OPEN'");
  assert.deepEqual(seen.statuses, ['CONNECTING', 'OPEN', 'CONNECTING', 'OPEN']);
  assert.equal(await page.evaluate((c) => window.hs.call(c, 'send', 'on-b'), a), true);
  await waitSeen(page, a, "s.data === 'on-b'");
  assert.deepEqual((await control(pages.server, 'received', { client: b })).messages, ['on-b']);
  await page.evaluate((c) => window.hs.unmount(c), a);
  const sb = await waitStats(pages.server, b, (x) => x.open === 0, 'closed after unmount');
  assert.equal(sb.max_open, 1);
  assert.deepEqual(errors, []);
});
