//! Fault rows where the user's own code misbehaves or lets go (issue 7): callbacks that throw
//! (the socket keeps working, the error is reported), and `free()` with a reconnect pending,
//! while CONNECTING and from inside a callback (no timer fires after, counts back to zero).
#![cfg(target_arch = "wasm32")]

mod web;
mod web_faults;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;
use web_faults::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function thrower(label) { return function () { throw new Error('boom in ' + label); }; }
"#)]
extern "C" {
    /// A JS function that always throws `Error('boom in <label>')`.
    fn thrower(label: &str) -> js_sys::Function;
}

fn error_texts(rec: &Recorder) -> Vec<String> {
    rec.of("error").iter().map(|e| error_message(&get(e, "error"))).collect()
}

#[wasm_bindgen_test]
async fn throwing_callbacks_are_reported_and_the_socket_keeps_working() {
    let id = client("throws");
    let o = opts(r#"{"heartbeat":{"interval":150,"timeout":1000},"reconnect":{"minDelay":30,"maxDelay":60}}"#);
    // Option callbacks that throw: reported, and the instance carries on as if they were absent.
    set(&o, "reconnect.shouldReconnect", &thrower("shouldReconnect").into());
    set(&o, "openMessage", &thrower("openMessage").into());
    let baseline = counts();
    let ws = WebSocketClass::new(
        s(&ws_url(&id)).unchecked_into(),
        Some(JsValue::from(thrower("onMessage")).unchecked_into()),
        Some(o.unchecked_into()),
    )
    .unwrap();
    let row = Row::adopt("throws", id, ws, baseline);
    for (kind, label) in [("open", "onopen"), ("message", "onmessage"), ("close", "onclose"), ("heartbeat", "onheartbeat")] {
        row.ws().add_event_listener(JsValue::from_str(kind).unchecked_into(), JsValue::from(thrower(label)).unchecked_into(), None).unwrap();
    }
    row.ws().set_onreconnecting(JsValue::from(thrower("onreconnecting")).unchecked_into());
    row.ws().set_onerror(JsValue::from(thrower("onerror")).unchecked_into());
    row.open().await;
    row.send_n(3);
    row.rec.wait("message", 3, 5000).await;
    row.rec.wait("heartbeat", 2, 5000).await;
    assert_eq!(row.rec.texts(), vec!["m1", "m2", "m3"], "later listeners still get every message");
    let errs = error_texts(&row.rec);
    for label in ["onopen", "openMessage", "onMessage", "onmessage", "onheartbeat"] {
        assert!(errs.iter().any(|e| e == &format!("boom in {label}")), "{label}'s throw is reported: {errs:?}");
    }
    let reported = row.rec.of("error").iter().filter_map(|e| get(e, "message").as_string()).collect::<Vec<_>>();
    assert!(reported.iter().any(|m| m.contains("'message' listener threw")), "{reported:?}");
    // A loss: throwing shouldReconnect, onclose and onreconnecting do not stop the reconnect.
    row.fault("drop", &[]).await;
    row.opened(2).await;
    let errs = error_texts(&row.rec);
    for label in ["shouldReconnect", "onclose", "onreconnecting"] {
        assert!(errs.iter().any(|e| e == &format!("boom in {label}")), "{label}'s throw is reported: {errs:?}");
    }
    assert!(!errs.iter().any(|e| e == "boom in onerror"), "an error handler's throw is not re-reported (no loop)");
    row.send_n(3);
    row.rec.wait("message", 6, 5000).await;
    assert_eq!(take_page_errors(), "", "no throw escaped to the page");
    row.finish().await;
}

#[wasm_bindgen_test]
async fn free_with_a_reconnect_pending() {
    let row = Row::new("free-pending", r#"{"heartbeat":{"interval":100,"timeout":100},"reconnect":{"minDelay":400,"maxDelay":400}}"#);
    row.open().await;
    row.send_n(2);
    row.wait_delivered(5000).await;
    row.fault("drop", &[]).await;
    row.rec.wait("reconnecting", 1, 5000).await;
    let (_, timers, ..) = counts();
    assert!(timers >= 1, "the retry timer is armed");
    let total = stat(&row.id, "total").await;
    let events = row.rec.log.borrow().len();
    row.free();
    assert_eq!(counts(), (0, 0, 0, 0, 0), "free() releases every closure, timer, socket and listener");
    sleep(800).await; // twice the retry delay
    assert_eq!(row.rec.log.borrow().len(), events, "no event after free()");
    assert_eq!(stat(&row.id, "total").await, total, "the pending retry never ran");
    row.finish().await;
}

#[wasm_bindgen_test]
async fn free_while_connecting() {
    let row = Row::new("free-connecting", r#"{"heartbeat":false}"#);
    row.fault("slow-handshake", &[("ms", "300")]).await;
    row.connect();
    row.free();
    assert_eq!(counts(), (0, 0, 0, 0, 0));
    sleep(600).await;
    assert_eq!(row.rec.count("open"), 0);
    assert_eq!(row.rec.log.borrow().len(), 0, "no event at all after free()");
    row.finish().await;
}

#[wasm_bindgen_test]
async fn free_from_inside_close_and_message_callbacks() {
    for kind in ["close", "message"] {
        let row = Row::new(&format!("free-in-{kind}"), r#"{"heartbeat":false,"reconnect":{"minDelay":30,"maxDelay":60}}"#);
        let freed = Rc::new(Cell::new(false));
        let (r2, f2) = (row.clone(), freed.clone());
        let _keep = listen(&row, kind, move |_| {
            if !f2.replace(true) {
                r2.free();
            }
        });
        row.open().await;
        if kind == "close" {
            row.fault("drop", &[]).await;
        } else {
            row.send();
        }
        wait_until("freed", 5000, || freed.get()).await;
        sleep(50).await;
        assert_eq!(counts(), (0, 0, 0, 0, 0), "free() from inside '{kind}' releases everything");
        let events = row.rec.log.borrow().len();
        sleep(300).await;
        assert_eq!(row.rec.log.borrow().len(), events, "nothing after free() from inside '{kind}'");
        assert_eq!(row.rec.count("reconnecting"), 0, "freed inside 'close': no retry is even scheduled");
        row.finish().await;
    }
}
