//! `WebSocketClass` for the browser tests: a handle on an instance of the JS class the package
//! exports (`heartsocket::js_class()`), with the Rust-shaped methods the tests were written
//! against (`ws.send(..)`, `ws.ready_state()`, `ws.set_onopen(..)`…).
//!
//! Why: the browser suites must drive the shipped JS class, the one users get — its JS argument
//! checks, getters and `free()` — not a Rust-only twin of it. Each method here calls the JS
//! member of the same name (methods through `Reflect::get` + `Function::apply`, getters and
//! setters through `Reflect`); a JS throw comes back as `Err(JsValue)` where the method returns
//! `Result`, and panics (naming the member) where it does not, as such a throw is a bug there.
//! `None` arguments are passed as `undefined`. Dropping the handle calls `free()` once.
#![allow(dead_code)]

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// The argument types of the JS members: any JS value (the JS class checks them itself), named
// as in the typings (`src/wasm/typescript.rs`) so the call sites read as the API does.
/// `string | (() => string | Promise<string>) | null`.
pub type UrlArg = JsValue;
/// `(data, event) => void`.
pub type OnMessageArg = JsValue;
/// A name, or the options object.
pub type OptionsArg = JsValue;
/// What `send` and `connect` take.
pub type DataArg = JsValue;
/// A close code.
pub type CodeArg = JsValue;
/// A close reason.
pub type ReasonArg = JsValue;
/// A listener for `addEventListener`.
pub type ListenerArg = JsValue;
/// An event type.
pub type EventTypeArg = JsValue;
/// A `binaryType` value.
pub type BinaryTypeArg = JsValue;
/// `addEventListener`'s third argument.
pub type ListenerOptionsArg = JsValue;

#[wasm_bindgen]
extern "C" {
    /// `ws.stats`: a type of its own, as the Rust API had, so `JsValue::from(ws.stats())` at the
    /// call sites is not a conversion to the same type.
    pub type StatsObj;
}

/// An instance of the exported JS class `WebSocketClass`.
pub struct WebSocketClass {
    js: JsValue,
}

fn arg(v: Option<JsValue>) -> JsValue {
    v.unwrap_or(JsValue::UNDEFINED)
}

fn key(name: &str) -> JsValue {
    JsValue::from_str(name)
}

/// `target[name](...args)`, with `this` = `target`.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f = Reflect::get(target, &key(name))?;
    let f: Function = f.dyn_into().unwrap_or_else(|v| panic!("WebSocketClass has no method {name} (found {v:?})"));
    f.apply(target, &args.iter().collect::<Array>())
}

impl WebSocketClass {
    /// `new WebSocketClass(url, onMessage, nameOrOptions)`.
    pub fn new(url: UrlArg, on_message: Option<OnMessageArg>, name_or_options: Option<OptionsArg>) -> Result<WebSocketClass, JsValue> {
        let args = Array::of3(&url, &arg(on_message), &arg(name_or_options));
        Reflect::construct(&heartsocket::js_class(), &args).map(|js| WebSocketClass { js })
    }

    /// `WebSocketClass.__debugCounts()` (builds with feature `debug`):
    /// `{closures, timers, sockets, lifecycle, instances}`.
    pub fn debug_counts() -> JsValue {
        call(&heartsocket::js_class(), "__debugCounts", &[]).unwrap_or_else(|e| panic!("__debugCounts() threw {e:?}"))
    }

    fn method(&self, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        call(&self.js, name, args)
    }

    fn get(&self, name: &str) -> JsValue {
        Reflect::get(&self.js, &key(name)).unwrap_or_else(|e| panic!("getter {name} threw {e:?}"))
    }

    fn set(&self, name: &str, value: &JsValue) -> Result<(), JsValue> {
        Reflect::set(&self.js, &key(name), value).map(drop)
    }

    /// `connect(data)`.
    pub fn connect(&self, data: Option<DataArg>) -> Result<(), JsValue> {
        self.method("connect", &[arg(data)]).map(drop)
    }

    /// `reconnect()`.
    pub fn reconnect(&self) -> Result<(), JsValue> {
        self.method("reconnect", &[]).map(drop)
    }

    /// `send(data)`: true if handed to the socket, false if queued (or dropped).
    pub fn send(&self, data: DataArg) -> Result<bool, JsValue> {
        let sent = self.method("send", &[data])?;
        Ok(sent.as_bool().unwrap_or_else(|| panic!("send() returned {sent:?}, not a boolean")))
    }

    /// `sendHandle(data)`.
    pub fn send_handle(&self, data: DataArg) -> Result<bool, JsValue> {
        let sent = self.method("sendHandle", &[data])?;
        Ok(sent.as_bool().unwrap_or_else(|| panic!("sendHandle() returned {sent:?}, not a boolean")))
    }

    /// `close(code, reason)`.
    pub fn close(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        self.method("close", &[arg(code), arg(reason)]).map(drop)
    }

    /// `closeMyself(code, reason)`.
    pub fn close_myself(&self, code: Option<CodeArg>, reason: Option<ReasonArg>) -> Result<(), JsValue> {
        self.method("closeMyself", &[arg(code), arg(reason)]).map(drop)
    }

    /// `readyState`.
    pub fn ready_state(&self) -> u16 {
        let v = self.get("readyState");
        v.as_f64().unwrap_or_else(|| panic!("readyState is {v:?}, not a number")) as u16
    }

    /// `url`.
    pub fn url(&self) -> JsValue {
        self.get("url")
    }

    /// `protocol`.
    pub fn protocol(&self) -> String {
        let v = self.get("protocol");
        v.as_string().unwrap_or_else(|| panic!("protocol is {v:?}, not a string"))
    }

    /// `bufferedAmount`.
    pub fn buffered_amount(&self) -> f64 {
        let v = self.get("bufferedAmount");
        v.as_f64().unwrap_or_else(|| panic!("bufferedAmount is {v:?}, not a number"))
    }

    /// `binaryType`.
    pub fn binary_type(&self) -> String {
        let v = self.get("binaryType");
        v.as_string().unwrap_or_else(|| panic!("binaryType is {v:?}, not a string"))
    }

    /// `binaryType = value`.
    pub fn set_binary_type(&self, value: BinaryTypeArg) -> Result<(), JsValue> {
        self.set("binaryType", &value)
    }

    /// `stats`.
    pub fn stats(&self) -> StatsObj {
        self.get("stats").unchecked_into()
    }

    /// `name`.
    pub fn name(&self) -> JsValue {
        self.get("name")
    }

    /// `addEventListener(type, listener, options)`.
    pub fn add_event_listener(&self, event_type: EventTypeArg, listener: ListenerArg, options: Option<ListenerOptionsArg>) -> Result<(), JsValue> {
        self.method("addEventListener", &[event_type, listener, arg(options)]).map(drop)
    }

    /// `removeEventListener(type, listener, options)`.
    pub fn remove_event_listener(&self, event_type: EventTypeArg, listener: ListenerArg, options: Option<ListenerOptionsArg>) -> Result<(), JsValue> {
        self.method("removeEventListener", &[event_type, listener, arg(options)]).map(drop)
    }
}

/// `onopen`/`set_onopen(f)`… : the `on<type>` properties.
macro_rules! handler_props {
    ($($get:ident, $set:ident;)*) => {
        impl WebSocketClass {
            $(
                #[doc = concat!("`", stringify!($get), "`.")]
                pub fn $get(&self) -> JsValue {
                    self.get(stringify!($get))
                }
                #[doc = concat!("`", stringify!($get), " = f`.")]
                pub fn $set(&self, f: JsValue) {
                    self.set(stringify!($get), &f).unwrap_or_else(|e| panic!("setting {} threw {e:?}", stringify!($get)));
                }
            )*
        }
    };
}

handler_props! {
    onopen, set_onopen;
    onmessage, set_onmessage;
    onclose, set_onclose;
    onerror, set_onerror;
    onreconnecting, set_onreconnecting;
    ongiveup, set_ongiveup;
    onheartbeat, set_onheartbeat;
    ondrop, set_ondrop;
}

impl Drop for WebSocketClass {
    fn drop(&mut self) {
        // `free()` closes and releases everything; a throw there is a product bug, not a detail.
        if let Err(e) = self.method("free", &[]) {
            panic!("free() threw {e:?}");
        }
    }
}
