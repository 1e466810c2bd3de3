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
//
// The first two judge each heartbeat verdict with the tap (tap.mjs) on the instance's own
// timeline, and know from the server (stats.pongs) that a pong left before the page resumed:
// a pong delayed 100 ms of a 300 ms timeout is "in time" only if this machine schedules the
// server, the network and the page fast enough, which is not the product's decision.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, control } from '../lib/server.mjs';
import { launch, openHarness, readyState, numbered, finishHarness, waitFor, sleep } from './lib.mjs';
import { installTap, judge } from './tap.mjs';

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
  const h = await openHarness(browser, web.http, `${web.ws}?client=${client}`, options, { init: installTap });
  const cdp = await h.context.newCDPSession(h.page);
  await cdp.send('Debugger.enable');
  await h.page.evaluate(() => {
    window.setHidden = (hidden) => {
      const state = hidden ? 'hidden' : 'visible';
      window.T.mark(state);
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    window.H.ws.connect();
  });
  await waitFor(() => readyState(h.page).then((s) => s === 1), `${name}: open`);
  // `Debugger.pause` only takes effect when script next runs, and a hidden page may run none:
  // an evaluation started right after it makes the pause immediate (and finishes on resume,
  // before anything queued meanwhile: so its "resume" mark comes first in the tap's log).
  // `until` (async, optional): also stay frozen until it holds.
  const freeze = async (ms, until) => {
    const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve));
    await cdp.send('Debugger.pause');
    const nudge = cdp.send('Runtime.evaluate', { expression: "window.T.mark('resume')" });
    await paused;
    await sleep(ms);
    if (until) await waitFor(until, 'the condition to resume', 10_000, 5);
    await cdp.send('Debugger.resume');
    await nudge;
  };
  const tap = async (timeoutMs) => judge(await h.page.evaluate(() => window.T.log), timeoutMs);
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
  return { ...h, client, cdp, freeze, stats, events, tap, finish };
}

// Before core/heartbeat.rs gave a stalled deadline its grace (814962e), Chromium sometimes ran the
// late pong deadline before the pong that arrived during the freeze, and the link was declared
// dead: about 1 freeze in 15 here.
test('frozen with no notice while a pong is in flight: no false death', async (t) => {
  const TIMEOUT = 300;
  const r = await setup('no-notice', { heartbeat: { interval: 200, timeout: TIMEOUT }, reconnect: { minDelay: 50, maxDelay: 200 } });
  await control(web, 'delay-pong', { client: r.client, ms: 100 });
  // Counted, not timed: freezes until five pings were outstanding across one. Each freeze starts
  // right after a ping reached the server and lasts 5 × the timeout and until the server has
  // sent every pong: on resume the deadline is overdue and the pong is there; the pong must win.
  let freezes = 0;
  const acrossFreezes = async () => (await r.tap(TIMEOUT)).accepted.filter((a) => a.resumed).length;
  while ((await acrossFreezes()) < 5) {
    assert.ok((freezes += 1) <= 20, `20 freezes and still not five pings outstanding across one: ${JSON.stringify(await r.tap(TIMEOUT))}`);
    const p0 = (await r.stats()).pings;
    await waitFor(async () => (await r.stats()).pings > p0, 'a ping', 3000, 2);
    await r.freeze(5 * TIMEOUT, async () => { const s = await r.stats(); return s.pongs >= s.pings; });
    // The pong of the last ping is handed over (or its verdict given) before the next freeze.
    await waitFor(async () => !(await r.tap(TIMEOUT)).pending?.resumed, 'the frozen ping settled', 3000);
  }
  const v = await r.tap(TIMEOUT);
  assert.deepEqual(v.dead.filter((d) => d.resumed), [], 'a pong sent before the page resumed lost to the late deadline');
  // Any other close was a verdict the tap found right (a pong this machine delayed past the
  // timeout between freezes), and nothing else closed the link.
  const closes = (await r.events()).filter((e) => e.startsWith('close'));
  assert.deepEqual(closes, v.dead.map(() => 'close(heartbeat timeout)'));
  await r.page.evaluate(() => { window.H.send(); window.H.send(); });
  const proof = await r.finish();
  t.diagnostic(`${freezes} freezes; sent ${proof.sent}, delivered ${proof.delivered}, max_open ${proof.maxOpen}; late pongs between freezes: ${v.dead.length}`);
});

test('hidden and frozen longer than the timeout, then shown: no false death, a probe at once', async () => {
  const TIMEOUT = 300;
  // The interval is long: a ping soon after the return can only be the return probe.
  const r = await setup('hidden', { heartbeat: { interval: 5000, timeout: TIMEOUT }, reconnect: { minDelay: 50, maxDelay: 200 } });
  await r.page.evaluate(() => { window.H.send(); window.setHidden(true); });
  await r.freeze(2000);
  const pings = (await r.stats()).pings;
  await r.page.evaluate(() => window.setHidden(false));
  await waitFor(async () => (await r.stats()).pings > pings, 'the return probe at the server', 2000, 10);
  // The tap forgets the outstanding ping on "hidden", as the instance must: a verdict after the
  // return can only judge the probe, a full timeout after it (or the tap throws).
  const probe = async () => {
    const v = await r.tap(TIMEOUT);
    return v.accepted.length + v.dead.length > 0 && v.open === 0 ? v : null;
  };
  const v = await waitFor(probe, 'the probe answered or judged', 5000);
  const events = await r.events();
  assert.deepEqual(events.slice(0, 2), ['open', 'message'], 'no close before the return');
  assert.deepEqual(events.filter((e) => e.startsWith('close')), v.dead.map(() => 'close(heartbeat timeout)'));
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
