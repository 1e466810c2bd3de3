//! Security defaults (issue 7), in Chromium against the real server: `secureOnly` refuses
//! `ws://`; credentials and query tokens never appear in debug lines or error messages; heartbeat
//! replies never reach any message callback; `maxMessageSize` closes with 1009 instead of
//! delivering a larger message (text judged by exact UTF-8 size, ArrayBuffer and Blob by bytes).
#![cfg(target_arch = "wasm32")]

mod web;
mod web_faults;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;
use web_faults::*;

wasm_bindgen_test_configure!(run_in_browser);

const SECRETS: [&str; 9] = ["hunter2", "alice", "SEKRET1", "SEKRET2", "SEKRET3", "SEKRET4", "SEKRET5", "SEKRET6", "SEKRET7"];
const QUERY: &str = "token=SEKRET1&access_token=SEKRET2&auth=SEKRET3&key=SEKRET4&sig=SEKRET5&password=SEKRET6&api_key=SEKRET7";

fn assert_no_secret(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} leaks '{s}': {text}");
    }
}

/// Collects debug lines; returns the options object, the lines and the function's closure.
fn debug_opts(json: &str) -> (JsValue, DebugLines, Closure<dyn FnMut(JsValue) -> JsValue>) {
    let o = opts(json);
    let (lines, keep) = DebugLines::attach(&o);
    (o, lines, keep)
}

fn construct_err(url: &str, o: &JsValue) -> (String, String) {
    match new_ws(url, o) {
        Ok(_) => panic!("{url} was accepted"),
        Err(e) => (error_name(&e), error_message(&e)),
    }
}

#[wasm_bindgen_test]
async fn secure_only_refuses_ws_urls_and_is_off_by_default() {
    let (name, msg) = construct_err(&format!("ws://alice:hunter2@example.com/?{QUERY}"), &opts(r#"{"secureOnly":true}"#));
    assert_eq!(name, "SyntaxError");
    assert!(msg.contains("'secureOnly'"), "{msg}");
    assert_no_secret("the secureOnly error", &msg);
    assert!(new_ws("wss://example.com/ws", &opts(r#"{"secureOnly":true}"#)).is_ok());
    assert!(new_ws("WSS://example.com/ws", &opts(r#"{"secureOnly":true}"#)).is_ok(), "the scheme is case-insensitive");
    assert!(new_ws("ws://example.com/ws", &opts("{}")).is_ok(), "off by default on the web");
    // A URL function producing ws:// is refused at each attempt: an error event, no socket.
    let id = client("secure-fn");
    let url = format!("ws://alice:hunter2@{}/ws?client={id}&{QUERY}", server());
    let (url_fn, _keep) = func(move |_| JsValue::from_str(&url));
    let (o, lines, _keep2) = debug_opts(r#"{"secureOnly":true,"reconnect":{"minDelay":50,"maxDelay":50,"maxRetries":1}}"#);
    let ws = WebSocketClass::new(url_fn.unchecked_into(), None, Some(o.unchecked_into())).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("giveup", 1, 5000).await;
    let errors = rec.of("error");
    assert_eq!(errors.len(), 2, "one refused attempt each");
    for e in &errors {
        assert_eq!(error_name(&get(e, "error")), "SyntaxError");
        let m = get(e, "message").as_string().unwrap_or_default();
        assert!(m.contains("'secureOnly'"), "{m}");
        assert_no_secret("the failed attempt's error event", &m);
        assert_no_secret("the failed attempt's error", &error_message(&get(e, "error")));
    }
    assert_eq!(stat(&id, "total").await, 0.0, "no ws:// connection was made");
    assert_no_secret("debug lines", &lines.text());
}

#[wasm_bindgen_test]
async fn credentials_and_query_tokens_are_redacted_in_debug_lines() {
    let id = client("redact");
    let url = format!("ws://alice:hunter2@{}/ws?client={id}&{QUERY}", server());
    let (o, lines, _keep) = debug_opts(r#"{"heartbeat":{"interval":100,"timeout":1000},"reconnect":{"minDelay":30,"maxDelay":60}}"#);
    let baseline = counts();
    let ws = new_ws(&url, &o).unwrap();
    let row = Row::adopt("redact", id, ws, baseline);
    row.open().await;
    row.rec.wait("heartbeat", 1, 5000).await;
    row.fault("drop", &[]).await;
    row.opened(2).await;
    row.send_n(2);
    let text = lines.text();
    assert!(text.contains("connecting #1 to ws://***@"), "the debug lines name the (redacted) URL:\n{text}");
    assert!(text.contains("token=***") && text.contains("password=***") && text.contains("api_key=***"), "{text}");
    assert!(text.contains(&format!("client={}", row.id)), "harmless parameters stay readable:\n{text}");
    assert_no_secret("debug lines", &text);
    row.finish().await;
}

#[wasm_bindgen_test]
async fn credentials_and_query_tokens_are_redacted_in_error_messages() {
    let bad = [
        format!("ws://alice:hunter2@example.com:99999/?{QUERY}"), // bad port
        format!("ws://alice:hunter2@example.com/ws?{QUERY}#frag"),  // fragment
        format!("https://alice:hunter2@example.com/?{QUERY}"),    // wrong scheme
        format!("alice:hunter2@example.com/ws?{QUERY}"),          // no scheme at all
        format!("ws://alice:hunter2@/?{QUERY}"),                  // empty host
        "ws://example.com/callback#access_token=SEKRET2".to_string(), // OAuth-style fragment
    ];
    for url in &bad {
        let (name, msg) = construct_err(url, &opts("{}"));
        assert_eq!(name, "SyntaxError", "{url}");
        assert_no_secret(&format!("the error for {url}"), &msg);
    }
    // The same URLs from a URL function: reported in error events and debug lines, redacted.
    let queue = Rc::new(RefCell::new(bad.to_vec()));
    let q2 = queue.clone();
    let (url_fn, _keep) = func(move |_| JsValue::from_str(&q2.borrow_mut().pop().unwrap_or_default()));
    let retries = bad.len() - 1;
    let (o, lines, _keep2) = debug_opts(&format!(r#"{{"reconnect":{{"minDelay":10,"maxDelay":10,"maxRetries":{retries}}}}}"#));
    let ws = WebSocketClass::new(url_fn.unchecked_into(), None, Some(o.unchecked_into())).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("giveup", 1, 5000).await;
    assert_eq!(rec.count("error"), bad.len());
    for e in rec.of("error") {
        assert_no_secret("an error event", &get(&e, "message").as_string().unwrap_or_default());
        assert_no_secret("an error event's error", &error_message(&get(&e, "error")));
    }
    assert_no_secret("debug lines", &lines.text());
}

#[wasm_bindgen_test]
async fn heartbeat_replies_never_reach_any_message_callback() {
    let id = client("pong-hidden");
    let o = opts(r#"{"heartbeat":{"interval":50,"timeout":1000}}"#);
    let on_message = Rc::new(Cell::new(0));
    let om2 = on_message.clone();
    let (cb, _keep) = func(move |_| {
        om2.set(om2.get() + 1);
        JsValue::UNDEFINED
    });
    let baseline = counts();
    let ws = WebSocketClass::new(s(&ws_url(&id)).unchecked_into(), Some(cb.unchecked_into()), Some(o.unchecked_into())).unwrap();
    let row = Row::adopt("pong-hidden", id, ws, baseline);
    let prop = Rc::new(Cell::new(0));
    let p2 = prop.clone();
    let (h, _keep2) = func(move |_| {
        p2.set(p2.get() + 1);
        JsValue::UNDEFINED
    });
    row.ws().set_onmessage(h.unchecked_into());
    row.open().await;
    row.rec.wait("heartbeat", 10, 10_000).await;
    assert_eq!((on_message.get(), prop.get(), row.rec.count("message")), (0, 0, 0), "no pong reached a message callback");
    assert_eq!(get(&JsValue::from(row.ws().stats()), "received").as_f64(), Some(0.0));
    assert!(stat(&row.id, "pings").await >= 10.0);
    row.send();
    row.rec.wait("message", 1, 5000).await;
    sleep(100).await;
    assert_eq!((on_message.get(), prop.get(), row.rec.count("message")), (1, 1, 1), "one echo, seen once by each");
    row.finish().await;
    // Without a heartbeat nothing is filtered: a "pong" is an ordinary message.
    let row = Row::new("pong-plain", r#"{"heartbeat":false}"#);
    row.open().await;
    row.ws().send(s("ping").unchecked_into()).unwrap();
    row.rec.wait("message", 1, 5000).await;
    assert_eq!(row.rec.texts(), vec!["pong"]);
    row.finish().await;
}

/// A `maxMessageSize` row: `trigger` makes the server send something; `big` says whether it
/// must be refused.
async fn too_big_row(name: &str, options: &str, trigger: impl Fn(&Row) -> Option<JsValue>, burst: Option<&str>, big: bool) -> Row {
    let row = Row::new(name, options);
    row.open().await;
    row.send_n(2);
    row.rec.wait("message", 2, 5000).await;
    if let Some(v) = trigger(&row) {
        row.ws().send(v.unchecked_into()).unwrap();
    }
    if let Some(size) = burst {
        row.fault("burst", &[("n", "3"), ("size", size), ("binary", if options.contains("binaryType") { "1" } else { "0" })]).await;
    }
    if big {
        row.rec.wait("close", 1, 5000).await;
        let c = &closes(&row.rec)[0];
        assert_eq!((c.0, c.1.as_str(), c.2), (1009.0, "message too big", false), "{name}");
        assert_eq!(row.rec.count("message"), 2, "{name}: the big message (and what followed it) was not delivered");
    } else {
        row.rec.wait("message", 2 + if burst.is_some() { 3 } else { 1 }, 5000).await;
        sleep(200).await;
        assert_eq!(row.rec.count("close"), 0, "{name}: a message at the limit is delivered");
    }
    row
}

#[wasm_bindgen_test]
async fn max_message_size_closes_with_1009_and_reconnects() {
    let o = r#"{"maxMessageSize":1000,"heartbeat":false,"reconnect":{"minDelay":30,"maxDelay":60}}"#;
    let euros = |ascii: usize, n: usize| Some(s(&format!("{}{}", "a".repeat(ascii), "€".repeat(n))));
    // 502 + 166 × 3 = 1000 UTF-8 bytes in 668 UTF-16 units: 668 × 3 > 1000, so the exact UTF-8
    // length decides (at the limit: delivered); 334 × '€' = 1002 bytes in 334 units: refused.
    too_big_row("mms-mixed-1000", o, move |_| euros(502, 166), None, false).await.finish().await;
    too_big_row("mms-ascii-1000", o, |_| None, Some("1000"), false).await.finish().await;
    let row = too_big_row("mms-euro-1002", o, move |_| euros(0, 334), None, true).await;
    assert!(closes(&row.rec)[0].3, "willReconnect: the policy applies");
    row.opened(2).await;
    row.send_n(2);
    row.finish().await;
    too_big_row("mms-ascii-1001", o, |_| None, Some("1001"), true).await.finish().await;
    let bin = r#"{"maxMessageSize":1000,"binaryType":"arraybuffer","heartbeat":false,"reconnect":{"minDelay":30,"maxDelay":60}}"#;
    too_big_row("mms-arraybuffer-1000", bin, |_| None, Some("1000"), false).await.finish().await;
    too_big_row("mms-arraybuffer-1001", bin, |_| None, Some("1001"), true).await.finish().await;
    too_big_row("mms-blob-1001", &bin.replace("arraybuffer", "blob"), |_| None, Some("1001"), true).await.finish().await;
    // 1009 in stopOnCodes: a too-big message ends the instance.
    let stop = r#"{"maxMessageSize":1000,"heartbeat":false,"reconnect":{"minDelay":30,"maxDelay":60,"stopOnCodes":[1009]}}"#;
    let row = too_big_row("mms-stop", stop, |_| None, Some("5000"), true).await;
    row.rec.wait("giveup", 1, 5000).await;
    assert_eq!(row.ws().ready_state(), 3);
    row.finish().await;
}
