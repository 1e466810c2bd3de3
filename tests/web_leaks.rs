//! 200 reconnect cycles leave no growth in live closures, timers or sockets (debug counters),
//! and freeing an instance brings every count back.
#![cfg(target_arch = "wasm32")]

mod web;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn two_hundred_reconnect_cycles_leave_no_growth() {
    let id = client("leaks");
    let base = counts();
    let o = opts(r#"{"heartbeat":{"interval":1000,"timeout":1000},"reconnect":{"minDelay":0,"maxDelay":5,"jitter":1}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    let open_counts = counts();
    assert_eq!(open_counts.2 - base.2, 1, "one socket entry while open");
    assert_eq!(open_counts.4 - base.4, 1, "one instance");
    assert_eq!(open_counts.1 - base.1, 1, "the heartbeat timer is armed");
    // 4 socket handlers + the armed timer's callback + the page-lifecycle listener.
    assert_eq!(open_counts.0 - base.0, 6, "live closures while open");
    for cycle in 0..200usize {
        // Alternate the ways a link ends: server drop, server close, user reconnect.
        match cycle % 3 {
            0 => drop(control("drop", &[("client", &id)]).await),
            1 => drop(control("close", &[("client", &id), ("code", "4000")]).await),
            _ => ws.reconnect().unwrap(),
        }
        rec.wait("open", cycle + 2, 10_000).await;
    }
    assert_eq!(counts(), open_counts, "same live closures/timers/sockets as after the first open");
    assert_eq!(rec.count("close"), 200);
    assert_eq!(stat(&id, "max_open").await, 1.0);
    assert_eq!(stat(&id, "total").await, 201.0);
    ws.send(s("alive").unchecked_into()).unwrap();
    rec.wait("message", 1, 5000).await;
    drop(ws);
    let after = counts();
    assert_eq!((after.0, after.1, after.2, after.4), (base.0, base.1, base.2, base.4), "free() released everything");
    wait_server_open(&id, 0.0, 5000).await; // free() closed the socket
}

#[wasm_bindgen_test]
async fn instances_left_closed_hold_nothing_but_themselves() {
    let base = counts();
    let mut all = Vec::new();
    for i in 0..20 {
        let id = client(&format!("many-{i}"));
        let ws = new_ws(&ws_url(&id), &opts(r#"{"lifecycle":false}"#)).unwrap();
        ws.connect(None).unwrap();
        ws.close(None, None).unwrap();
        all.push(ws);
    }
    // Each socket was closed while connecting, so it finishes opening first and then closes
    // (socket.rs, `close_soon`): wait for the product to say CLOSED rather than a fixed time.
    wait_until("every instance CLOSED", 10_000, || all.iter().all(|ws| ws.ready_state() == 3)).await;
    let mid = counts();
    assert_eq!(mid.1, base.1, "no timer left after close");
    assert_eq!(mid.4 - base.4, 20);
    drop(all);
    let end = counts();
    assert_eq!(end, base);
}
