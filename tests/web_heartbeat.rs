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
    let mark = lines.len();
    control("blackhole", &[("client", &id)]).await;
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
    let id = client("late-pong");
    // A timeout well above the early pongs' delay, so a loaded machine's event loop cannot
    // turn an early pong into a late one.
    let o = opts(r#"{"heartbeat":{"interval":300,"timeout":1000},"reconnect":{"minDelay":50,"maxDelay":200,"jitter":0}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    // Pongs delayed well within the timeout: several rounds, no close.
    control("delay-pong", &[("client", &id), ("ms", "100")]).await;
    rec.wait("heartbeat", 3, 5000).await;
    assert_eq!(rec.count("close"), 0);
    let rtt = get(rec.of("heartbeat").last().unwrap(), "rtt").as_f64().unwrap();
    assert!(rtt >= 90.0, "rtt {rtt} reflects the pong delay");
    // Pongs delayed beyond the timeout: the link is declared dead.
    control("delay-pong", &[("client", &id), ("ms", "3000")]).await;
    rec.wait("close", 1, 10_000).await;
    assert_eq!(get(&rec.of("close")[0], "reason").as_string().as_deref(), Some("heartbeat timeout"));
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
