//! Round trips through the real server: every send type, both binaryTypes, the W3C surface.
#![cfg(target_arch = "wasm32")]

mod web;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

const BYTES: [u8; 6] = [0, 1, 2, 250, 255, 7];

fn array_buffer() -> JsValue {
    Uint8Array::from(&BYTES[..]).buffer().into()
}

fn view_with_offset() -> JsValue {
    // A view into the middle of a larger buffer: only the view's bytes may go out.
    let mut padded = vec![9u8, 9];
    padded.extend_from_slice(&BYTES);
    padded.push(9);
    Uint8Array::from(&padded[..]).subarray(2, 2 + BYTES.len() as u32).into()
}

fn blob() -> JsValue {
    let parts = js_sys::Array::of1(&Uint8Array::from(&BYTES[..]));
    web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap().into()
}

async fn open(client: &str, options: &str) -> (WebSocketClass, Recorder) {
    let ws = new_ws(&ws_url(client), &opts(options)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    (ws, rec)
}

#[wasm_bindgen_test]
async fn text_round_trip_and_ready_states() {
    let id = client("text");
    let ws = new_ws(&ws_url(&id), &opts("{}")).unwrap();
    assert_eq!(ws.ready_state(), 3, "CLOSED before connect()");
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    assert_eq!(ws.ready_state(), 0, "CONNECTING right after connect()");
    rec.wait("open", 1, 5000).await;
    assert_eq!(ws.ready_state(), 1);
    assert_eq!(get(&rec.of("open")[0], "attempt").as_f64(), Some(0.0));
    assert!(ws.send(s("héllo ✓").unchecked_into()).unwrap(), "send on an open link returns true");
    rec.wait("message", 1, 5000).await;
    assert_eq!(rec.texts(), vec!["héllo ✓".to_string()]);
    assert_eq!(received(&id).await, vec!["héllo ✓".to_string()]);
    ws.close(None, None).unwrap();
    assert_eq!(ws.ready_state(), 2, "CLOSING until the socket is gone");
    rec.wait("close", 1, 5000).await;
    assert_eq!(ws.ready_state(), 3);
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(1000.0));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(false));
    assert_eq!(get(close, "wasClean").as_bool(), Some(true));
    let stats = JsValue::from(ws.stats());
    assert_eq!(get(&stats, "sent").as_f64(), Some(1.0));
    assert_eq!(get(&stats, "received").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn binary_round_trips_with_arraybuffer_binary_type() {
    let id = client("bin-ab");
    let (ws, rec) = open(&id, r#"{"binaryType":"arraybuffer"}"#).await;
    assert_eq!(ws.binary_type(), "arraybuffer");
    for data in [array_buffer(), view_with_offset(), blob()] {
        assert!(ws.send(data.unchecked_into()).unwrap());
    }
    rec.wait("message", 3, 5000).await;
    for e in rec.of("message") {
        let data = get(&e, "data");
        assert!(data.is_instance_of::<ArrayBuffer>(), "got {}", type_name(&data));
        assert_eq!(bytes(&data).await.unwrap(), BYTES.to_vec());
    }
    assert_eq!(received_binary(&id).await, vec![BYTES.to_vec(); 3]);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn binary_round_trips_with_blob_binary_type() {
    let id = client("bin-blob");
    let (ws, rec) = open(&id, r#"{"binaryType":"blob"}"#).await;
    for data in [array_buffer(), view_with_offset(), blob()] {
        assert!(ws.send(data.unchecked_into()).unwrap());
    }
    rec.wait("message", 3, 5000).await;
    for e in rec.of("message") {
        let data = get(&e, "data");
        assert!(data.is_instance_of::<web_sys::Blob>(), "got {}", type_name(&data));
        assert_eq!(bytes(&data).await.unwrap(), BYTES.to_vec());
    }
    // Switching binaryType applies to the live socket at once.
    ws.set_binary_type(s("arraybuffer").unchecked_into()).unwrap();
    assert_eq!(ws.binary_type(), "arraybuffer");
    ws.send(array_buffer().unchecked_into()).unwrap();
    rec.wait("message", 4, 5000).await;
    assert!(get(&rec.of("message")[3], "data").is_instance_of::<ArrayBuffer>());
    assert!(ws.set_binary_type(s("text").unchecked_into()).is_err());
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn on_message_callback_gets_data_and_event_and_never_a_pong() {
    let id = client("cb");
    let got = std::rc::Rc::new(std::cell::RefCell::new(Vec::<(JsValue, JsValue)>::new()));
    let g = got.clone();
    let cb = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |d, e| g.borrow_mut().push((d, e)));
    let o = opts(r#"{"heartbeat":{"interval":50,"timeout":2000},"name":"cb-test"}"#);
    let ws = WebSocketClass::new(
        s(&ws_url(&id)).unchecked_into(),
        Some(cb.as_ref().clone().unchecked_into()),
        Some(o.unchecked_into()),
    )
    .unwrap();
    assert_eq!(ws.name().as_string().unwrap(), "cb-test");
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    ws.send(s("one").unchecked_into()).unwrap();
    // Several pings are answered while we wait; none may surface as a message.
    rec.wait("heartbeat", 3, 5000).await;
    ws.send(s("two").unchecked_into()).unwrap();
    rec.wait("message", 2, 5000).await;
    sleep(150).await;
    assert_eq!(rec.texts(), vec!["one".to_string(), "two".to_string()]);
    let got = got.borrow();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0.as_string().as_deref(), Some("one"));
    // The event is the socket's own MessageEvent, its data untouched.
    assert!(got[0].1.is_instance_of::<web_sys::MessageEvent>());
    assert_eq!(get(&got[1].1, "data").as_string().as_deref(), Some("two"));
    let rtt = get(&rec.of("heartbeat")[0], "rtt").as_f64().unwrap();
    assert!(rtt >= 0.0);
    assert!(get(&JsValue::from(ws.stats()), "lastRtt").as_f64().is_some());
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn send_rejects_other_types_with_type_error() {
    let ws = new_ws(&ws_url(&client("types")), &opts("{}")).unwrap();
    for bad in [JsValue::from_f64(3.0), JsValue::NULL, JsValue::UNDEFINED, js_sys::Object::new().into(), JsValue::TRUE] {
        let e = ws.send(bad.unchecked_into()).unwrap_err();
        assert_eq!(error_name(&e), "TypeError");
        assert!(error_message(&e).contains("string, ArrayBuffer, ArrayBufferView or Blob"));
    }
}

#[wasm_bindgen_test]
async fn subprotocol_url_and_buffered_amount() {
    let id = client("proto");
    let (ws, _rec) = open(&id, r#"{"protocols":["chat.v2","chat.v1"]}"#).await;
    assert_eq!(ws.protocol(), "chat.v2");
    assert_eq!(ws.url().as_string().unwrap(), ws_url(&id));
    assert_eq!(ws.buffered_amount(), 0.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn connect_data_is_sent_once_after_open() {
    let id = client("connect-data");
    let ws = new_ws(&ws_url(&id), &opts("{}")).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(Some(s("hello server").unchecked_into())).unwrap();
    rec.wait("message", 1, 5000).await;
    assert_eq!(received(&id).await, vec!["hello server".to_string()]);
    // A second connect() while open is a no-op apart from its data.
    ws.connect(None).unwrap();
    sleep(100).await;
    assert_eq!(stat(&id, "total").await, 1.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn debug_lines_go_to_the_function_with_tokens_redacted() {
    let id = client("debug");
    let lines = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let l2 = lines.clone();
    let (f, _keep) = func(move |line: JsValue| {
        l2.borrow_mut().push(line.as_string().unwrap());
        JsValue::UNDEFINED
    });
    let o = opts(r#"{"name":"dbg","heartbeat":{"interval":50,"timeout":1000}}"#);
    set(&o, "debug", &f);
    let url = format!("{}&token=s3cr3t", ws_url(&id));
    let ws = new_ws(&url, &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("heartbeat", 1, 5000).await;
    ws.close(None, None).unwrap();
    rec.wait("close", 1, 5000).await;
    let lines = lines.borrow();
    assert!(lines.iter().all(|l| l.starts_with("[heartsocket dbg] ")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("connecting #1 to") && l.contains("token=***")), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("s3cr3t")), "token leaked: {lines:?}");
    for needle in ["open (attempt 0)", "ping #1", "pong, rtt", "close #1 1000", "closed 1000"] {
        assert!(lines.iter().any(|l| l.contains(needle)), "no {needle:?} in {lines:?}");
    }
}
