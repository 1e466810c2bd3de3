//! Reconnecting against the real server: abrupt drops, the one-connection invariant under
//! rapid faults, manual close, stop codes, retries, URL functions, hooks, lifecycle.
#![cfg(target_arch = "wasm32")]

mod web;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

const FAST: &str = r#"{"heartbeat":{"interval":1000,"timeout":1000},"reconnect":{"minDelay":20,"maxDelay":100,"jitter":0.5}}"#;

#[wasm_bindgen_test]
async fn reconnects_after_an_abrupt_drop() {
    let id = client("drop");
    let ws = new_ws(&ws_url(&id), &opts(FAST)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("open", 2, 5000).await;
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(1006.0));
    assert_eq!(get(close, "wasClean").as_bool(), Some(false));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(true));
    let r = &rec.of("reconnecting")[0];
    assert_eq!(get(r, "attempt").as_f64(), Some(1.0));
    let delay = get(r, "delay").as_f64().unwrap();
    assert!((20.0..=100.0).contains(&delay), "delay {delay} within [minDelay, maxDelay]");
    assert_eq!(get(&rec.of("open")[1], "attempt").as_f64(), Some(1.0));
    assert_eq!(rec.kinds()[1..4], ["close", "reconnecting", "open"]);
    assert_eq!(get(&JsValue::from(ws.stats()), "reconnects").as_f64(), Some(1.0));
    assert_eq!(stat(&id, "total").await, 2.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn never_two_connections_at_once_under_50_rapid_faults() {
    let id = client("storm");
    let o = opts(r#"{"heartbeat":{"interval":100,"timeout":100},"reconnect":{"minDelay":0,"maxDelay":30,"jitter":1,"connectTimeout":300}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    // Every kind of fault, with no pause to let a reconnect settle, plus user reconnects.
    let faults: [(&str, &[(&str, &str)]); 5] = [
        ("drop", &[]),
        ("close", &[("code", "1011"), ("reason", "restart")]),
        ("blackhole", &[("ms", "150")]),
        ("refuse", &[("ms", "40")]),
        ("slow-handshake", &[("ms", "60")]),
    ];
    for i in 0..50 {
        let (name, extra) = faults[i % faults.len()];
        let mut args = vec![("client", id.as_str())];
        args.extend_from_slice(extra);
        control(name, &args).await;
        if i % 7 == 3 {
            ws.reconnect().unwrap();
        }
        sleep((i as u32 * 7) % 25).await;
    }
    // The timed faults expire on their own (a blackhole swallows echoes while it lasts); the
    // slow handshake stays (60 ms) and is survivable.
    sleep(300).await;
    echo_after_the_storm(&ws, &rec).await;
    assert_eq!(stat(&id, "max_open").await, 1.0, "two connections of one instance were open at once");
    // How many faults found a link to break depends on how fast this machine reconnects, so
    // count what the product decided rather than expect a number of reconnects.
    assert_reconnects_add_up(&ws, &rec, &id).await;
    assert_eq!(rec.count("giveup"), 0);
    ws.close(None, None).unwrap();
    control("reset", &[("client", &id)]).await;
}

/// After a storm: the instance gets back to OPEN and the link carries an echo. A 100 ms heartbeat
/// on a loaded machine may still declare a link dead now and then (the product's call, made
/// from its clock), and an echo in flight dies with its link: then the next link is tried. An
/// open link that neither echoes nor closes within 5 s fails.
async fn echo_after_the_storm(ws: &WebSocketClass, rec: &Recorder) {
    for k in 0..10 {
        wait_until("back open after the storm", 10_000, || ws.ready_state() == 1).await;
        let closes = rec.count("close");
        let msg = format!("still here {k}");
        ws.send(s(&msg).unchecked_into()).unwrap();
        let echoed = || rec.texts().iter().any(|t| *t == msg);
        let settled = try_wait_until(5000, || echoed() || rec.count("close") > closes).await;
        assert!(settled, "an open link neither echoed '{msg}' nor closed within 5 s");
        if echoed() {
            return;
        }
    }
    panic!("ten links in a row died before echoing: {:?}", rec.kinds());
}

/// After a storm whose first fault (a drop) hit an open link: at least one reconnect; every
/// `open` after the first counted in `stats.reconnects`; every open a real server connection.
async fn assert_reconnects_add_up(ws: &WebSocketClass, rec: &Recorder, id: &str) {
    let opens = rec.count("open");
    assert!(opens >= 2, "the first fault dropped an open link, so it reconnected at least once");
    let reconnects = get(&JsValue::from(ws.stats()), "reconnects").as_f64();
    assert_eq!(reconnects, Some((opens - 1) as f64), "stats.reconnects counts every open after the first");
    let total = stat(id, "total").await;
    assert!(total >= opens as f64, "{opens} opens but {total} server connections");
}

#[wasm_bindgen_test]
async fn max_open_stays_one_through_faults() {
    // Same storm, statistics kept (no reset at the end): max_open is the invariant.
    let id = client("storm-stats");
    let o = opts(r#"{"heartbeat":{"interval":100,"timeout":100},"reconnect":{"minDelay":0,"maxDelay":20,"jitter":1,"connectTimeout":300}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    for i in 0..50u32 {
        match i % 4 {
            0 => control("drop", &[("client", &id)]).await,
            1 => control("close", &[("client", &id), ("code", "4002")]).await,
            2 => control("slow-handshake", &[("client", &id), ("ms", "30")]).await,
            _ => {
                ws.reconnect().unwrap();
                JsValue::UNDEFINED
            }
        };
        sleep(i % 20).await;
    }
    echo_after_the_storm(&ws, &rec).await;
    assert_eq!(stat(&id, "max_open").await, 1.0, "two connections of one instance were open at once");
    assert!(stat(&id, "open").await <= 1.0);
    assert_reconnects_add_up(&ws, &rec, &id).await;
    ws.close(None, None).unwrap();
    wait_until("closed", 5000, || ws.ready_state() == 3).await;
    wait_server_open(&id, 0.0, 5000).await;
    assert_eq!(rec.count("giveup"), 0);
}

#[wasm_bindgen_test]
async fn manual_close_stops_reconnecting() {
    let id = client("manual");
    let ws = new_ws(&ws_url(&id), &opts(FAST)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    ws.close(Some(JsValue::from_f64(4321.0).unchecked_into()), Some(s("bye").unchecked_into())).unwrap();
    rec.wait("close", 1, 5000).await;
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(4321.0));
    assert_eq!(get(close, "reason").as_string().as_deref(), Some("bye"));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(false));
    // Well past any backoff: nothing reconnects.
    sleep(500).await;
    assert_eq!(stat(&id, "total").await, 1.0);
    wait_server_open(&id, 0.0, 5000).await;
    assert_eq!(rec.count("reconnecting"), 0);
    assert_eq!(ws.ready_state(), 3);
    // connect() after a manual close starts again.
    ws.connect(None).unwrap();
    rec.wait("open", 2, 5000).await;
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn close_while_connecting_and_while_waiting_to_retry() {
    let id = client("close-early");
    let ws = new_ws(&ws_url(&id), &opts(r#"{"reconnect":{"minDelay":300,"maxDelay":300}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    control("slow-handshake", &[("client", &id), ("ms", "300")]).await;
    ws.connect(None).unwrap();
    ws.close(None, None).unwrap();
    rec.wait("close", 1, 5000).await;
    assert_eq!(ws.ready_state(), 3);
    assert_eq!(rec.count("open"), 0);
    control("reset", &[("client", &id)]).await;
    // Now while a retry is pending.
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("reconnecting", 1, 5000).await;
    assert_eq!(ws.ready_state(), 0);
    ws.close(None, None).unwrap();
    assert_eq!(ws.ready_state(), 3);
    sleep(500).await;
    assert_eq!(rec.count("open"), 1, "the pending retry was cancelled");
}

#[wasm_bindgen_test]
async fn stop_codes_and_should_reconnect_give_up() {
    let id = client("stop");
    let ws = new_ws(&ws_url(&id), &opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20,"stopOnCodes":[4401]}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("close", &[("client", &id), ("code", "4401"), ("reason", "unauthorized")]).await;
    rec.wait("giveup", 1, 5000).await;
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "code").as_f64(), Some(4401.0));
    assert_eq!(get(close, "reason").as_string().as_deref(), Some("unauthorized"));
    assert_eq!(get(close, "willReconnect").as_bool(), Some(false));
    assert_eq!(ws.ready_state(), 3);

    let id2 = client("hook");
    let o = opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20}}"#);
    let codes = Rc::new(RefCell::new(Vec::new()));
    let c2 = codes.clone();
    let (hook, _keep) = func(move |e: JsValue| {
        let code = get(&e, "code").as_f64().unwrap();
        c2.borrow_mut().push(code);
        JsValue::from_bool(code != 4500.0)
    });
    set(&o, "reconnect.shouldReconnect", &hook);
    let ws2 = new_ws(&ws_url(&id2), &o).unwrap();
    let rec2 = Recorder::attach(&ws2);
    ws2.connect(None).unwrap();
    rec2.wait("open", 1, 5000).await;
    control("close", &[("client", &id2), ("code", "4499")]).await;
    rec2.wait("open", 2, 5000).await;
    control("close", &[("client", &id2), ("code", "4500")]).await;
    rec2.wait("giveup", 1, 5000).await;
    assert_eq!(*codes.borrow(), vec![4499.0, 4500.0]);
    // The hook is not asked about a manual close.
    ws2.connect(None).unwrap();
    rec2.wait("open", 3, 5000).await;
    ws2.close(None, None).unwrap();
    rec2.wait("close", 3, 5000).await;
    assert_eq!(codes.borrow().len(), 2);
}

#[wasm_bindgen_test]
async fn max_retries_then_give_up_while_refused() {
    let id = client("retries");
    let ws = new_ws(&ws_url(&id), &opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20,"maxRetries":3}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    // Refused until the reset below, not for a time three slow attempts could outlast.
    control("refuse", &[("client", &id), ("ms", "600000")]).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("giveup", 1, 5000).await;
    assert_eq!(get(&rec.of("giveup")[0], "attempts").as_f64(), Some(3.0));
    assert_eq!(rec.count("reconnecting"), 3);
    assert!(rec.count("error") >= 3, "each refused attempt reports an error");
    assert_eq!(ws.ready_state(), 3);
    control("reset", &[("client", &id)]).await;
}

#[wasm_bindgen_test]
async fn connect_timeout_abandons_a_slow_handshake() {
    let id = client("ct");
    let ws = new_ws(&ws_url(&id), &opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20,"connectTimeout":200}}"#)).unwrap();
    let rec = Recorder::attach(&ws);
    control("slow-handshake", &[("client", &id), ("ms", "2000")]).await;
    ws.connect(None).unwrap();
    rec.wait("reconnecting", 1, 5000).await;
    assert_eq!(get(&rec.of("close")[0], "reason").as_string().as_deref(), Some("connect timeout"));
    control("reset", &[("client", &id)]).await;
    // A real handshake slower than 200 ms on a loaded machine is abandoned too, and retried.
    rec.wait("open", 1, 10_000).await;
    ws.close(None, None).unwrap();
    sleep(2500).await;
    assert_eq!(stat(&id, "max_open").await, 1.0);
}

#[wasm_bindgen_test]
async fn async_url_function_is_called_before_every_attempt() {
    let id = client("url-fn");
    let calls = Rc::new(Cell::new(0u32));
    let c2 = calls.clone();
    let base = ws_url(&id);
    let (url_fn, _keep) = func(move |_| {
        c2.set(c2.get() + 1);
        let url = format!("{base}&token=t{}", c2.get());
        js_sys::Promise::resolve(&JsValue::from_str(&url)).into()
    });
    let o = opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20}}"#);
    let ws = WebSocketClass::new(url_fn.unchecked_into(), None, Some(o.unchecked_into())).unwrap();
    assert_eq!(ws.url().as_string().unwrap(), "");
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    assert!(ws.url().as_string().unwrap().ends_with("&token=t1"), "url {}", ws.url().as_string().unwrap());
    control("drop", &[("client", &id)]).await;
    rec.wait("open", 2, 5000).await;
    assert_eq!(calls.get(), 2);
    assert!(ws.url().as_string().unwrap().ends_with("&token=t2"));
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn a_failing_url_function_counts_as_a_failed_attempt() {
    let id = client("url-fail");
    let calls = Rc::new(Cell::new(0u32));
    let c2 = calls.clone();
    let base = ws_url(&id);
    let (url_fn, _keep) = func(move |_| {
        c2.set(c2.get() + 1);
        match c2.get() {
            1 => js_sys::Promise::reject(&js_sys::Error::new("token service down").into()).into(),
            2 => JsValue::from_str("http://not-a-websocket"),
            _ => JsValue::from_str(&base),
        }
    });
    let o = opts(r#"{"reconnect":{"minDelay":10,"maxDelay":20}}"#);
    let ws = WebSocketClass::new(url_fn.unchecked_into(), None, Some(o.unchecked_into())).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    assert_eq!(calls.get(), 3);
    let errors = rec.of("error");
    assert_eq!(errors.len(), 2);
    assert!(get(&errors[0], "message").as_string().unwrap().contains("token service down"));
    assert_eq!(error_name(&get(&errors[1], "error")), "SyntaxError");
    assert_eq!(rec.count("reconnecting"), 2);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn reconnect_method_replaces_the_socket_with_backoff_reset() {
    let id = client("reconnect-now");
    let ws = new_ws(&ws_url(&id), &opts(FAST)).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    ws.reconnect().unwrap();
    rec.wait("open", 2, 5000).await;
    let close = &rec.of("close")[0];
    assert_eq!(get(close, "willReconnect").as_bool(), Some(true));
    wait_server_open(&id, 1.0, 5000).await;
    assert_eq!(stat(&id, "total").await, 2.0);
    assert_eq!(stat(&id, "max_open").await, 1.0);
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn lifecycle_provider_online_reconnects_at_once() {
    let id = client("lifecycle");
    let notify = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let unsubscribed = Rc::new(Cell::new(false));
    let (n2, u2) = (notify.clone(), unsubscribed.clone());
    let unsub = Closure::<dyn FnMut()>::new(move || u2.set(true));
    let unsub_fn: JsValue = unsub.as_ref().clone();
    let (provider, _keep) = func(move |f: JsValue| {
        *n2.borrow_mut() = f;
        unsub_fn.clone()
    });
    // A ten-minute backoff: an open within the wait's bound can only be the notice's doing.
    let o = opts(r#"{"reconnect":{"minDelay":600000,"maxDelay":600000}}"#);
    set(&o, "lifecycle", &provider);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("reconnecting", 1, 5000).await;
    let call = |kind: &str| {
        let f: js_sys::Function = notify.borrow().clone().unchecked_into();
        f.call1(&JsValue::UNDEFINED, &s(kind)).unwrap();
    };
    call("offline");
    call("online");
    // The backoff is skipped: the network is back.
    rec.wait("open", 2, 10_000).await;
    call("bogus"); // ignored
    drop(ws);
    assert!(unsubscribed.get(), "free() unsubscribes from the provider");
    // A late notify after free is a harmless no-op.
    call("online");
}

#[wasm_bindgen_test]
async fn browser_online_event_skips_the_backoff_and_visible_probes_the_link() {
    let id = client("browser-lifecycle");
    // Counted, not timed: the interval is ten minutes and so is the backoff, so a heartbeat or
    // an open within a wait's bound can only be the lifecycle event's doing.
    let o = opts(r#"{"heartbeat":{"interval":600000,"timeout":2000},"reconnect":{"minDelay":600000,"maxDelay":600000}}"#);
    let ws = new_ws(&ws_url(&id), &o).unwrap();
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    // Back from the background: a ping goes out at once (the interval is a minute).
    set_visibility("hidden");
    set_visibility("visible");
    rec.wait("heartbeat", 1, 10_000).await;
    control("drop", &[("client", &id)]).await;
    rec.wait("reconnecting", 1, 5000).await;
    dispatch_on("global", "offline");
    dispatch_on("global", "online");
    rec.wait("open", 2, 10_000).await;
    ws.close(None, None).unwrap();
    drop(ws);
    // Listeners were removed on free: these events reach nothing.
    dispatch_on("global", "online");
    dispatch_on("document", "freeze");
}
