//! The outbox through the real server: messages sent while down arrive after reconnect exactly
//! once and in order, after the open message; overflow policies; send failures reported by a
//! host that confirms sends asynchronously (the mini-program facade contract).
#![cfg(target_arch = "wasm32")]

mod web;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

fn send(ws: &WebSocketClass, text: &str) -> bool {
    ws.send(s(text).unchecked_into()).unwrap()
}

#[wasm_bindgen_test]
async fn sends_while_down_arrive_once_in_order_after_the_open_message() {
    let id = client("outbox");
    let logins = Rc::new(Cell::new(0));
    let l2 = logins.clone();
    let (login, _keep) = func(move |_| {
        l2.set(l2.get() + 1);
        JsValue::from_str(&format!("login {}", l2.get()))
    });
    let o = opts(r#"{"reconnect":{"minDelay":50,"maxDelay":50,"jitter":0}}"#);
    set(&o, "openMessage", &login);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    // Before the first open: queued, then sent after the login.
    assert!(!send(&ws, "early"));
    ws.connect(Some(s("hello").unchecked_into())).unwrap();
    rec.wait("open", 1, 5000).await;
    assert!(send(&ws, "a"));
    // Down until the sends below were queued: the server refuses reconnects until told not
    // to (a fixed 300 ms could run out before the drop, on a loaded machine).
    control("refuse", &[("client", &id), ("ms", "600000")]).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("close", 1, 5000).await;
    let mut expected_queued = 0.0;
    for m in ["b", "c", "d"] {
        assert!(!send(&ws, m), "queued while down");
        expected_queued += 1.0;
    }
    let stats = JsValue::from(ws.stats());
    assert_eq!(get(&stats, "queued").as_f64(), Some(expected_queued));
    assert_eq!(get(&stats, "queuedBytes").as_f64(), Some(3.0));
    assert!(ws.buffered_amount() >= 3.0, "queued bytes count in bufferedAmount");
    control("refuse", &[("client", &id), ("ms", "0")]).await;
    rec.wait("open", 2, 5000).await;
    wait_until("all echoes", 5000, || rec.texts().iter().filter(|t| t.len() == 1).count() == 4).await;
    sleep(100).await;
    let got = received(&id).await;
    assert_eq!(got, ["login 1", "hello", "early", "a", "login 2", "b", "c", "d"], "server saw {got:?}");
    assert_eq!(get(&JsValue::from(ws.stats()), "queued").as_f64(), Some(0.0));
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn overflow_error_throws_a_range_error() {
    let ws = new_ws(&ws_url(&client("full")), &opts(r#"{"queue":{"maxMessages":2}}"#)).unwrap();
    assert!(!send(&ws, "1"));
    assert!(!send(&ws, "2"));
    let e = ws.send(s("3").unchecked_into()).unwrap_err();
    assert_eq!(error_name(&e), "RangeError");
    assert!(error_message(&e).contains("queue is full"));
    // maxBytes counts UTF-8 bytes: "é" is 2.
    let ws = new_ws(&ws_url(&client("full-bytes")), &opts(r#"{"queue":{"maxBytes":5}}"#)).unwrap();
    assert!(!send(&ws, "éé"));
    assert_eq!(error_name(&ws.send(s("éé").unchecked_into()).unwrap_err()), "RangeError");
    assert!(!send(&ws, "x"));
}

#[wasm_bindgen_test]
async fn drop_oldest_and_drop_newest_report_drops() {
    let ws = new_ws(&ws_url(&client("oldest")), &opts(r#"{"queue":{"maxMessages":2,"overflow":"drop-oldest"}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    for m in ["1", "2", "3"] {
        assert!(!send(&ws, m));
    }
    assert_eq!(rec.count("drop"), 1);
    let d = &rec.of("drop")[0];
    assert_eq!(get(d, "data").as_string().as_deref(), Some("1"));
    assert_eq!(get(d, "reason").as_string().as_deref(), Some("queue-full"));

    let ws = new_ws(&ws_url(&client("newest")), &opts(r#"{"queue":{"maxMessages":2,"overflow":"drop-newest"}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    for m in ["1", "2", "3"] {
        assert!(!send(&ws, m));
    }
    assert_eq!(get(&rec.of("drop")[0], "data").as_string().as_deref(), Some("3"));
    assert_eq!(get(&JsValue::from(ws.stats()), "dropped").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn manual_close_reports_what_was_still_queued() {
    let id = client("close-queued");
    let ws = new_ws(&ws_url(&id), &opts("{}")).unwrap();
    let rec = Recorder::attach(&ws);
    control("refuse", &[("client", &id), ("ms", "2000")]).await;
    ws.connect(None).unwrap();
    send(&ws, "x");
    send(&ws, "y");
    ws.close(None, None).unwrap();
    let drops: Vec<String> = rec.of("drop").iter().map(|d| get(d, "data").as_string().unwrap()).collect();
    assert_eq!(drops, ["x", "y"]);
    assert!(rec.of("drop").iter().all(|d| get(d, "reason").as_string().as_deref() == Some("closed")));
    control("reset", &[("client", &id)]).await;
}

/// An open instance over `FakeHost` (sends confirmed asynchronously), no heartbeat, fast retries.
async fn open_on_fake_host(id: &str) -> (WebSocketClass, Recorder) {
    fake_host_set("failSends", &JsValue::from_f64(0.0));
    let o = opts(r#"{"heartbeat":false,"reconnect":{"minDelay":20,"maxDelay":20,"jitter":0}}"#);
    set(&o, "WebSocket", &fake_host_ctor());
    let ws = new_ws(&ws_url(id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    (ws, rec)
}

#[wasm_bindgen_test]
async fn failed_sends_on_an_async_host_are_resent_in_order_after_reconnect() {
    let id = client("facade");
    let (ws, rec) = open_on_fake_host(&id).await;
    assert!(send(&ws, "1"));
    rec.wait("message", 1, 5000).await;
    // The host takes the next send but reports it failed: the core re-queues it and treats
    // the link as dead; after the reconnect it goes out again, before later sends.
    fake_host_set("failSends", &JsValue::from_f64(1.0));
    assert!(send(&ws, "2"));
    rec.wait("open", 2, 5000).await;
    send(&ws, "3");
    wait_until("echo of 3", 5000, || rec.texts().contains(&"3".to_string())).await;
    sleep(100).await;
    assert_eq!(received(&id).await, ["1", "2", "3"]);
    assert_eq!(rec.texts(), ["1", "2", "3"]);
    assert_eq!(get(&rec.of("close")[0], "reason").as_string().as_deref(), Some("send failed"));
    assert_eq!(stat(&id, "max_open").await, 1.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn a_value_the_socket_refuses_while_open_is_dropped_as_rejected_and_the_link_stays_up() {
    let id = client("rejected");
    let (ws, rec) = open_on_fake_host(&id).await;
    // Before SendRejected existed this looped: re-queue, reconnect, re-send, throw, forever.
    fake_host_set("throwSends", &JsValue::from_f64(1.0));
    send(&ws, "refused");
    rec.wait("drop", 1, 5000).await;
    assert_eq!(get(&rec.of("drop")[0], "reason").as_string().as_deref(), Some("rejected"));
    assert_eq!(get(&rec.of("drop")[0], "data").as_string().as_deref(), Some("refused"));
    assert!(send(&ws, "after"));
    wait_until("echo of after", 5000, || rec.texts().contains(&"after".to_string())).await;
    assert_eq!(rec.count("open"), 1, "the link stayed up");
    assert_eq!(rec.count("close"), 0);
    assert_eq!(received(&id).await, ["after"]);
    ws.close(None, None).unwrap();
}
