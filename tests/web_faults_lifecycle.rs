//! Page-lifecycle fault rows (issue 7): rapid `online`/`offline` toggling (100 in about a second,
//! on an open link and during backoff) and a page hidden longer than the heartbeat timeout, then
//! shown (visibility emulated by overriding `document.visibilityState`; real timer throttling
//! under CDP freeze is `tests/node/faults/throttle.test.mjs`). Each row ends in `Row::finish`.
#![cfg(target_arch = "wasm32")]

mod web;
mod web_faults;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web::tap::Tap;
use web::*;
use web_faults::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function network_event(kind) { window.dispatchEvent(new Event(kind)); }
export function set_hidden(hidden) {
  const state = hidden ? 'hidden' : 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}
export function restore_visibility() { delete document.visibilityState; delete document.hidden; }
"#)]
extern "C" {
    fn network_event(kind: &str);
    fn set_hidden(hidden: bool);
    fn restore_visibility();
}

/// 100 `offline`/`online` events 10 ms apart (ending online), a message every 10th.
async fn toggle_100(row: &Row) {
    for i in 0..100 {
        network_event(if i % 2 == 0 { "offline" } else { "online" });
        if i % 10 == 5 {
            row.send();
        }
        sleep(10).await;
    }
}

#[wasm_bindgen_test]
async fn rapid_online_offline_toggling_on_an_open_link() {
    let row = Row::new("toggle-open", r#"{"heartbeat":{"interval":300,"timeout":1000},"reconnect":{"minDelay":50,"maxDelay":200}}"#);
    row.open().await;
    row.send_n(3);
    let t0 = now_ms();
    toggle_100(&row).await;
    let took = now_ms() - t0;
    wait_state(&row, 1, 10_000).await;
    row.send_n(3);
    row.wait_delivered(5000).await;
    assert_eq!(row.rec.count("giveup"), 0);
    wasm_bindgen_test::console_log!("100 toggles took {took:.0} ms; {} closes", row.rec.count("close"));
    row.finish().await;
}

#[wasm_bindgen_test]
async fn rapid_online_offline_toggling_during_backoff() {
    // A ten-minute backoff (and offline pace): the link can reopen within the wait's bound only
    // because the last `online` started the retry at once. (A 3 s pace and a 2.5 s bound made a
    // slow handshake a failure.)
    let o = r#"{"heartbeat":{"interval":300,"timeout":1000},"reconnect":{"minDelay":600000,"maxDelay":600000}}"#;
    let row = Row::new("toggle-backoff", o);
    row.open().await;
    row.fault("drop", &[]).await;
    row.rec.wait("reconnecting", 1, 5000).await;
    toggle_100(&row).await;
    wait_state(&row, 1, 10_000).await;
    row.send_n(3);
    assert_eq!(row.rec.count("giveup"), 0);
    row.finish().await;
}

#[wasm_bindgen_test]
async fn hidden_longer_than_the_timeout_no_false_death_and_a_probe_on_return() {
    const TIMEOUT: f64 = 300.0;
    // A long interval: a ping soon after the page is shown can only be the return probe.
    let o = opts(r#"{"heartbeat":{"interval":5000,"timeout":300},"reconnect":{"minDelay":50,"maxDelay":200}}"#);
    Tap::install(&o);
    let row = Row::with("hidden-alive", &o);
    let tap = Tap::attach(&row.ws());
    row.open().await;
    row.send_n(2);
    row.wait_delivered(5000).await;
    Tap::mark("hidden");
    set_hidden(true);
    row.fault("delay-pong", &[("ms", "1000")]).await; // any pong would now be late
    sleep(1200).await; // 4 × the timeout
    assert_eq!(row.rec.count("close"), 0, "hidden: no ping, no deadline, no false death");
    row.fault("delay-pong", &[("ms", "0")]).await;
    let before = tap.log().len();
    set_hidden(false);
    // The probe went out as the page came back (the tap logged it in that same call), and its
    // verdict was the instance's to give on its own clock: the tap forgot the pre-hidden ping, as
    // the instance must, so a death can only judge the probe, a full timeout after it.
    assert!(tap.log()[before..].iter().any(|e| e.kind == "ping"), "no probe on return: {:?}", tap.log());
    wait_until("the probe answered or judged", 5000, || {
        tap.check(TIMEOUT).open == 0
    })
    .await;
    assert_eq!(row.rec.count("close"), tap.check(TIMEOUT).dead, "only a verdict on the probe closed the link");
    row.send_n(2);
    restore_visibility();
    row.finish().await;
}

#[wasm_bindgen_test]
async fn a_link_that_died_while_hidden_is_detected_promptly_after_return() {
    let o = r#"{"heartbeat":{"interval":5000,"timeout":300},"reconnect":{"minDelay":50,"maxDelay":200,"connectTimeout":1000}}"#;
    let o = opts(o);
    let (lines, _keep) = DebugLines::attach(&o);
    let row = Row::with("hidden-dead", &o);
    row.open().await;
    row.send_n(2);
    row.wait_delivered(5000).await;
    set_hidden(true);
    row.fault("blackhole", &[]).await;
    sleep(1200).await;
    assert_eq!(row.rec.count("close"), 0, "nothing is judged while hidden");
    let mark = lines.len();
    set_hidden(false);
    // The probe goes out as the page comes back, not at the next regular ping (5 s away).
    assert_eq!(lines.pings_until_close(mark), 1, "a probe ping on return:\n{}", lines.text());
    row.rec.wait("close", 1, 10_000).await;
    // And that probe's deadline was the verdict: no other ping before the link was closed.
    assert_eq!(lines.pings_until_close(mark), 1, "the probe found the link dead:\n{}", lines.text());
    assert_eq!(closes(&row.rec)[0], (1006.0, "heartbeat timeout".into(), false, true));
    row.send();
    row.fault("blackhole", &[("ms", "0")]).await;
    row.opened(2).await;
    restore_visibility();
    row.finish().await;
}
