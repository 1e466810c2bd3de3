//! The fault-row harness shared by `tests/web_faults_*.rs`: one instance per row, a numbered
//! message stream the test sends through it, and [`Row::finish`], which checks the three
//! invariants of issue 7 for every row:
//! 1. the server never saw two connections of the row's client open at once (`max_open ≤ 1`);
//! 2. every message the user sent (and `send` accepted) reached the server once, in order, or
//!    was reported in a `drop` event — and never both, but for reason `"unconfirmed"` (sent on
//!    a link that died before the server confirmed it: it may have arrived); with
//!    `queue.resend` a message may reach the server twice (at-least-once), first copies in order;
//! 3. once the instance is freed, no closure, timer, socket or listener of it is left
//!    (`__debugCounts()` all zero) and no event fires any more.
#![allow(dead_code)]

use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::web::*;

#[wasm_bindgen(inline_js = r#"
let installed = false;
const errors = [];
export function watch_page_errors() {
  if (installed) return;
  installed = true;
  addEventListener('error', (e) => errors.push('error: ' + (e.message || e.error)));
  addEventListener('unhandledrejection', (e) => errors.push('unhandledrejection: ' + (e.reason && e.reason.message || e.reason)));
}
export function take_page_errors() { return errors.splice(0).join('\n'); }
const totals = { rows: 0, sent: 0, delivered: 0, dropped: 0, lost: 0, maxOpen: 0 };
export function add_totals(sent, delivered, dropped, maxOpen) {
  totals.rows += 1; totals.sent += sent; totals.delivered += delivered; totals.dropped += dropped;
  totals.maxOpen = Math.max(totals.maxOpen, maxOpen);
  return JSON.stringify(totals);
}
"#)]
extern "C" {
    fn watch_page_errors();
    /// Uncaught errors and unhandled rejections of the page since the last call, one a line.
    pub fn take_page_errors() -> String;
    fn add_totals(sent: u32, delivered: u32, dropped: u32, max_open: f64) -> String;
}

/// What a row proved, for the closing counts of `docs/RELIABILITY.md`.
#[derive(Debug)]
pub struct Proof {
    pub sent: usize,
    pub delivered: usize,
    pub dropped: usize,
    /// Of the dropped: reported `"unconfirmed"` (sent on a link that died before a confirmation).
    pub unconfirmed: usize,
    pub max_open: f64,
}

/// The instance of a row and everything needed to check it. Cloning shares the instance, so a
/// clone can be moved into event callbacks (which may then send, close, connect…).
#[derive(Clone)]
pub struct Row {
    pub id: String,
    pub name: String,
    cell: Rc<RefCell<Option<WebSocketClass>>>,
    pub rec: Recorder,
    /// Messages `send` accepted, in call order.
    pub sent: Rc<RefCell<Vec<String>>>,
    /// Messages `send` refused by throwing (queue full with overflow "error").
    pub refused: Rc<Cell<u32>>,
    next: Rc<Cell<u32>>,
    /// Live-object counts before the instance existed (all zero unless an earlier row of the
    /// same binary failed and leaked its instance: this keeps one failure from hiding the rest).
    baseline: (i32, i32, i32, i32, i32),
}

impl Row {
    /// A row on the echo endpoint with these options (JSON), not connected yet.
    pub fn new(name: &str, options: &str) -> Row {
        Self::with(name, &opts(options))
    }

    /// A row with an options object built by the test (functions set with [`set`]).
    pub fn with(name: &str, options: &JsValue) -> Row {
        let id = client(name);
        Self::with_url(name, id.clone(), &ws_url(&id), options)
    }

    /// A row whose client id is `id` and URL `url` (for query-string tests).
    pub fn with_url(name: &str, id: String, url: &str, options: &JsValue) -> Row {
        let baseline = counts();
        let ws = new_ws(url, options).unwrap_or_else(|e| panic!("{name}: constructor threw {}", error_message(&e)));
        Self::adopt(name, id, ws, baseline)
    }

    /// A row around an instance the test constructed itself (`baseline`: [`counts`] before).
    pub fn adopt(name: &str, id: String, ws: WebSocketClass, baseline: (i32, i32, i32, i32, i32)) -> Row {
        watch_page_errors();
        let rec = Recorder::attach(&ws);
        Row {
            id,
            name: name.into(),
            cell: Rc::new(RefCell::new(Some(ws))),
            rec,
            sent: Rc::default(),
            refused: Rc::default(),
            next: Rc::new(Cell::new(1)),
            baseline,
        }
    }

    /// The instance (panics once freed).
    pub fn ws(&self) -> Ref<'_, WebSocketClass> {
        Ref::map(self.cell.borrow(), |w| w.as_ref().expect("the instance was freed"))
    }

    /// Whether the instance still exists.
    pub fn alive(&self) -> bool {
        self.cell.try_borrow().map_or(true, |w| w.is_some())
    }

    /// `free()`: drops the instance (safe from inside a callback of a socket event or timer).
    pub fn free(&self) {
        let ws = self.cell.borrow_mut().take();
        drop(ws);
    }

    /// Sends the next numbered message `m<n>`; returns what `send` returned (`None` if it threw).
    /// It is recorded before the call, so a send made from inside an event that this send
    /// dispatches (a `drop`) is recorded after it, in true call order.
    pub fn send(&self) -> Option<bool> {
        let n = self.next.get();
        self.next.set(n + 1);
        let msg = format!("m{n}");
        self.sent.borrow_mut().push(msg.clone());
        let r = match self.cell.try_borrow().ok().as_deref() {
            Some(Some(ws)) => ws.send(s(&msg).unchecked_into()).ok(),
            _ => None,
        };
        if r.is_none() {
            self.sent.borrow_mut().retain(|m| *m != msg);
            self.refused.set(self.refused.get() + 1);
        }
        r
    }

    /// Sends `n` numbered messages.
    pub fn send_n(&self, n: usize) {
        for _ in 0..n {
            self.send();
        }
    }

    /// `connect()`.
    pub fn connect(&self) {
        self.ws().connect(None).unwrap();
    }

    /// Waits for the `n`-th `open` event.
    pub async fn opened(&self, n: usize) {
        self.rec.wait("open", n, 10_000).await;
    }

    /// Connects and waits for the link to open.
    pub async fn open(&self) {
        let before = self.rec.count("open");
        self.connect();
        self.opened(before + 1).await;
    }

    /// A fault on this row's client: `fault("drop", &[])`.
    pub async fn fault(&self, name: &str, args: &[(&str, &str)]) -> JsValue {
        let mut all = vec![("client", self.id.as_str())];
        all.extend_from_slice(args);
        control(name, &all).await
    }

    /// Messages reported in `drop` events so far.
    pub fn dropped(&self) -> Vec<String> {
        self.rec.of("drop").iter().filter_map(|e| get(e, "data").as_string()).collect()
    }

    /// Messages reported in `drop` events so far, with their reasons.
    pub fn drops(&self) -> Vec<(String, String)> {
        let reason = |e: &JsValue| get(e, "reason").as_string().unwrap_or_default();
        self.rec.of("drop").iter().filter_map(|e| Some((get(e, "data").as_string()?, reason(e)))).collect()
    }

    /// Waits until the server confirmed everything sent so far (`stats.unconfirmed` 0 and the
    /// outbox empty), so a fault after it cannot leave a message in doubt.
    pub async fn wait_confirmed(&self, ms: u32) {
        let name = format!("{}: everything confirmed", self.name);
        wait_until(&name, ms, || self.stat("unconfirmed") == 0.0 && self.stat("queued") == 0.0).await;
    }

    /// `ws.stats[key]`.
    pub fn stat(&self, key: &str) -> f64 {
        get(&self.ws().stats().into(), key).as_f64().unwrap_or(f64::NAN)
    }

    /// The numbered messages the server received from this client, in order.
    pub async fn server_got(&self) -> Vec<String> {
        received(&self.id).await.into_iter().filter(|m| is_numbered(m)).collect()
    }

    /// Waits until the server holds every sent message not reported dropped (or `ms` passed).
    pub async fn wait_delivered(&self, ms: u32) {
        let t0 = now_ms();
        loop {
            let got = self.server_got().await;
            let dropped = self.dropped();
            let missing = self.sent.borrow().iter().any(|m| !got.contains(m) && !dropped.contains(m));
            if !missing || now_ms() - t0 > f64::from(ms) {
                return;
            }
            sleep(50).await;
        }
    }

    /// Closes (if still alive), frees, and checks the row's invariants; returns its figures.
    pub async fn finish(self) -> Proof {
        let name = self.name.clone();
        let mut resent = 0.0;
        if self.alive() {
            self.wait_delivered(10_000).await;
            // Even when already CLOSED (given up): close() reports what still waits as dropped.
            self.ws().close(None, None).unwrap();
            let ws_closed = || self.cell.borrow().as_ref().is_none_or(|w| w.ready_state() == 3);
            wait_until(&format!("{name}: CLOSED after close()"), 5000, ws_closed).await;
            if self.alive() {
                resent = self.stat("resent");
                assert_eq!(self.stat("unconfirmed"), 0.0, "{name}: messages in flight after the close");
            }
        }
        // 2. once (at least once with resend), in order, or dropped.
        let got = self.server_got().await;
        // The row's numbered messages (a test may also send others directly on `ws()`).
        let drops: Vec<(String, String)> = self.drops().into_iter().filter(|(m, _)| is_numbered(m)).collect();
        let dropped: Vec<String> = drops.iter().map(|(m, _)| m.clone()).collect();
        let sent = self.sent.borrow().clone();
        for (m, reason) in &drops {
            assert!(sent.contains(m), "{name}: dropped {m}, which was never sent");
            if reason != "unconfirmed" {
                assert!(!got.contains(m), "{name}: {m} was both delivered and reported dropped ({reason})");
            }
        }
        let mut firsts: Vec<&String> = Vec::new();
        for m in &got {
            let n = got.iter().filter(|g| *g == m).count();
            assert!(n == 1 || resent > 0.0, "{name}: {m} reached the server {n} times without a resend");
            if !firsts.contains(&m) {
                firsts.push(m);
            }
        }
        let expected: Vec<&String> = sent.iter().filter(|m| got.contains(m)).collect();
        assert_eq!(firsts, expected, "{name}: the server's first copies must follow send order");
        let lost: Vec<&String> = sent.iter().filter(|m| !got.contains(m) && !dropped.contains(m)).collect();
        assert!(lost.is_empty(), "{name}: lost without a word: {lost:?}");
        // 1. never two connections at once.
        let max_open = stat(&self.id, "max_open").await;
        assert!(max_open <= 1.0, "{name}: the server saw {max_open} connections of one instance at once");
        // 3. nothing outlives the instance.
        self.free();
        let events = self.rec.log.borrow().len();
        let what = "(closures, timers, sockets, lifecycle, instances)";
        assert_eq!(counts(), self.baseline, "{name}: {what} left after free() (before the row: {:?})", self.baseline);
        sleep(300).await;
        assert_eq!(self.rec.log.borrow().len(), events, "{name}: an event fired after free(): {:?}", self.rec.kinds());
        let t0 = now_ms();
        while stat(&self.id, "open").await > 0.0 {
            assert!(now_ms() - t0 < 5000.0, "{name}: the server still sees a connection 5 s after free()");
            sleep(20).await;
        }
        let errors = take_page_errors();
        assert!(errors.is_empty(), "{name}: uncaught errors on the page:\n{errors}");
        control("reset", &[("client", &self.id)]).await;
        let unconfirmed = drops.iter().filter(|(_, r)| r == "unconfirmed").count();
        let proof = Proof { sent: sent.len(), delivered: firsts.len(), dropped: dropped.len(), unconfirmed, max_open };
        let totals = add_totals(proof.sent as u32, proof.delivered as u32, proof.dropped as u32, max_open);
        wasm_bindgen_test::console_log!("row {name}: {proof:?}; counts before {:?}, after free {:?}; totals {totals}", self.baseline, counts());
        proof
    }
}

fn is_numbered(m: &str) -> bool {
    m.strip_prefix('m').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Close events of a row as `(code, reason, wasClean, willReconnect)`.
pub fn closes(rec: &Recorder) -> Vec<(f64, String, bool, bool)> {
    rec.of("close")
        .iter()
        .map(|e| {
            (
                get(e, "code").as_f64().unwrap_or(-1.0),
                get(e, "reason").as_string().unwrap_or_default(),
                get(e, "wasClean").as_bool().unwrap_or(false),
                get(e, "willReconnect").as_bool().unwrap_or(false),
            )
        })
        .collect()
}

/// A number field of an event.
pub fn num(e: &JsValue, key: &str) -> f64 {
    get(e, key).as_f64().unwrap_or(f64::NAN)
}

/// Adds a `kind` listener running `f`; keep the returned closure alive as long as needed.
pub fn listen(row: &Row, kind: &str, f: impl FnMut(JsValue) + 'static) -> Closure<dyn FnMut(JsValue)> {
    let c = Closure::<dyn FnMut(JsValue)>::new(f);
    row.ws().add_event_listener(JsValue::from_str(kind).unchecked_into(), c.as_ref().clone().unchecked_into(), None).unwrap();
    c
}

/// Waits until the row's `readyState` is `state` (the instance must be alive).
pub async fn wait_state(row: &Row, state: u16, ms: u32) {
    let what = format!("{}: readyState {state}", row.name);
    wait_until(&what, ms, || row.alive() && row.ws().ready_state() == state).await;
}
