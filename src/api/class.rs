//! `WebSocketClass`: the exported JS class. Thin: argument conversions, then the driver
//! (`driver.rs`) does the work.
//!
//! JS sees the constructor, `reconnect`, `free` and the `__*` exports below; every other member
//! (`send`, `close`, `addEventListener`, the getters, `on*`…) is a few lines of
//! `src/api/class.js` on the prototype, which runs the argument checks of `options.js` in JS and
//! then enters the wasm once, through one of these exports. An export per member cost a shim in
//! the module and a wrapper in the glue each (550-900 B of wasm apiece), and every check crossed
//! Rust -> JS -> Rust. The Rust methods of the second `impl` serve Rust callers (the browser
//! tests): they run the same JS checks through `validate.rs`, and are not in the shipped module.

use alloc::string::String;
use alloc::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::driver::{Ctx, Driver};
use super::events::Kind;
use super::options::{self, LifecycleOpt};
use super::validate::{binary_type, check_close, listener_args};
use crate::core::{Input, Machine, SendError, SendOutcome};
use crate::host::clock::Clock;
use crate::host::js::number;
use crate::host::lifecycle::{Lifecycle, LifecycleSink};
use crate::host::payload::JsPayload;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    /// The error of a refused send (`__send`'s code 2 or 3).
    #[wasm_bindgen(js_name = sendError)]
    fn send_error(code: f64) -> JsValue;
    /// `ws.stats` from the counters, in this order (`last_rtt` -1: none).
    #[wasm_bindgen(js_name = stats)]
    #[allow(clippy::too_many_arguments)]
    fn stats_object(
        reconnects: f64,
        last_rtt: f64,
        queued: f64,
        queued_bytes: f64,
        sent: f64,
        received: f64,
        dropped: f64,
        confirmed: f64,
        unconfirmed: f64,
        resent: f64,
    ) -> JsValue;
}

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
        let mut opts = options::parse(url.as_ref(), &undefined_if_none(on_message), &undefined_if_none(name_or_options))?;
        let on_message = opts.on_message.take();
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
            this.input(Input::Connect { data: None })?;
        }
        Ok(this)
    }

    /// Drops the current socket and connects again now, backoff reset (connects if closed).
    pub fn reconnect(&self) -> Result<(), JsValue> {
        self.input(Input::Reconnect)
    }

    /// `send(data)` after class.js checked `data` (`size`: its byte size, -1 for a string): 1
    /// handed to the socket, 0 queued (or dropped), or the refusal `sendError` (options.js)
    /// turns into the error: 2 queue full, 3 re-entrant.
    #[wasm_bindgen(js_name = __send, skip_typescript)]
    pub fn send_checked(&self, data: JsValue, size: JsValue) -> f64 {
        self.send_payload(JsPayload::sized(data, size.as_f64().unwrap_or(-1.0)))
    }

    /// `connect(data)` after class.js checked `data` (`size` as for `__send`; `data` undefined
    /// or null: none).
    #[wasm_bindgen(js_name = __connect, skip_typescript)]
    pub fn connect_checked(&self, data: JsValue, size: JsValue) -> Result<(), JsValue> {
        let data = (!data.is_undefined() && !data.is_null()).then(|| JsPayload::sized(data, size.as_f64().unwrap_or(-1.0)));
        self.input(Input::Connect { data })
    }

    /// `close(code, reason)` after class.js checked both (`checkClose`).
    #[wasm_bindgen(js_name = __close, skip_typescript)]
    pub fn close_checked(&self, code: JsValue, reason: JsValue) -> Result<(), JsValue> {
        let code = code.as_f64().map_or(1000, |n| n as u16);
        self.input(Input::Close { code, reason: reason.as_string().unwrap_or_default() })
    }

    /// Member `i` of [`Member`] (the getters, then the `on*` handlers): one export for all.
    #[wasm_bindgen(js_name = __get, skip_typescript)]
    pub fn get(&self, i: JsValue) -> JsValue {
        let Some(m) = member(&i) else { return JsValue::UNDEFINED };
        match m {
            Member::ReadyState => number(self.ready_state()),
            Member::Url => self.url(),
            Member::Protocol => self.protocol_js(),
            Member::BufferedAmount => number(self.buffered_amount()),
            Member::BinaryType => self.binary_type_js(),
            Member::Stats => self.stats().into(),
            Member::Name => self.name(),
            Member::On(kind) => self.driver.events.handler(kind),
        }
    }

    /// Sets `on<type>` (`i` as for `__get`; anything but a function clears it), or
    /// `binaryType` (`i` = 4, `v` true for "arraybuffer", after class.js checked the value).
    #[wasm_bindgen(js_name = __set, skip_typescript)]
    pub fn set(&self, i: JsValue, v: JsValue) {
        match member(&i) {
            Some(Member::On(kind)) => self.driver.events.set_handler(kind, v),
            Some(Member::BinaryType) => self.apply_binary_type(if v.is_truthy() { "arraybuffer" } else { "blob" }),
            _ => {}
        }
    }

    /// `addEventListener` (`adding` true) or `removeEventListener`, after class.js converted
    /// the arguments (`listenerArgs`): `kind` is the type's index in `core::wire::EVENT_NAMES`.
    #[wasm_bindgen(js_name = __listen, skip_typescript)]
    pub fn listen(&self, kind: JsValue, listener: JsValue, once: JsValue, adding: JsValue) {
        if let Some(kind) = index(&kind).and_then(kind_at) {
            if adding.is_truthy() {
                self.driver.events.add(kind, listener, once.is_truthy());
            } else {
                self.driver.events.remove(kind, &listener);
            }
        }
    }

    /// Live object counts `{closures, timers, sockets, lifecycle, instances}` (debug builds),
    /// for leak tests.
    #[cfg(feature = "debug")]
    #[wasm_bindgen(js_name = __debugCounts)]
    pub fn debug_counts() -> JsValue {
        use crate::host::counts::{get, Kind as C};
        let count = |kind| number(get(kind));
        crate::host::js::object(&[
            ("closures", count(C::Closures)),
            ("timers", count(C::Timers)),
            ("sockets", count(C::Sockets)),
            ("lifecycle", count(C::Lifecycle)),
            ("instances", count(C::Instances)),
        ])
    }

}

/// What `__get`/`__set` take: getters by index, then the `on*` handlers from [`ON`] on, in the
/// order of `core::wire::EVENT_NAMES` (class.js lists both in the same order).
enum Member {
    ReadyState,
    Url,
    Protocol,
    BufferedAmount,
    BinaryType,
    Stats,
    Name,
    On(Kind),
}

/// Index of the first `on*` handler in `__get`/`__set`.
const ON: usize = 8;

/// `v` as an index: a whole number >= 0.
fn index(v: &JsValue) -> Option<usize> {
    v.as_f64().filter(|f| *f >= 0.0 && (*f as usize) as f64 == *f).map(|f| f as usize)
}

/// The event kind at index `i` of `core::wire::EVENT_NAMES`.
fn kind_at(i: usize) -> Option<Kind> {
    crate::core::wire::EVENT_NAMES.get(i).and_then(|name| Kind::parse(name))
}

fn member(i: &JsValue) -> Option<Member> {
    Some(match index(i)? {
        0 => Member::ReadyState,
        1 => Member::Url,
        2 => Member::Protocol,
        3 => Member::BufferedAmount,
        4 => Member::BinaryType,
        5 => Member::Stats,
        6 => Member::Name,
        i => Member::On(kind_at(i.checked_sub(ON)?)?),
    })
}

/// The members as Rust methods, for Rust callers (the browser tests in `tests/web_*.rs`); each
/// runs the same JS check class.js runs (`validate.rs` over `options.js`), then the same path.
impl WebSocketClass {
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
        match self.send_payload(JsPayload::from_user(data.into(), "send()")?) {
            code if code > 1.0 => Err(send_error(code)),
            code => Ok(code == 1.0),
        }
    }

    /// Alias of `send` (seed 002's name).
    pub fn send_handle(&self, data: DataArg) -> Result<bool, JsValue> {
        self.send(data)
    }

    /// Closes for good: no reconnect until `connect()`. `code` 1000 or 3000–4999 (else
    /// `RangeError`), `reason` at most 123 UTF-8 bytes (else `SyntaxError`).
    pub fn close(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        let (code, reason) = (undefined_if_none(code), undefined_if_none(reason));
        check_close(&code, &reason)?;
        self.close_checked(code, reason)
    }

    /// Alias of `close` (seed 002's name).
    pub fn close_myself(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        self.close(code, reason)
    }

    /// 0 CONNECTING (opening, or a reconnect pending), 1 OPEN, 2 CLOSING, 3 CLOSED.
    pub fn ready_state(&self) -> u16 {
        self.driver.ready.get() as u16
    }

    /// The URL of the current or last attempt (`""` before a URL function first ran).
    // Getters hand out JS strings kept beside the Rust ones: returning a `String` copied it out of
    // wasm memory on every read (a long name or URL grew the memory, the fuzzer found).
    pub fn url(&self) -> JsValue {
        self.driver.state.try_borrow().map(|st| st.last_url.clone()).unwrap_or_else(|_| JsValue::from_str(""))
    }

    /// The subprotocol the server chose on the current socket (`""` if none).
    pub fn protocol(&self) -> String {
        self.protocol_js().as_string().unwrap_or_default()
    }

    fn protocol_js(&self) -> JsValue {
        self.current_socket(|s| Some(s.protocol()).filter(JsValue::is_string)).unwrap_or_else(|| JsValue::from_str(""))
    }

    /// Bytes not yet on the wire: the socket's `bufferedAmount` plus the queued messages.
    pub fn buffered_amount(&self) -> f64 {
        let socket = self.current_socket(|s| s.buffered_amount().as_f64()).unwrap_or(0.0);
        socket + self.driver.stats().queued_bytes as f64
    }

    /// `"blob"` or `"arraybuffer"`, as set on every socket.
    pub fn binary_type(&self) -> String {
        self.binary_type_js().as_string().unwrap_or_default()
    }

    /// The value set, else the current socket's own (a string), else `"blob"`.
    fn binary_type_js(&self) -> JsValue {
        let set = self.driver.state.try_borrow().ok().and_then(|st| st.binary_type);
        match set {
            Some(b) => JsValue::from_str(b),
            None => self.current_socket(|s| Some(s.binary_type()).filter(JsValue::is_string)).unwrap_or_else(|| JsValue::from_str("blob")),
        }
    }

    /// Sets `binaryType` now and for every later socket (`TypeError` if not blob/arraybuffer).
    pub fn set_binary_type(&self, value: BinaryTypeArg) -> Result<(), JsValue> {
        self.apply_binary_type(binary_type(value.as_ref())?);
        Ok(())
    }

    fn apply_binary_type(&self, b: &'static str) {
        if let Ok(mut st) = self.driver.state.try_borrow_mut() {
            st.binary_type = Some(b);
        }
        self.current_socket(|s| {
            s.set_binary_type(b);
            Some(())
        });
    }

    /// Counters: `{reconnects, lastRtt, queued, queuedBytes, sent, received, dropped, confirmed,
    /// unconfirmed, resent}`.
    pub fn stats(&self) -> StatsObj {
        let s = self.driver.stats();
        stats_object(
            s.reconnects.into(),
            s.last_rtt_ms.map_or(-1.0, |r| r as f64),
            s.queued.into(),
            s.queued_bytes as f64,
            s.sent as f64,
            s.received as f64,
            s.dropped as f64,
            s.confirmed as f64,
            s.unconfirmed.into(),
            s.resent as f64,
        )
        .unchecked_into()
    }

    /// The instance name (option `name`, or the third argument as a string; default `"default"`).
    pub fn name(&self) -> JsValue {
        self.driver.opts.name_js.clone()
    }

    /// `addEventListener(type, listener, options?)`, arguments converted as `EventTarget`
    /// converts them (`validate::listener_args`).
    pub fn add_event_listener(&self, event_type: EventTypeArg, listener: ListenerArg, options: Option<ListenerOptionsArg>) -> Result<(), JsValue> {
        let listener = JsValue::from(listener);
        if let (Some(kind), once) = listener_args(event_type.as_ref(), &listener, &undefined_if_none(options), true)? {
            self.driver.events.add(kind, listener, once);
        }
        Ok(())
    }

    /// `removeEventListener(type, listener)`.
    pub fn remove_event_listener(&self, event_type: EventTypeArg, listener: ListenerArg, options: Option<ListenerOptionsArg>) -> Result<(), JsValue> {
        let listener = JsValue::from(listener);
        if let (Some(kind), _) = listener_args(event_type.as_ref(), &listener, &undefined_if_none(options), false)? {
            self.driver.events.remove(kind, &listener);
        }
        Ok(())
    }

    /// `__send`'s code for `payload`.
    #[inline(never)]
    fn send_payload(&self, payload: JsPayload) -> f64 {
        match self.driver.run(Ctx::default(), |m, now| m.send(|| now.get(), payload)) {
            Some(Ok(SendOutcome::Transmitted)) => 1.0,
            Some(Ok(SendOutcome::Queued | SendOutcome::Dropped)) => 0.0,
            Some(Err(SendError::QueueFull(_))) => 2.0,
            None => 3.0,
        }
    }

    fn input(&self, input: Input<JsPayload>) -> Result<(), JsValue> {
        // From a host calling back synchronously, the input waits for the running step.
        self.driver.input(Ctx::default(), input);
        Ok(())
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
