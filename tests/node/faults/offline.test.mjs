// Fault row "rapid online/offline toggling" with the real network switched (issue 7): CDP
// `Network.emulateNetworkConditions` turns the page's network off and on 100 times as fast as
// CDP allows (about a second), so Chromium itself fires `offline`/`online` and stops the socket's
// traffic while off. (The same toggling with dispatched events only is in
// tests/web_faults_lifecycle.rs.)
//
// Checked: the instance ends OPEN once the network stays on; the server never saw two of its
// connections at once; messages sent while the link was down arrived once, in order; after
// free() nothing is left. Messages are only sent while the link is down (queued) or after the
// toggling: frames handed to a socket whose network vanishes are lost by any client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, control } from '../lib/server.mjs';
import { launch, openHarness, readyState, numbered, finishHarness, waitFor, sleep } from './lib.mjs';

let web;
let browser;
before(async () => {
  web = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await web?.stop();
});

test('5 slow network losses, then 100 real offline/online toggles: back open, one connection at a time, nothing lost', async (t) => {
  const client = `offline-${process.pid}-${Date.now().toString(36)}`;
  const options = { heartbeat: { interval: 200, timeout: 300 }, reconnect: { minDelay: 20, maxDelay: 2000, connectTimeout: 1000 } };
  const { page, context, pageErrors } = await openHarness(browser, web.http, `${web.ws}?client=${client}`, options);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const network = (offline) => cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.evaluate(() => { window.H.ws.connect(); });
  await waitFor(() => readyState(page).then((s) => s === 1), 'open');
  await page.evaluate(() => { window.H.send(); window.H.send(); });
  await waitFor(async () => (await numbered(web.http, client)).length === 2, 'first messages');
  // First five slow flaps (off longer than the heartbeat timeout: the link dies and messages
  // queue), then the 100 fast toggles.
  let queued = 0;
  for (let i = 0; i < 5; i += 1) {
    await network(true);
    await waitFor(() => readyState(page).then((st) => st !== 1), 'the link declared down while offline', 5000);
    const r = await page.evaluate(() => window.H.send());
    assert.equal(r, false, 'a send while offline is queued');
    queued += 1;
    await network(false);
    await waitFor(() => readyState(page).then((st) => st === 1), 'reopened when back online', 10_000);
  }
  const t0 = Date.now();
  for (let i = 0; i < 100; i += 1) {
    await network(i % 2 === 0);
    if (i % 10 === 4) {
      // Only while the link is down: such a message must wait in the outbox.
      const r = await page.evaluate(() => (window.H.ws.readyState === 1 ? 'open' : window.H.send()));
      if (r === false) queued += 1;
    }
    await sleep(5);
  }
  const toggleMs = Date.now() - t0;
  await network(false);
  await waitFor(() => readyState(page).then((s) => s === 1), 'open once the network stays on', 15_000);
  await page.evaluate(() => { window.H.send(); window.H.send(); window.H.send(); });
  const want = await page.evaluate(() => window.H.sent);
  await waitFor(async () => {
    const got = await numbered(web.http, client);
    return want.every((m) => got.includes(m));
  }, 'every message at the server', 10_000);
  const summary = await page.evaluate(() => ({ opens: window.H.count('open'), closes: window.H.count('close'), offline: navigator.onLine }));
  const proof = await finishHarness(page, await numbered(web.http, client));
  const s = await control(web, 'stats', { client });
  assert.ok(s.max_open <= 1, `${s.max_open} connections of the instance at once`);
  assert.deepEqual(pageErrors, []);
  t.diagnostic(`100 toggles in ${toggleMs} ms; ${summary.opens} opens, ${summary.closes} closes; ${queued} sent while down; ` +
    `sent ${proof.sent}, delivered ${proof.delivered}, dropped ${proof.dropped}, lost 0; max_open ${s.max_open}`);
  await control(web, 'reset', { client });
  await context.close();
});
