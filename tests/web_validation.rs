//! Bad input throws at once, typed like the browser's errors, with messages that name the
//! option and what is allowed; nothing panics.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = "ws://127.0.0.1:9/ws";

fn err_of(r: Result<WebSocketClass, JsValue>) -> (String, String) {
    let e = r.err().expect("must throw");
    (error_name(&e), error_message(&e))
}

#[wasm_bindgen_test]
fn bad_urls_throw_syntax_errors_with_secrets_redacted() {
    for url in [
        "http://example.com/ws",
        "example.com",
        "ws://",
        "ws:///path",
        "ws://host/ws#frag",
        "ws://host:99999/",
        "ws://host:port/",
        "wss://[::1/",
        "ws://ho st/",
        "",
    ] {
        let (name, msg) = err_of(new_ws(url, &opts("{}")));
        assert_eq!(name, "SyntaxError", "{url:?}: {msg}");
        assert!(msg.contains("invalid URL"), "{msg}");
    }
    let (name, msg) = err_of(new_ws("ws://alice:hunter2@host/ws?room=7&token=abc123#x", &opts("{}")));
    assert_eq!(name, "SyntaxError");
    assert!(!msg.contains("hunter2") && !msg.contains("abc123"), "secrets leaked: {msg}");
    assert!(msg.contains("room=7") && msg.contains("token=***"), "{msg}");
    for url in ["ws://127.0.0.1:8080/ws", "WSS://Example.com", "wss://[::1]:443/x?y=1", "ws://u:p@h/"] {
        assert!(new_ws(url, &opts("{}")).is_ok(), "{url} is valid");
    }
}

#[wasm_bindgen_test]
fn secure_only_refuses_ws() {
    let (name, msg) = err_of(new_ws(GOOD, &opts(r#"{"secureOnly":true}"#)));
    assert_eq!(name, "SyntaxError");
    assert!(msg.contains("secureOnly"), "{msg}");
    assert!(new_ws("wss://example.com/", &opts(r#"{"secureOnly":true}"#)).is_ok());
}

#[wasm_bindgen_test]
fn unknown_options_are_named_with_a_suggestion() {
    let (name, msg) = err_of(new_ws(GOOD, &opts(r#"{"heartbeat":{"intreval":100}}"#)));
    assert_eq!(name, "TypeError");
    assert!(msg.contains("'heartbeat.intreval'") && msg.contains("did you mean 'heartbeat.interval'"), "{msg}");
    assert!(msg.contains("heartbeat.timeout"), "lists the allowed keys: {msg}");
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"autoconnect":true}"#)));
    assert!(msg.contains("did you mean 'autoConnect'"), "{msg}");
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"zzzzzz":1}"#)));
    assert!(msg.contains("unknown option 'zzzzzz'") && !msg.contains("did you mean"), "{msg}");
}

#[wasm_bindgen_test]
fn wrong_types_throw_type_errors_and_bad_numbers_range_errors() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"heartbeat":{"interval":"5000"}}"#, "TypeError", "heartbeat.interval"),
        (r#"{"heartbeat":{"interval":-1}}"#, "RangeError", "heartbeat.interval"),
        (r#"{"heartbeat":{"interval":0.5}}"#, "RangeError", "heartbeat.interval"),
        (r#"{"heartbeat":{"timeout":3000000000}}"#, "RangeError", "heartbeat.timeout"),
        (r#"{"heartbeat":{"message":""}}"#, "RangeError", "heartbeat.message"),
        (r#"{"heartbeat":{"pong":5}}"#, "TypeError", "heartbeat.pong"),
        (r#"{"heartbeat":"yes"}"#, "TypeError", "heartbeat"),
        (r#"{"reconnect":{"factor":0.5}}"#, "RangeError", "reconnect.factor"),
        (r#"{"reconnect":{"jitter":2}}"#, "RangeError", "reconnect.jitter"),
        (r#"{"reconnect":{"minDelay":500,"maxDelay":100}}"#, "RangeError", "reconnect.maxDelay"),
        (r#"{"reconnect":{"maxRetries":-1}}"#, "RangeError", "reconnect.maxRetries"),
        (r#"{"reconnect":{"stopOnCodes":[999]}}"#, "RangeError", "reconnect.stopOnCodes"),
        (r#"{"reconnect":{"stopOnCodes":"4000"}}"#, "TypeError", "reconnect.stopOnCodes"),
        (r#"{"reconnect":{"shouldReconnect":true}}"#, "TypeError", "reconnect.shouldReconnect"),
        (r#"{"queue":{"overflow":"drop-all"}}"#, "TypeError", "queue.overflow"),
        (r#"{"queue":{"maxMessages":-3}}"#, "RangeError", "queue.maxMessages"),
        (r#"{"queue":5}"#, "TypeError", "queue"),
        (r#"{"binaryType":"text"}"#, "TypeError", "binaryType"),
        (r#"{"protocols":5}"#, "TypeError", "protocols"),
        (r#"{"protocols":["a b"]}"#, "SyntaxError", "protocols"),
        (r#"{"protocols":["x","x"]}"#, "SyntaxError", "protocols"),
        (r#"{"WebSocket":"ws"}"#, "TypeError", "WebSocket"),
        (r#"{"debug":"loud"}"#, "TypeError", "debug"),
        (r#"{"lifecycle":true}"#, "TypeError", "lifecycle"),
        (r#"{"name":5}"#, "TypeError", "name"),
        (r#"{"openMessage":5}"#, "TypeError", "openMessage"),
        (r#"{"url":"ws://a/b"}"#, "TypeError", "URL once"),
    ];
    for (json, want, needle) in cases {
        let (name, msg) = err_of(new_ws(GOOD, &opts(json)));
        assert_eq!(&name, want, "{json}: {msg}");
        assert!(msg.contains(needle), "{json}: message {msg:?} lacks {needle:?}");
    }
    // Numbers in messages read as JS writes them.
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"heartbeat":{"interval":-1.5}}"#)));
    assert!(msg.ends_with("must be a number from 1 to 2147483647, got -1.5"), "{msg}");
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"reconnect":{"jitter":1.25}}"#)));
    assert!(msg.ends_with("'reconnect.jitter' must be a number from 0 to 1, got 1.25"), "{msg}");
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"queue":{"maxMessages":2.5}}"#)));
    assert!(msg.ends_with("'queue.maxMessages' must be a whole number, got 2.5"), "{msg}");
    let (_, msg) = err_of(new_ws(GOOD, &opts(r#"{"queue":{"overflow":"x"}}"#)));
    assert!(msg.ends_with(r#"must be one of "error", "drop-oldest", "drop-newest", got "x""#), "{msg}");
    // The third argument: a name or an options object, nothing else.
    let r = WebSocketClass::new(s(GOOD).unchecked_into(), None, Some(JsValue::from_f64(1.0).unchecked_into()));
    assert_eq!(err_of(r).0, "TypeError");
    let r = WebSocketClass::new(s(GOOD).unchecked_into(), Some(s("cb").unchecked_into()), None);
    assert_eq!(err_of(r).0, "TypeError");
    let r = WebSocketClass::new(JsValue::from_f64(3.0).unchecked_into(), None, None);
    assert_eq!(err_of(r).0, "TypeError");
    let r = WebSocketClass::new(JsValue::NULL.unchecked_into(), None, None);
    assert_eq!(err_of(r).0, "TypeError");
}

#[wasm_bindgen_test]
fn accepted_forms_of_options() {
    let ws = WebSocketClass::new(s(GOOD).unchecked_into(), None, Some(s("seed-name").unchecked_into())).unwrap();
    assert_eq!(ws.name().as_string().unwrap(), "seed-name");
    let ws = WebSocketClass::new(s(GOOD).unchecked_into(), None, None).unwrap();
    assert_eq!(ws.name().as_string().unwrap(), "default");
    for json in [
        r#"{"heartbeat":false,"reconnect":false}"#,
        r#"{"heartbeat":true,"reconnect":true,"queue":{"maxMessages":0}}"#,
        r#"{"reconnect":{"connectTimeout":false,"maxRetries":0,"stopOnCodes":[1000,4999]}}"#,
        r#"{"protocols":"chat","binaryType":"arraybuffer","debug":false,"lifecycle":false}"#,
        r#"{"heartbeat":null,"name":null}"#,
    ] {
        assert!(new_ws(GOOD, &opts(json)).is_ok(), "{json}");
    }
    // The URL as option, with no first argument.
    let o = opts(r#"{"url":"ws://127.0.0.1:9/x"}"#);
    let ws = WebSocketClass::new(JsValue::NULL.unchecked_into(), None, Some(o.unchecked_into())).unwrap();
    assert_eq!(ws.url(), "ws://127.0.0.1:9/x");
}

#[wasm_bindgen_test]
fn close_code_and_reason_are_validated_like_the_browser() {
    let ws = new_ws(GOOD, &opts("{}")).unwrap();
    let close = |code: JsValue, reason: Option<&str>| {
        ws.close(Some(code.unchecked_into()), reason.map(|r| s(r).unchecked_into())).err().map(|e| error_name(&e))
    };
    for bad in [999.0, 1001.0, 1005.0, 2999.0, 5000.0, 3000.5, f64::NAN, -1.0] {
        assert_eq!(close(JsValue::from_f64(bad), None).as_deref(), Some("RangeError"), "code {bad}");
    }
    let e = ws.close(Some(JsValue::from_f64(1001.0).unchecked_into()), None).unwrap_err();
    assert!(error_message(&e).contains("1000 or an integer from 3000 to 4999"));
    assert_eq!(close(s("1000"), None).as_deref(), Some("TypeError"));
    assert_eq!(close(JsValue::from_f64(1000.0), Some(&"é".repeat(62))).as_deref(), Some("SyntaxError"), "124 bytes");
    assert_eq!(close(JsValue::from_f64(4999.0), Some(&"a".repeat(123))), None, "123 bytes is fine");
    assert_eq!(close(JsValue::from_f64(3000.0), Some("")), None);
    assert!(ws.close_myself(None, None).is_ok());
}

#[wasm_bindgen_test]
fn a_missing_global_websocket_is_reported() {
    // A constructor that is not a WebSocket: every attempt fails, and says why.
    let o = opts(r#"{"reconnect":false}"#);
    let (not_ctor, _keep) = func(|_| JsValue::from_f64(1.0));
    set(&o, "WebSocket", &not_ctor);
    let ws = new_ws(GOOD, &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    assert_eq!(rec.count("error"), 1);
    assert_eq!(rec.count("giveup"), 1);
    assert_eq!(ws.ready_state(), 3);
}
