// Fault row "throttled timers" (issue 7), in Chromium under CDP: a page whose JavaScript is
// stopped for several heartbeat timeouts, then resumed.
//
// Headless Chromium ignores `Page.setWebLifecycleState` (checked: a 50 ms interval keeps ticking
// while "frozen") and never hides a headless page, so the freeze is made with the debugger:
// `Debugger.pause` stops every task of the page (timers, socket events) while the clock and the
// network go on, exactly what a frozen or heavily throttled background tab experiences; on
// `Debugger.resume` the late timers and the queued socket events all run. The "hidden" notice a
// browser gives before freezing is emulated by overriding `document.visibilityState` and
// dispatching `visibilitychange`.
//
// Rows: frozen with no notice while a (delayed) pong is in flight: no false death, five times;
// hidden + frozen longer than the timeout, then shown: no false death and a probe at once;
// blackholed while hidden + frozen: declared dead promptly after return, then recovered; frozen
// with no notice while the link dies: detected by the next heartbeat after resuming.
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

let seq = 0;
/** A page with one open instance; `freeze(ms)` stops its JavaScript for `ms`. */
async function setup(name, options) {
  const client = `throttle-${name}-${process.pid}-${(seq += 1)}-${Date.now().toString(36)}`;
  const h = await openHarness(browser, web.http, `${web.ws}?client=${client}`, options);
  const cdp = await h.context.newCDPSession(h.page);
  await cdp.send('Debugger.enable');
  await h.page.evaluate(() => {
    window.setHidden = (hidden) => {
      const state = hidden ? 'hidden' : 'visible';
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    window.H.ws.connect();
  });
  await waitFor(() => readyState(h.page).then((s) => s === 1), `${name}: open`);
  // `Debugger.pause` only takes effect when script next runs, and a hidden page may run none:
  // an evaluation started right after it makes the pause immediate (and finishes on resume).
  const freeze = async (ms) => {
    const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve));
    await cdp.send('Debugger.pause');
    const nudge = cdp.send('Runtime.evaluate', { expression: '0' });
    await paused;
    await sleep(ms);
    await cdp.send('Debugger.resume');
    await nudge;
  };
  const stats = () => control(web, 'stats', { client });
  const events = () => h.page.evaluate(() => window.H.events.filter((e) => e.type !== 'heartbeat').map((e) => `${e.type}${e.reason ? `(${e.reason})` : ''}`));
  const finish = async () => {
    // Let what was just sent reach the server before reading its log (a bound, not a check:
    // finishHarness reports anything missing).
    const sent = await h.page.evaluate(() => window.H.sent);
    await waitFor(async () => {
      const got = await numbered(web.http, client);
      return sent.every((m) => got.includes(m));
    }, 'sent messages at the server', 5000).catch(() => {});
    const proof = await finishHarness(h.page, await numbered(web.http, client));
    const s = await stats();
    assert.ok(s.max_open <= 1, `${name}: ${s.max_open} connections at once`);
    assert.deepEqual(h.pageErrors, []);
    await control(web, 'reset', { client });
    await h.context.close();
    return { ...proof, maxOpen: s.max_open };
  };
  return { ...h, client, cdp, freeze, stats, events, finish };
}

// Before core/heartbeat.rs gave a stalled deadline its grace (814962e), Chromium sometimes ran the
// late pong deadline before the pong that arrived during the freeze, and the link was declared
// dead: about 1 freeze in 15 here.
test('frozen with no notice while a pong is in flight: no false death', async (t) => {
  const r = await setup('no-notice', { heartbeat: { interval: 200, timeout: 300 }, reconnect: { minDelay: 50, maxDelay: 200 } });
  await control(web, 'delay-pong', { client: r.client, ms: 100 });
  for (let i = 0; i < 5; i += 1) {
    // Freeze right after a ping left: its pong lands during the freeze, its deadline expires
    // during the freeze; on resume both are due and the pong must win.
    const p0 = (await r.stats()).pings;
    await waitFor(async () => (await r.stats()).pings > p0, 'a ping', 3000, 2);
    await r.freeze(1500); // 5 × the timeout
    await sleep(300);
  }
  const beats = await r.page.evaluate(() => window.H.count('heartbeat'));
  await waitFor(() => r.page.evaluate((n) => window.H.count('heartbeat') > n + 2, beats), 'heartbeats after the freezes');
  assert.deepEqual(await r.events(), ['open'], 'no close after five freezes of 5 × the timeout');
  await r.page.evaluate(() => { window.H.send(); window.H.send(); });
  const proof = await r.finish();
  t.diagnostic(`sent ${proof.sent}, delivered ${proof.delivered}, max_open ${proof.maxOpen}`);
});

test('hidden and frozen longer than the timeout, then shown: no false death, a probe at once', async () => {
  // The interval is long: a ping soon after the return can only be the return probe.
  const r = await setup('hidden', { heartbeat: { interval: 5000, timeout: 300 }, reconnect: { minDelay: 50, maxDelay: 200 } });
  await r.page.evaluate(() => { window.H.send(); window.setHidden(true); });
  await r.freeze(2000);
  await sleep(300);
  const pings = (await r.stats()).pings;
  await r.page.evaluate(() => window.setHidden(false));
  await waitFor(async () => (await r.stats()).pings > pings, 'the return probe at the server', 2000, 10);
  await waitFor(() => r.page.evaluate(() => window.H.count('heartbeat') >= 1), 'the probe answered', 2000);
  await sleep(400); // past the probe's deadline
  assert.deepEqual(await r.events(), ['open', 'message'], 'no close');
  await r.finish();
});

test('blackholed while hidden and frozen: declared dead promptly after return, then recovered', async () => {
  const r = await setup('dead-hidden', { heartbeat: { interval: 5000, timeout: 300 }, reconnect: { minDelay: 50, maxDelay: 200, connectTimeout: 1000 } });
  await r.page.evaluate(() => window.setHidden(true));
  await control(web, 'blackhole', { client: r.client });
  await r.freeze(2000);
  assert.deepEqual(await r.events(), ['open'], 'nothing judged while hidden');
  const pings = (await r.stats()).pings; // a blackholed server still reads and counts pings
  await r.page.evaluate(() => window.setHidden(false));
  await waitFor(() => r.page.evaluate(() => window.H.count('close') > 0), 'the dead link noticed after return', 4000);
  // Counted, not timed: the one ping after the return (the probe, since the next regular ping
  // is 5 s away) was left unanswered and its deadline was the verdict.
  assert.equal((await r.stats()).pings - pings, 1, 'the return probe found the link dead');
  assert.deepEqual((await r.events()).slice(0, 2), ['open', 'close(heartbeat timeout)']);
  await r.page.evaluate(() => window.H.send()); // queued while down
  await control(web, 'blackhole', { client: r.client, ms: 0 });
  await waitFor(() => r.page.evaluate(() => window.H.count('open') >= 2), 'reopened', 10_000);
  await r.finish();
});

test('frozen with no notice while the link dies: the next heartbeat after resuming finds it', async () => {
  const r = await setup('dead-no-notice', { heartbeat: { interval: 300, timeout: 300 }, reconnect: { minDelay: 50, maxDelay: 200, connectTimeout: 1000 } });
  const freezing = r.freeze(2000);
  await sleep(100);
  await control(web, 'blackhole', { client: r.client });
  await freezing;
  await waitFor(() => r.page.evaluate(() => window.H.count('close') > 0), 'the dead link noticed after resuming', 5000);
  await control(web, 'blackhole', { client: r.client, ms: 0 });
  await waitFor(() => r.page.evaluate(() => window.H.count('open') >= 2), 'reopened', 10_000);
  await r.page.evaluate(() => window.H.send());
  await r.finish();
});
