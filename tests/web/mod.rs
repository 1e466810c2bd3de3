//! Shared helpers of the browser tests (`tests/web_*.rs`): the server address, the fault
//! control API, sleeping and waiting, building options, recording events, and a JS socket
//! facade that reports send results like the mini-program hosts.
#![allow(dead_code)]

pub mod class;
pub mod tap;

use std::cell::RefCell;
use std::rc::Rc;

pub use class::WebSocketClass;
use js_sys::{Function, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function sleep_ms(ms) { return new Promise((r) => setTimeout(r, ms)); }
export async function control_call(url) {
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error('control ' + url + ' answered ' + res.status);
  return res.json();
}
export function rand_id() { return Math.random().toString(36).slice(2, 10); }
export function now_ms() { return performance.now(); }
export function bytes_of(data) {
  if (data instanceof ArrayBuffer) return Promise.resolve(Array.from(new Uint8Array(data)));
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.arrayBuffer().then((b) => Array.from(new Uint8Array(b)));
  return Promise.resolve(null);
}
export function type_name(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor ? v.constructor.name : 'Object';
  return typeof v;
}
export function error_name(e) { return e && e.name ? String(e.name) : typeof e; }
export function error_message(e) { return e && e.message ? String(e.message) : String(e); }
// A W3C-shaped socket over the real WebSocket that reports each send's outcome
// asynchronously, like the mini-program facades: `onsendresult(ok, errMsg)`, in order.
// `FakeHost.failSends = n` makes the next n sends fail (the message is not sent).
export class FakeHost {
  constructor(url, protocols) {
    FakeHost.created = (FakeHost.created || 0) + 1;
    this.reportsSendResults = true;
    this.ws = protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
    this.ws.onopen = (e) => this.onopen && this.onopen(e);
    this.ws.onmessage = (e) => this.onmessage && this.onmessage(e);
    this.ws.onclose = (e) => this.onclose && this.onclose(e);
    this.ws.onerror = (e) => this.onerror && this.onerror(e);
  }
  get readyState() { return this.ws.readyState; }
  get protocol() { return this.ws.protocol; }
  get bufferedAmount() { return this.ws.bufferedAmount; }
  get binaryType() { return this.ws.binaryType; }
  set binaryType(v) { this.ws.binaryType = v; }
  send(data) {
    // `throwSends = n`: the next n sends throw synchronously, as a host does for a value it
    // cannot send (a Blob on a mini-program), while the socket stays open.
    if ((FakeHost.throwSends || 0) > 0) {
      FakeHost.throwSends -= 1;
      throw new TypeError('FakeHost cannot send this value');
    }
    const fail = (FakeHost.failSends || 0) > 0;
    if (fail) FakeHost.failSends -= 1; else this.ws.send(data);
    FakeHost.sends = (FakeHost.sends || 0) + 1;
    Promise.resolve().then(() => this.onsendresult && this.onsendresult(!fail, fail ? 'sendSocketMessage:fail' : undefined));
  }
  close(code, reason) { this.ws.close(code, reason); }
}
export function fake_host_ctor() { return FakeHost; }
export function dispatch_on(target, type) {
  const t = target === 'document' ? document : globalThis;
  t.dispatchEvent(new Event(type));
}
// Fakes document.visibilityState (the real one cannot be changed from a page).
export function set_visibility(state) {
  Object.defineProperty(document, 'visibilityState', { get: () => state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}
export function fake_host_set(key, value) { FakeHost[key] = value; }
export function fake_host_get(key) { return FakeHost[key]; }
"#)]
extern "C" {
    fn sleep_ms(ms: u32) -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn control_call(url: &str) -> Result<js_sys::Promise, JsValue>;
    fn rand_id() -> String;
    /// `performance.now()`.
    pub fn now_ms() -> f64;
    fn bytes_of(data: &JsValue) -> js_sys::Promise;
    /// `typeof`, or the class name of an object.
    pub fn type_name(v: &JsValue) -> String;
    /// `e.name` of a thrown error.
    pub fn error_name(e: &JsValue) -> String;
    /// `e.message` of a thrown error.
    pub fn error_message(e: &JsValue) -> String;
    /// The `FakeHost` class (a socket that reports send results).
    pub fn fake_host_ctor() -> JsValue;
    /// Dispatches a plain `Event` of `type` on `"document"` or the global object.
    pub fn dispatch_on(target: &str, kind: &str);
    /// Fakes `document.visibilityState` and dispatches `visibilitychange`.
    pub fn set_visibility(state: &str);
    /// Sets a static field of `FakeHost` (`failSends`, `created`, `sends`).
    pub fn fake_host_set(key: &str, value: &JsValue);
    /// Reads a static field of `FakeHost`.
    pub fn fake_host_get(key: &str) -> JsValue;
}

/// `host:port` of the test server, fixed at compile time by the test command.
pub fn server() -> &'static str {
    // scripts/test.sh exports it while compiling: the browser cannot read the environment.
    env!("HEARTSOCKET_SERVER")
}

/// A client id unique to this test run.
pub fn client(name: &str) -> String {
    format!("{name}-{}", rand_id())
}

/// The echo endpoint for `client`.
pub fn ws_url(client: &str) -> String {
    format!("ws://{}/ws?client={client}", server())
}

/// Calls the control API: `control("drop", &[("client", id)])` → the parsed JSON answer.
pub async fn control(name: &str, args: &[(&str, &str)]) -> JsValue {
    let q: Vec<String> = args.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect();
    let url = format!("http://{}/control/{name}?{}", server(), q.join("&"));
    let p = control_call(&url).expect("fetch");
    JsFuture::from(p).await.unwrap_or_else(|e| panic!("control {name} failed: {e:?}"))
}

/// A number from a control API answer (`stats` → `open`, `max_open`, `total` …).
pub async fn stat(client: &str, key: &str) -> f64 {
    let s = control("stats", &[("client", client)]).await;
    Reflect::get(&s, &JsValue::from_str(key)).unwrap().as_f64().unwrap()
}

/// Waits until the server counts `n` connections of `client` open: it uncounts a connection
/// when its task ends, which can come after the page already reported the socket closed, so a
/// fixed sleep before reading `open` measured the machine.
pub async fn wait_server_open(client: &str, n: f64, timeout_ms: u32) {
    let t0 = now_ms();
    loop {
        let open = stat(client, "open").await;
        if open == n {
            return;
        }
        assert!(now_ms() - t0 < f64::from(timeout_ms), "the server still counts {open} connections of {client} open, not {n}, after {timeout_ms} ms");
        sleep(20).await;
    }
}

/// Text messages the server received from `client`, in order.
pub async fn received(client: &str) -> Vec<String> {
    let r = control("received", &[("client", client)]).await;
    let m = Reflect::get(&r, &JsValue::from_str("messages")).unwrap();
    js_sys::Array::from(&m).iter().map(|v| v.as_string().unwrap_or_default()).collect()
}

/// Binary messages the server received from `client`, as byte vectors.
pub async fn received_binary(client: &str) -> Vec<Vec<u8>> {
    let r = control("received", &[("client", client), ("binary", "1")]).await;
    let m = Reflect::get(&r, &JsValue::from_str("messages")).unwrap();
    js_sys::Array::from(&m)
        .iter()
        .filter(|v| v.is_array())
        .map(|v| js_sys::Array::from(&v).iter().map(|b| b.as_f64().unwrap() as u8).collect())
        .collect()
}

/// Sleeps `ms` milliseconds (setTimeout).
pub async fn sleep(ms: u32) {
    let _ = JsFuture::from(sleep_ms(ms)).await;
}

/// Polls `cond` every 10 ms until it holds (true) or `timeout_ms` passed (false).
pub async fn try_wait_until(timeout_ms: u32, mut cond: impl FnMut() -> bool) -> bool {
    let t0 = now_ms();
    while !cond() {
        if now_ms() - t0 > f64::from(timeout_ms) {
            return false;
        }
        sleep(10).await;
    }
    true
}

/// Polls `cond` every 10 ms until it holds; panics with `what` after `timeout_ms`.
pub async fn wait_until(what: &str, timeout_ms: u32, cond: impl FnMut() -> bool) {
    if !try_wait_until(timeout_ms, cond).await {
        panic!("timed out after {timeout_ms} ms waiting for: {what}");
    }
}

/// The bytes of an ArrayBuffer or Blob message.
pub async fn bytes(data: &JsValue) -> Option<Vec<u8>> {
    let v = JsFuture::from(bytes_of(data)).await.ok()?;
    if v.is_null() {
        return None;
    }
    Some(js_sys::Array::from(&v).iter().map(|b| b.as_f64().unwrap() as u8).collect())
}

/// Options from JSON, plus JS values (functions) set afterwards with [`set`].
pub fn opts(json: &str) -> JsValue {
    JSON::parse(json).expect("valid JSON options")
}

/// `obj[path] = value`, creating nested objects along `a.b`.
pub fn set(obj: &JsValue, path: &str, value: &JsValue) {
    let mut o = obj.clone();
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        let next = Reflect::get(&o, &JsValue::from_str(p)).unwrap();
        let next = if next.is_object() {
            next
        } else {
            let n: JsValue = Object::new().into();
            Reflect::set(&o, &JsValue::from_str(p), &n).unwrap();
            n
        };
        o = next;
    }
    Reflect::set(&o, &JsValue::from_str(parts[parts.len() - 1]), value).unwrap();
}

/// `new WebSocketClass(url, null, options)`.
pub fn new_ws(url: &str, options: &JsValue) -> Result<WebSocketClass, JsValue> {
    WebSocketClass::new(JsValue::from_str(url).unchecked_into(), None, Some(options.clone().unchecked_into()))
}

/// A JS string.
pub fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// Reads `obj[key]`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JS function from a Rust closure, kept alive as long as the returned handle.
pub fn func<F: FnMut(JsValue) -> JsValue + 'static>(f: F) -> (Function, Closure<dyn FnMut(JsValue) -> JsValue>) {
    let c = Closure::<dyn FnMut(JsValue) -> JsValue>::new(f);
    (c.as_ref().clone().unchecked_into(), c)
}

type Listener = Closure<dyn FnMut(JsValue)>;

/// Every event of an instance, in order: `(type, event object)`; messages carry `data`.
#[derive(Clone, Default)]
pub struct Recorder {
    pub log: Rc<RefCell<Vec<(String, JsValue)>>>,
    closures: Rc<RefCell<Vec<Listener>>>,
}

/// Event types a recorder listens to.
pub const TYPES: [&str; 8] = ["open", "message", "close", "error", "reconnecting", "giveup", "heartbeat", "drop"];

impl Recorder {
    /// Listens to every event type of `ws`.
    pub fn attach(ws: &WebSocketClass) -> Self {
        let r = Recorder::default();
        for t in TYPES {
            let log = r.log.clone();
            let c = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                log.borrow_mut().push((t.to_string(), e));
            });
            ws.add_event_listener(JsValue::from_str(t).unchecked_into(), c.as_ref().clone().unchecked_into(), None).unwrap();
            r.closures.borrow_mut().push(c);
        }
        r
    }

    /// How many events of `kind` so far.
    pub fn count(&self, kind: &str) -> usize {
        self.log.borrow().iter().filter(|(k, _)| k == kind).count()
    }

    /// The events of `kind`.
    pub fn of(&self, kind: &str) -> Vec<JsValue> {
        self.log.borrow().iter().filter(|(k, _)| k == kind).map(|(_, e)| e.clone()).collect()
    }

    /// The text data of every message event.
    pub fn texts(&self) -> Vec<String> {
        self.of("message").iter().filter_map(|e| get(e, "data").as_string()).collect()
    }

    /// The event types in order.
    pub fn kinds(&self) -> Vec<String> {
        self.log.borrow().iter().map(|(k, _)| k.clone()).collect()
    }

    /// Waits until `n` events of `kind` were seen.
    pub async fn wait(&self, kind: &str, n: usize, timeout_ms: u32) {
        if !try_wait_until(timeout_ms, || self.count(kind) >= n).await {
            panic!("timed out after {timeout_ms} ms waiting for {n} '{kind}' event(s); log: {:?}", self.kinds());
        }
    }
}

/// The live-object counts of the debug build: `(closures, timers, sockets, lifecycle, instances)`.
pub fn counts() -> (i32, i32, i32, i32, i32) {
    let c = WebSocketClass::debug_counts();
    let n = |k: &str| get(&c, k).as_f64().unwrap() as i32;
    (n("closures"), n("timers"), n("sockets"), n("lifecycle"), n("instances"))
}

/// The lines a `debug` function option received, in order.
#[derive(Clone, Default)]
pub struct DebugLines(Rc<RefCell<Vec<String>>>);

impl DebugLines {
    /// Sets option `debug` of `o` to a function that collects the lines. Keep the closure alive
    /// as long as the instance.
    pub fn attach(o: &JsValue) -> (DebugLines, Closure<dyn FnMut(JsValue) -> JsValue>) {
        let lines = DebugLines::default();
        let l2 = lines.clone();
        let (f, keep) = func(move |l: JsValue| {
            l2.0.borrow_mut().push(l.as_string().unwrap_or_default());
            JsValue::UNDEFINED
        });
        set(o, "debug", &f);
        (lines, keep)
    }

    /// Every line so far, joined by newlines.
    pub fn text(&self) -> String {
        self.0.borrow().join("\n")
    }

    /// How many lines there are so far (a mark for [`DebugLines::pings_until_close`]).
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// How many heartbeat pings the instance sent after line `mark` and before it next closed
    /// a socket itself (`ping #…` and `close #…` lines of the driver).
    pub fn pings_until_close(&self, mark: usize) -> usize {
        let lines = self.0.borrow();
        lines[mark..].iter().take_while(|l| !l.contains("] close #")).filter(|l| l.contains("] ping #")).count()
    }
}
