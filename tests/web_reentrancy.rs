//! User callbacks run with no borrow held: `send`, `close`, `connect`, `reconnect` and even
//! `free` work from inside any callback; a throwing listener breaks nothing.
#![cfg(target_arch = "wasm32")]

mod web;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

type Shared = Rc<RefCell<Option<WebSocketClass>>>;

fn shared(ws: WebSocketClass) -> Shared {
    Rc::new(RefCell::new(Some(ws)))
}

/// Adds a listener calling `f(ws, event)`; the closure is returned to be kept alive.
fn on(ws: &Shared, kind: &str, mut f: impl FnMut(&WebSocketClass, JsValue) + 'static) -> Closure<dyn FnMut(JsValue)> {
    let w = ws.clone();
    let c = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        if let Some(ws) = w.borrow().as_ref() {
            f(ws, e);
        }
    });
    ws.borrow().as_ref().unwrap().add_event_listener(JsValue::from_str(kind).unchecked_into(), c.as_ref().clone().unchecked_into(), None).unwrap();
    c
}

fn with<R>(ws: &Shared, f: impl FnOnce(&WebSocketClass) -> R) -> R {
    f(ws.borrow().as_ref().unwrap())
}

#[wasm_bindgen_test]
async fn send_from_onmessage_chains_messages() {
    let id = client("chain");
    let ws = shared(new_ws(&ws_url(&id), &opts("{}")).unwrap());
    let rec = with(&ws, Recorder::attach);
    let _c = on(&ws, "message", |ws, e| {
        let n: u32 = get(&e, "data").as_string().unwrap().parse().unwrap();
        if n < 20 {
            assert!(ws.send(s(&(n + 1).to_string()).unchecked_into()).unwrap());
        }
    });
    let _o = on(&ws, "open", |ws, _| {
        ws.send(s("0").unchecked_into()).unwrap();
    });
    with(&ws, |w| w.connect(None)).unwrap();
    rec.wait("message", 21, 5000).await;
    assert_eq!(rec.texts(), (0..=20).map(|n| n.to_string()).collect::<Vec<_>>());
    with(&ws, |w| w.close(None, None)).unwrap();
}

#[wasm_bindgen_test]
async fn close_from_onopen_and_connect_from_onclose() {
    let id = client("open-close");
    let ws = shared(new_ws(&ws_url(&id), &opts("{}")).unwrap());
    let rec = with(&ws, Recorder::attach);
    let opens = Rc::new(Cell::new(0));
    let o2 = opens.clone();
    let _o = on(&ws, "open", move |ws, _| {
        o2.set(o2.get() + 1);
        if o2.get() == 1 {
            ws.close(Some(JsValue::from_f64(3001.0).unchecked_into()), None).unwrap();
            assert_eq!(ws.ready_state(), 2);
        }
    });
    let closes = Rc::new(Cell::new(0));
    let c2 = closes.clone();
    let _c = on(&ws, "close", move |ws, _| {
        c2.set(c2.get() + 1);
        if c2.get() == 1 {
            assert_eq!(ws.ready_state(), 3);
            ws.connect(Some(s("again").unchecked_into())).unwrap();
        }
    });
    with(&ws, |w| w.connect(None)).unwrap();
    rec.wait("open", 2, 5000).await;
    rec.wait("message", 1, 5000).await;
    assert_eq!(rec.texts(), ["again"]);
    assert_eq!(get(&rec.of("close")[0], "code").as_f64(), Some(3001.0));
    assert_eq!(stat(&id, "max_open").await, 1.0);
    with(&ws, |w| w.close(None, None)).unwrap();
}

#[wasm_bindgen_test]
async fn reconnect_from_onmessage_and_send_from_onclose() {
    let id = client("reconnect-in-cb");
    let ws = shared(new_ws(&ws_url(&id), &opts(r#"{"reconnect":{"minDelay":10,"maxDelay":10}}"#)).unwrap());
    let rec = with(&ws, Recorder::attach);
    let _m = on(&ws, "message", |ws, e| {
        if get(&e, "data").as_string().as_deref() == Some("go") {
            ws.reconnect().unwrap();
        }
    });
    let _c = on(&ws, "close", |ws, _| {
        // Queued while down, sent after the reconnect.
        assert!(!ws.send(s("from onclose").unchecked_into()).unwrap());
    });
    with(&ws, |w| w.connect(None)).unwrap();
    rec.wait("open", 1, 5000).await;
    with(&ws, |w| w.send(s("go").unchecked_into())).unwrap();
    rec.wait("open", 2, 5000).await;
    rec.wait("message", 2, 5000).await;
    assert_eq!(rec.texts(), ["go", "from onclose"]);
    with(&ws, |w| w.close(None, None)).unwrap();
}

#[wasm_bindgen_test]
async fn a_throwing_listener_is_reported_and_the_others_still_run() {
    let id = client("throw");
    let ws = new_ws(&ws_url(&id), &opts("{}")).unwrap();
    let rec_before = Rc::new(Cell::new(0));
    let r2 = rec_before.clone();
    let throwing = Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| {
        r2.set(r2.get() + 1);
        wasm_bindgen::throw_str("listener bug");
    });
    ws.add_event_listener(JsValue::from_str("message").unchecked_into(), throwing.as_ref().clone().unchecked_into(), None).unwrap();
    // An error listener that throws too must not loop.
    let err_throw = Closure::<dyn FnMut(JsValue)>::new(|_e: JsValue| wasm_bindgen::throw_str("error listener bug"));
    ws.add_event_listener(JsValue::from_str("error").unchecked_into(), err_throw.as_ref().clone().unchecked_into(), None).unwrap();
    ws.set_onmessage(throwing.as_ref().clone().unchecked_into());
    let rec = Recorder::attach(&ws);
    ws.connect(None).unwrap();
    rec.wait("open", 1, 5000).await;
    ws.send(s("m1").unchecked_into()).unwrap();
    ws.send(s("m2").unchecked_into()).unwrap();
    rec.wait("message", 2, 5000).await;
    assert_eq!(rec.texts(), ["m1", "m2"], "later listeners still ran");
    assert_eq!(rec_before.get(), 4, "onmessage and the listener, twice");
    let errors = rec.of("error");
    assert_eq!(errors.len(), 4, "one error event per throw, none for the throwing error listener");
    assert!(get(&errors[0], "message").as_string().unwrap().contains("'message' listener threw"));
    assert_eq!(ws.ready_state(), 1, "the instance still works");
    ws.close(None, None).unwrap();
}

#[wasm_bindgen_test]
async fn listener_registry_behaves_like_the_dom() {
    let id = client("registry");
    let ws = shared(new_ws(&ws_url(&id), &opts("{}")).unwrap());
    let calls = Rc::new(RefCell::new(Vec::<&'static str>::new()));
    let mk = |tag: &'static str| {
        let c = calls.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| c.borrow_mut().push(tag))
    };
    let a = mk("a");
    let once = mk("once");
    let a_fn: JsValue = a.as_ref().clone();
    with(&ws, |w| {
        w.add_event_listener(JsValue::from_str("message").unchecked_into(), a_fn.clone().unchecked_into(), None).unwrap();
        w.add_event_listener(JsValue::from_str("message").unchecked_into(), a_fn.clone().unchecked_into(), None).unwrap(); // deduped
        let o = opts(r#"{"once":true}"#);
        w.add_event_listener(JsValue::from_str("message").unchecked_into(), once.as_ref().clone().unchecked_into(), Some(o.unchecked_into())).unwrap();
        w.add_event_listener(JsValue::from_str("nonsense").unchecked_into(), a_fn.clone().unchecked_into(), None).unwrap(); // never emitted
    });
    // A listener that removes `a` during dispatch: `a` (added before) already ran this time.
    let ws2 = ws.clone();
    let a2 = a_fn.clone();
    let remover = Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| {
        if let Some(w) = ws2.borrow().as_ref() {
            w.remove_event_listener(JsValue::from_str("message").unchecked_into(), a2.clone().unchecked_into(), None).unwrap();
        }
    });
    with(&ws, |w| w.add_event_listener(JsValue::from_str("message").unchecked_into(), remover.as_ref().clone().unchecked_into(), None).unwrap());
    assert!(with(&ws, |w| JsValue::from(w.onmessage()).is_null()));
    let rec = with(&ws, Recorder::attach);
    with(&ws, |w| w.connect(None)).unwrap();
    rec.wait("open", 1, 5000).await;
    with(&ws, |w| w.send(s("1").unchecked_into())).unwrap();
    rec.wait("message", 1, 5000).await;
    with(&ws, |w| w.send(s("2").unchecked_into())).unwrap();
    rec.wait("message", 2, 5000).await;
    assert_eq!(*calls.borrow(), ["a", "once"], "dedupe, once, and removal during dispatch");
    // onX properties: set, read back, clear with a non-function.
    with(&ws, |w| {
        w.set_onopen(a_fn.clone().unchecked_into());
        assert!(JsValue::from(w.onopen()) == a_fn);
        w.set_onopen(s("nope").unchecked_into());
        assert!(JsValue::from(w.onopen()).is_null());
    });
    with(&ws, |w| w.close(None, None)).unwrap();
}

#[wasm_bindgen_test]
async fn free_from_inside_a_callback_releases_everything() {
    let id = client("free-in-cb");
    let before = counts();
    // A busy heartbeat keeps timers armed for free() to release; a long timeout, because a pong
    // later than 100 ms on a loaded machine killed the link with "bye" in flight (never echoed).
    let ws = shared(new_ws(&ws_url(&id), &opts(r#"{"heartbeat":{"interval":100,"timeout":5000}}"#)).unwrap());
    let rec = with(&ws, Recorder::attach);
    let ws2 = ws.clone();
    let freer = Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| {
        // Dropping the last handle frees the instance, from inside its own message dispatch.
        ws2.borrow_mut().take();
    });
    with(&ws, |w| w.add_event_listener(JsValue::from_str("message").unchecked_into(), freer.as_ref().clone().unchecked_into(), None).unwrap());
    with(&ws, |w| w.connect(None)).unwrap();
    rec.wait("open", 1, 5000).await;
    with(&ws, |w| w.send(s("bye").unchecked_into())).unwrap();
    wait_until("freed", 5000, || ws.borrow().is_none()).await;
    // Closed on the server, nothing left alive, no event after the free.
    wait_server_open(&id, 0.0, 5000).await;
    let after = counts();
    assert_eq!((after.0, after.1, after.2, after.4), (before.0, before.1, before.2, before.4));
    let n = rec.log.borrow().len();
    sleep(200).await;
    assert_eq!(rec.log.borrow().len(), n);
}
