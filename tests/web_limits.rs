//! `maxMessageSize`: a larger incoming message is never delivered; the link is closed and
//! reported as 1009 "message too big", then reconnected per policy (or given up on).
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn an_oversized_message_closes_the_link_with_1009_and_is_never_delivered() {
    let id = client("too-big");
    let o = opts(r#"{"maxMessageSize":100,"binaryType":"arraybuffer","reconnect":{"minDelay":10,"maxDelay":10}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("burst", &[("client", &id), ("n", "2"), ("size", "100")]).await;
    rec.wait("message", 2, 5000).await;
    control("burst", &[("client", &id), ("n", "3"), ("size", "101"), ("binary", "1")]).await;
    rec.wait("open", 2, 5000).await;
    assert_eq!(rec.count("message"), 2, "nothing of the oversized burst was delivered");
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(1009.0));
    assert_eq!(get(close, "reason").as_string().as_deref(), Some("message too big"));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(true));
    // The new link delivers again, and the limit judges UTF-8 bytes of text.
    control("burst", &[("client", &id), ("n", "1"), ("size", "60")]).await;
    rec.wait("message", 3, 5000).await;
    assert_eq!(stat(&id, "max_open").await, 1.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn with_1009_in_stop_codes_it_gives_up() {
    let id = client("too-big-stop");
    let o = opts(r#"{"maxMessageSize":10,"reconnect":{"minDelay":10,"maxDelay":10,"stopOnCodes":[1009]}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("burst", &[("client", &id), ("n", "1"), ("size", "11")]).await;
    rec.wait("giveup", 1, 5000).await;
    assert_eq!(ws.ready_state(), 3);
    assert_eq!(rec.count("message"), 0);
    let (name, _) = {
        let e = new_ws(&ws_url(&id), &opts(r#"{"maxMessageSize":0}"#)).err().unwrap();
        (error_name(&e), ())
    };
    assert_eq!(name, "RangeError");
}
