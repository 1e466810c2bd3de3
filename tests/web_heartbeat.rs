//! Heartbeat against the real server: dead-link detection on a blackholed link at the first
//! unanswered ping (so within interval + timeout by the product's clock), recovery, late pongs,
//! custom ping/pong.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

// Interval + timeout are short so the suite stays fast.
const INTERVAL: u32 = 300;
const TIMEOUT: u32 = 300;

fn hb_opts() -> JsValue {
    opts(&format!(
        r#"{{"heartbeat":{{"interval":{INTERVAL},"timeout":{TIMEOUT}}},"reconnect":{{"minDelay":50,"maxDelay":200,"jitter":0}}}}"#
    ))
}

#[wasm_bindgen_test]
async fn blackholed_link_is_detected_within_interval_plus_timeout_and_reconnects() {
    let id = client("blackhole");
    let o = hb_opts();
    let (lines, _keep) = DebugLines::attach(&o);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("blackhole", &[("client", &id)]).await;
    // Marked once the server has begun swallowing: a ping sent between an earlier mark and the
    // fault could still be answered, and the next one counted as a second round.
    let mark = lines.len();
    rec.wait("close", 1, 10_000).await;
    // The first ping left unanswered killed the link: one ping sent into the blackhole (none
    // if the ping in flight when it began was the one whose pong it swallowed), never a second
    // round. So the verdict came within interval + timeout by the product's own clock, however
    // slowly this machine ran; a wall-clock bound would measure the machine instead.
    let pings = lines.pings_until_close(mark);
    assert!(pings <= 1, "{pings} pings went unanswered before the link was declared dead:\n{}", lines.text());
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(1006.0));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(true));
    assert_eq!(get(close, "reason").as_string().as_deref(), Some("heartbeat timeout"));
    assert_eq!(ws.ready_state(), 0, "CONNECTING while the reconnect is pending");
    control("reset", &[("client", &id)]).await;
    rec.wait("open", 2, 10_000).await;
    assert_eq!(ws.ready_state(), 1);
    // The link works again, and the server never had two connections of ours at once.
    ws.send(s("after").unchecked_into()).unwrap();
    rec.wait("message", 1, 5000).await;
    assert_eq!(rec.texts().last().map(String::as_str), Some("after"));
    assert_eq!(stat(&id, "max_open").await, 1.0);
    assert!(get(&JsValue::from(ws.stats()), "reconnects").as_f64().unwrap() >= 1.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn pongs_later_than_the_timeout_kill_the_link_earlier_ones_do_not() {
    // Judged by the tap (tests/web/tap.rs) on the product's own timeline, not by a margin: a
    // pong handed over while its ping is outstanding is accepted; a ping with no pong a full
    // timeout after it is a dead link. A 100 ms delay is normally the first; were this machine
    // to hold one past the timeout, the tap would check that verdict instead.
    const TIMEOUT: f64 = 1000.0;
    let id = client("late-pong");
    let o = opts(r#"{"heartbeat":{"interval":300,"timeout":1000},"reconnect":{"minDelay":50,"maxDelay":200,"jitter":0}}"#);
    tap::Tap::install(&o);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let tap = tap::Tap::attach(&ws);
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("delay-pong", &[("client", &id), ("ms", "100")]).await;
    let early_from = now_ms();
    let early = || tap.check(TIMEOUT).accepted.into_iter().filter(|(at, _)| *at >= early_from).collect::<Vec<_>>();
    wait_until("three pongs delayed 100 ms accepted", 20_000, || early().len() >= 3).await;
    assert!(early().iter().all(|(_, rtt)| *rtt >= 90.0), "the rtts reflect the pong delay: {:?}", early());
    let deaths = tap.check(TIMEOUT).dead;
    assert_eq!(rec.count("close"), deaths, "only heartbeat verdicts closed the link");
    // Pongs held three timeouts: the link is declared dead, for a ping left unanswered a full
    // timeout (the tap checks both).
    control("delay-pong", &[("client", &id), ("ms", "3000")]).await;
    rec.wait("close", deaths + 1, 10_000).await;
    assert_eq!(tap.check(TIMEOUT).dead, deaths + 1, "the close was a heartbeat verdict");
    assert_eq!(get(&rec.of("close")[deaths], "reason").as_string().as_deref(), Some("heartbeat timeout"));
    control("reset", &[("client", &id)]).await;
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn json_heartbeat_with_a_pong_predicate() {
    let id = client("json-hb");
    let o = opts(r#"{"heartbeat":{"interval":100,"timeout":1000,"message":"{\"type\":\"ping\"}"}}"#);
    let seen = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen2 = seen.clone();
    let (pred, _keep) = func(move |d: JsValue| {
        seen2.set(seen2.get() + 1);
        JsValue::from_bool(d.as_string().as_deref() == Some(r#"{"type":"pong"}"#))
    });
    set(&o, "heartbeat.pong", &pred);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("heartbeat", 2, 5000).await;
    ws.send(s("data").unchecked_into()).unwrap();
    rec.wait("message", 1, 5000).await;
    assert_eq!(rec.texts(), vec!["data".to_string()], "JSON pongs never reach message");
    assert!(seen.get() >= 3, "the predicate saw every incoming message");
    // Pings are not recorded by the server as messages; our data is.
    assert_eq!(received(&id).await, vec!["data".to_string()]);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn heartbeat_false_sends_no_ping() {
    let id = client("no-hb");
    let ws = new_ws(&ws_url(&id), &opts(r#"{"heartbeat":false}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    // Blackholed and no heartbeat: nothing can notice, so no close comes.
    control("blackhole", &[("client", &id), ("ms", "600")]).await;
    sleep(700).await;
    assert_eq!(rec.count("heartbeat"), 0);
    assert_eq!(rec.count("close"), 0);
    assert_eq!(ws.ready_state(), 1);
    ws.close(None, None).unwrap();
}

// The tap's judge itself (tests/web/tap.rs), on made-up logs: it must catch the two wrong
// verdicts it exists for, and let a right one through.
fn entry(kind: &str, sock: u32, t: f64, rtt: f64, reason: &str) -> tap::Entry {
    tap::Entry { kind: kind.into(), sock, t, rtt, reason: reason.into() }
}

#[wasm_bindgen_test]
fn the_tap_judges_verdicts_by_the_instances_own_timeline() {
    let (ping, pong) = (entry("ping", 1, 100.0, -1.0, ""), entry("pong", 1, 1900.0, -1.0, ""));
    let dead_at = |t: f64| entry("close", 0, t, -1.0, "heartbeat timeout");
    let log = [
        ping.clone(),
        entry("pong", 1, 2150.0, -1.0, ""),
        entry("heartbeat", 0, 2150.0, 2050.0, ""),
        entry("ping", 1, 2300.0, -1.0, ""),
        dead_at(4300.0),
        entry("pong", 1, 4310.0, -1.0, ""),
    ];
    let v = tap::check(&log, 2000.0).unwrap();
    assert_eq!((v.accepted, v.dead, v.open), (vec![(100.0, 2050.0)], 1, 0));
    let early = tap::check(&[ping.clone(), dead_at(1900.0)], 2000.0).unwrap_err();
    assert!(early.contains("before its 2000 ms timeout"), "{early}");
    let ignored = tap::check(&[ping, pong, dead_at(2100.0)], 2000.0).unwrap_err();
    assert!(ignored.contains("was not accepted"), "{ignored}");
}
