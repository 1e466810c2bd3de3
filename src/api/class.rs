//! `WebSocketClass`: the exported JS class. Thin: argument checks and conversions, then the
//! driver (`driver.rs`) does the work.

use alloc::string::String;
use alloc::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::driver::{Ctx, Driver};
use super::events::Kind;
use super::options::{self, LifecycleOpt};
use super::validate::{binary_type, close_args, listener_args, range_error, type_error};
use crate::core::{Input, Machine, SendError, SendOutcome};
use crate::host::clock::Clock;
use crate::host::js::{number, object};
use crate::host::lifecycle::{Lifecycle, LifecycleSink};
use crate::host::payload::JsPayload;

#[wasm_bindgen]
extern "C" {
    /// The URL argument.
    #[wasm_bindgen(typescript_type = "string | (() => string | Promise<string>) | null")]
    pub type UrlArg;
    /// The constructor's message callback.
    #[wasm_bindgen(typescript_type = "((data: any, event: MessageEvent) => void)")]
    pub type OnMessageArg;
    /// A name, or the options object.
    #[wasm_bindgen(typescript_type = "string | HeartSocketOptions")]
    pub type OptionsArg;
    /// What `send` takes.
    #[wasm_bindgen(typescript_type = "HeartSocketData")]
    pub type DataArg;
    /// A close code.
    #[wasm_bindgen(typescript_type = "number")]
    pub type CodeArg;
    /// A close reason.
    #[wasm_bindgen(typescript_type = "string")]
    pub type ReasonArg;
    /// `ws.stats`.
    #[wasm_bindgen(typescript_type = "HeartSocketStats")]
    pub type StatsObj;
    /// A listener for `addEventListener`.
    #[wasm_bindgen(typescript_type = "((event: any) => void) | { handleEvent(event: any): void } | null")]
    pub type ListenerArg;
    /// An event type (converted to a string as the DOM does).
    #[wasm_bindgen(typescript_type = "string")]
    pub type EventTypeArg;
    /// A `binaryType` value.
    #[wasm_bindgen(typescript_type = "'blob' | 'arraybuffer'")]
    pub type BinaryTypeArg;
    /// `addEventListener`'s third argument.
    #[wasm_bindgen(typescript_type = "boolean | { once?: boolean }")]
    pub type ListenerOptionsArg;
}

/// A WebSocket that stays alive: heartbeat, reconnect with backoff, an outbox for messages
/// sent while the link is down. W3C-shaped: `send`, `close`, `readyState`, `on*`, events.
#[wasm_bindgen]
pub struct WebSocketClass {
    driver: Rc<Driver>,
}

fn undefined_if_none<T: Into<JsValue>>(v: Option<T>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, Into::into)
}

#[wasm_bindgen]
impl WebSocketClass {
    /// `new WebSocketClass(url, onMessage?, nameOrOptions?)`. Does not connect unless
    /// `autoConnect` is set. Throws `SyntaxError` (URL), `TypeError` (types, unknown options)
    /// or `RangeError` (numbers).
    #[wasm_bindgen(constructor)]
    #[allow(non_snake_case)] // the parameter names show in the generated .d.ts
    pub fn new(
        url: UrlArg,
        onMessage: Option<OnMessageArg>,
        nameOrOptions: Option<OptionsArg>,
    ) -> Result<WebSocketClass, JsValue> {
        let (on_message, name_or_options) = (onMessage, nameOrOptions);
        #[cfg(all(feature = "debug", not(target_os = "none")))]
        console_error_panic_hook::set_once();
        let on_message = match undefined_if_none(on_message) {
            v if v.is_undefined() || v.is_null() => None,
            v => Some(v.dyn_into::<Function>().map_err(|_| type_error("heartsocket: onMessage must be a function"))?),
        };
        let opts = options::parse(url.as_ref(), &undefined_if_none(name_or_options))?;
        // Jitter only needs to differ between instances and page loads.
        let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64 ^ Clock::new().now().rotate_left(32);
        // options.js checked every option; the core checks nothing more in wasm (src/core/config.rs).
        let Ok(machine) = Machine::new(opts.config.clone(), seed) else { unreachable!() };
        let driver = Driver::new(opts, machine, on_message);
        let sink: Weak<dyn LifecycleSink> = Rc::downgrade(&driver) as Weak<Driver>;
        match &driver.opts.lifecycle {
            LifecycleOpt::Off => {}
            LifecycleOpt::Default => {
                if let Some((sub, hidden)) = Lifecycle::browser(sink) {
                    *driver.lifecycle.borrow_mut() = Some(sub);
                    if hidden {
                        driver.input(Ctx::default(), Input::Hidden);
                    }
                }
            }
            LifecycleOpt::Provider(f) => {
                let sub = Lifecycle::provider(f, sink)?;
                *driver.lifecycle.borrow_mut() = Some(sub);
            }
        }
        let this = WebSocketClass { driver };
        if this.driver.opts.auto_connect {
            this.connect(None)?;
        }
        Ok(this)
    }

    /// Opens the link (no-op while connecting or open). `data`, if given, is sent once right
    /// after the next open (after `openMessage`, before the queue).
    pub fn connect(&self, data: Option<DataArg>) -> Result<(), JsValue> {
        let data = match undefined_if_none(data) {
            v if v.is_undefined() || v.is_null() => None,
            v => Some(JsPayload::from_user(v, "connect()")?),
        };
        self.input(Input::Connect { data })
    }

    /// Sends now if open (returns `true`), else queues (returns `false`). Throws `TypeError`
    /// for an unsupported type, `RangeError` when the queue is full with overflow `"error"`.
    pub fn send(&self, data: DataArg) -> Result<bool, JsValue> {
        self.send_impl(data)
    }

    /// Alias of `send` (seed 002's name).
    #[wasm_bindgen(js_name = sendHandle)]
    pub fn send_handle(&self, data: DataArg) -> Result<bool, JsValue> {
        self.send_impl(data)
    }

    // One body for both names: inlined into each export it was 2.4 KB of wasm twice.
    #[inline(never)]
    fn send_impl(&self, data: DataArg) -> Result<bool, JsValue> {
        let payload = JsPayload::from_user(data.into(), "send()")?;
        let outcome = self
            .driver
            .run(Ctx::default(), |m, now| m.send(|| now.get(), payload))
            .ok_or_else(|| type_error("heartsocket: send() called re-entrantly from the socket host"))?;
        match outcome {
            Ok(SendOutcome::Transmitted) => Ok(true),
            Ok(SendOutcome::Queued | SendOutcome::Dropped) => Ok(false),
            Err(SendError::QueueFull(_)) => Err(range_error(
                "heartsocket: the send queue is full (queue.maxMessages / queue.maxBytes) and queue.overflow is \"error\"",
            )),
        }
    }

    /// Closes for good: no reconnect until `connect()`. `code` 1000 or 3000–4999 (else
    /// `RangeError`), `reason` at most 123 UTF-8 bytes (else `SyntaxError`).
    pub fn close(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        self.close_impl(code, reason)
    }

    #[inline(never)]
    fn close_impl(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        let (code, reason) = close_args(&undefined_if_none(code), &undefined_if_none(reason))?;
        self.input(Input::Close { code, reason })
    }

    /// Alias of `close` (seed 002's name).
    #[wasm_bindgen(js_name = closeMyself)]
    pub fn close_myself(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        self.close_impl(code, reason)
    }

    /// Drops the current socket and connects again now, backoff reset (connects if closed).
    pub fn reconnect(&self) -> Result<(), JsValue> {
        self.input(Input::Reconnect)
    }

    fn input(&self, input: Input<JsPayload>) -> Result<(), JsValue> {
        // From a host calling back synchronously, the input waits for the running step.
        self.driver.input(Ctx::default(), input);
        Ok(())
    }

    /// 0 CONNECTING (opening, or a reconnect pending), 1 OPEN, 2 CLOSING, 3 CLOSED.
    #[wasm_bindgen(getter, js_name = readyState)]
    pub fn ready_state(&self) -> u16 {
        self.driver.ready.get() as u16
    }

    /// The URL of the current or last attempt (`""` before a URL function first ran).
    // Getters hand out JS strings kept beside the Rust ones: returning a `String` copied it out of
    // wasm memory on every read (a long name or URL grew the memory, the fuzzer found).
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn url(&self) -> JsValue {
        self.driver.state.try_borrow().map(|st| st.last_url.clone()).unwrap_or_else(|_| JsValue::from_str(""))
    }

    /// The subprotocol the server chose on the current socket (`""` if none).
    #[wasm_bindgen(getter)]
    pub fn protocol(&self) -> String {
        self.current_socket(|s| s.protocol().as_string()).unwrap_or_default()
    }

    /// Bytes not yet on the wire: the socket's `bufferedAmount` plus the queued messages.
    #[wasm_bindgen(getter, js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> f64 {
        let socket = self.current_socket(|s| s.buffered_amount().as_f64()).unwrap_or(0.0);
        socket + self.driver.stats().queued_bytes as f64
    }

    /// `"blob"` or `"arraybuffer"`, as set on every socket.
    #[wasm_bindgen(getter, js_name = binaryType, unchecked_return_type = "'blob' | 'arraybuffer'")]
    pub fn binary_type(&self) -> String {
        let set = self.driver.state.try_borrow().ok().and_then(|st| st.binary_type);
        match set {
            Some(b) => b.into(),
            None => self.current_socket(|s| s.binary_type().as_string()).unwrap_or_else(|| "blob".into()),
        }
    }

    /// Sets `binaryType` now and for every later socket (`TypeError` if not blob/arraybuffer).
    #[wasm_bindgen(setter, js_name = binaryType)]
    pub fn set_binary_type(&self, value: BinaryTypeArg) -> Result<(), JsValue> {
        let b = binary_type(value.as_ref())?;
        if let Ok(mut st) = self.driver.state.try_borrow_mut() {
            st.binary_type = Some(b);
        }
        self.current_socket(|s| {
            s.set_binary_type(b);
            Some(())
        });
        Ok(())
    }

    /// Counters: `{reconnects, lastRtt, queued, queuedBytes, sent, received, dropped, confirmed,
    /// unconfirmed, resent}`.
    #[wasm_bindgen(getter)]
    pub fn stats(&self) -> StatsObj {
        let s = self.driver.stats();
        object(&[
            ("reconnects", number(s.reconnects)),
            ("lastRtt", s.last_rtt_ms.map_or(JsValue::NULL, |r| number(r as f64))),
            ("queued", number(s.queued)),
            ("queuedBytes", number(s.queued_bytes as f64)),
            ("sent", number(s.sent as f64)),
            ("received", number(s.received as f64)),
            ("dropped", number(s.dropped as f64)),
            ("confirmed", number(s.confirmed as f64)),
            ("unconfirmed", number(s.unconfirmed)),
            ("resent", number(s.resent as f64)),
        ])
        .unchecked_into()
    }

    /// The instance name (option `name`, or the third argument as a string; default `"default"`).
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn name(&self) -> JsValue {
        self.driver.opts.name_js.clone()
    }

    /// `addEventListener(type, listener, options?)`: types `open`, `message`, `close`,
    /// `error`, `reconnecting`, `giveup`, `heartbeat`, `drop`; a listener is added once per
    /// type; `{once: true}` removes it after its first call. Arguments are converted as
    /// `EventTarget` converts them: `TypeError` for a type that is no string after DOMString
    /// conversion (a Symbol) or a primitive listener; `null` is ignored.
    #[wasm_bindgen(js_name = addEventListener)]
    #[allow(non_snake_case)]
    pub fn add_event_listener(
        &self,
        eventType: EventTypeArg,
        listener: ListenerArg,
        options: Option<ListenerOptionsArg>,
    ) -> Result<(), JsValue> {
        let listener = JsValue::from(listener);
        if let (Some(kind), once) = listener_args(eventType.as_ref(), &listener, &undefined_if_none(options), true)? {
            self.driver.events.add(kind, listener, once);
        }
        Ok(())
    }

    /// `removeEventListener(type, listener)`.
    #[wasm_bindgen(js_name = removeEventListener)]
    #[allow(non_snake_case)]
    pub fn remove_event_listener(
        &self,
        eventType: EventTypeArg,
        listener: ListenerArg,
        options: Option<ListenerOptionsArg>,
    ) -> Result<(), JsValue> {
        // Listeners are matched by function and type; capture does not apply here.
        let listener = JsValue::from(listener);
        if let (Some(kind), _) = listener_args(eventType.as_ref(), &listener, &undefined_if_none(options), false)? {
            self.driver.events.remove(kind, &listener);
        }
        Ok(())
    }

    /// Live object counts `{closures, timers, sockets, lifecycle, instances}` (debug builds),
    /// for leak tests.
    #[cfg(feature = "debug")]
    #[wasm_bindgen(js_name = __debugCounts)]
    pub fn debug_counts() -> JsValue {
        use crate::host::counts::{get, Kind as C};
        let count = |kind| number(get(kind));
        object(&[
            ("closures", count(C::Closures)),
            ("timers", count(C::Timers)),
            ("sockets", count(C::Sockets)),
            ("lifecycle", count(C::Lifecycle)),
            ("instances", count(C::Instances)),
        ])
    }

    fn current_socket<T>(&self, f: impl FnOnce(&crate::host::socket::Socket) -> Option<T>) -> Option<T> {
        // Clone the handle out, so a host getter that calls back finds the state free.
        let socket = {
            let st = self.driver.state.try_borrow().ok()?;
            let g = st.machine.current_generation()?;
            st.sockets.iter().find(|e| e.generation == g)?.socket()?.clone()
        };
        f(&socket)
    }
}

/// The `on*` handler properties. JS sees them as accessors on the class's prototype, written in
/// `src/api/class.js` over the two exports below: 16 wasm exports (a getter and a setter per
/// event type) cost more than those few lines of JS. The Rust methods serve Rust callers (tests).
#[wasm_bindgen]
impl WebSocketClass {
    /// `on<type>`: the handler, or `null`. `kind` is the index of the type in
    /// `core::wire::EVENT_NAMES` (a JS number, never a string: no export takes a Rust `&str`,
    /// see `validate.rs`); anything else reads as `null`.
    #[wasm_bindgen(js_name = __on, skip_typescript)]
    pub fn handler(&self, kind: JsValue) -> JsValue {
        kind_at(&kind).map_or(JsValue::NULL, |k| self.driver.events.handler(k))
    }

    /// Sets `on<type>` (`kind` as for `__on`); anything but a function clears it.
    #[wasm_bindgen(js_name = __setOn, skip_typescript)]
    pub fn set_handler(&self, kind: JsValue, f: JsValue) {
        if let Some(k) = kind_at(&kind) {
            self.driver.events.set_handler(k, f);
        }
    }
}

/// The event kind at index `v` of `core::wire::EVENT_NAMES`, if `v` is such an index.
fn kind_at(v: &JsValue) -> Option<Kind> {
    let i = v.as_f64().filter(|f| *f >= 0.0 && (*f as usize) as f64 == *f)? as usize;
    crate::core::wire::EVENT_NAMES.get(i).and_then(|name| Kind::parse(name))
}

macro_rules! handler_props {
    ($($get:ident, $set:ident, $kind:expr;)*) => {
        impl WebSocketClass {
            $(
                #[doc = concat!("`", stringify!($get), "` handler (or `null`).")]
                pub fn $get(&self) -> JsValue {
                    self.driver.events.handler($kind)
                }
                #[doc = concat!("Sets the `", stringify!($get), "` handler; anything but a function clears it.")]
                pub fn $set(&self, f: JsValue) {
                    self.driver.events.set_handler($kind, f);
                }
            )*
        }
    };
}

handler_props! {
    onopen, set_onopen, Kind::Open;
    onmessage, set_onmessage, Kind::Message;
    onclose, set_onclose, Kind::Close;
    onerror, set_onerror, Kind::Error;
    onreconnecting, set_onreconnecting, Kind::Reconnecting;
    ongiveup, set_ongiveup, Kind::GiveUp;
    onheartbeat, set_onheartbeat, Kind::Heartbeat;
    ondrop, set_ondrop, Kind::Drop;
}

impl Drop for WebSocketClass {
    fn drop(&mut self) {
        // `free()`: close and release everything now, even if a callback still holds the driver.
        self.driver.shutdown();
    }
}
