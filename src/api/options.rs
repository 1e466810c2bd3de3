//! The options object of `new WebSocketClass(url, onMessage, nameOrOptions)`.
//!
//! The checking is done by `options.js` (why JS: see its header): it throws the browser-typed
//! error naming the option, or returns every option normalised (defaults filled in, numbers in
//! range, `-1` for "none"). This file turns that result into [`Options`], and the core's
//! [`Config`], every field given (the defaults are options.js's table, filled in there).

use alloc::string::String;
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::{Config, HeartbeatConfig, Overflow, PongMatcher, QueueConfig, ReconnectConfig};
use crate::host::payload::JsPayload;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = parseOptions)]
    fn parse_options(url: &JsValue, on_message: &JsValue, third: &JsValue, global: &JsValue) -> Result<Array, JsValue>;
    /// `+a[i]`: a number or boolean entry of `parseOptions`'s result, without a JS value.
    fn num(a: &Array, i: u32) -> f64;
}

/// Where each attempt's URL comes from.
pub enum UrlSource {
    /// A fixed, already checked URL.
    Fixed(String),
    /// Called before every attempt; returns a URL or a Promise of one.
    Func(Function),
}

/// What is sent first on every open.
pub enum OpenMessage {
    /// The same message every time.
    Value(JsPayload),
    /// Called on every open; returns the message (or nothing).
    Func(Function),
}

/// How a heartbeat reply is recognised, on the JS side.
pub enum Pong {
    /// No heartbeat: nothing is a reply.
    Off,
    /// A text message `===` this string.
    Exact(JsValue),
    /// `(data) => boolean`.
    Predicate(Function),
}

/// Where debug lines go.
pub enum DebugSink {
    /// Nowhere.
    Off,
    /// `console.debug`.
    Console,
    /// A user function `(line) => void`.
    Func(Function),
}

/// Which lifecycle events feed the core.
pub enum LifecycleOpt {
    /// Browser listeners when `document` exists, else none.
    Default,
    /// None (`lifecycle: false`).
    Off,
    /// `(notify) => (void | unsubscribe)`.
    Provider(Function),
}

/// Everything the driver needs from the user, checked.
pub struct Options {
    /// The constructor's `onMessage`.
    pub on_message: Option<Function>,
    /// Instance name for debug lines (`name`, default `"default"`).
    pub name: String,
    /// The same, as the JS string the `name` getter returns.
    pub name_js: JsValue,
    /// The URL or the function producing it.
    pub url: UrlSource,
    /// `protocols` as given (undefined, a string or an array of strings), checked.
    pub protocols: JsValue,
    /// `binaryType` to set on every socket, if given.
    pub binary_type: Option<&'static str>,
    /// `autoConnect` (default false).
    pub auto_connect: bool,
    /// `openMessage`.
    pub open_message: Option<OpenMessage>,
    /// The ping message (`heartbeat.message`), ready to send.
    pub ping: JsPayload,
    /// The pong matcher.
    pub pong: Pong,
    /// `reconnect.shouldReconnect`.
    pub should_reconnect: Option<Function>,
    /// The socket constructor (`WebSocket` option, else the global `WebSocket`).
    pub ctor: Function,
    /// `secureOnly`: refuse `ws://`.
    pub secure_only: bool,
    /// `debug`.
    pub debug: DebugSink,
    /// `lifecycle`.
    pub lifecycle: LifecycleOpt,
    /// `maxMessageSize` (see `limits.rs`).
    pub max_message: Option<super::limits::MessageLimit>,
    /// The core's configuration.
    pub config: Config,
}

/// Checks the constructor's `url` and third argument (`TypeError`, `RangeError` or
/// `SyntaxError` naming the option) and reads them.
#[inline(never)]
pub fn parse(url: &JsValue, on_message: &JsValue, name_or_options: &JsValue) -> Result<Options, JsValue> {
    let o = parse_options(url, on_message, name_or_options, &crate::host::js::global())?;
    // The entries in the order options.js's `parseOptions` returns them: JS values first,
    // then numbers and booleans.
    let at = |i: u32| o.get(i);
    let n = |i: u32| num(&o, i);
    // `-1` spells "none"; every other number is already a whole number in range.
    let opt_u32 = |v: f64| (v >= 0.0).then_some(v as u32);
    let func = |v: JsValue| v.dyn_into::<Function>().ok();
    let (name_js, url, protocols, binary_type, open_message) = (at(0), at(1), at(2), at(3), at(4));
    let (ctor, debug, lifecycle) = (at(5), at(6), at(7));

    let (heartbeat, ping, pong) = if n(15) != 0.0 {
        let message = at(8).as_string().unwrap_or_default();
        let p = at(9);
        let (matcher, pong) = match p.as_string() {
            Some(s) => (PongMatcher::Exact(s), Pong::Exact(p)),
            None => (PongMatcher::Predicate, func(p).map_or(Pong::Off, Pong::Predicate)),
        };
        let ping = JsPayload::text(&message);
        let config = HeartbeatConfig {
            interval_ms: n(16) as u32,
            timeout_ms: n(17) as u32,
            message,
            pong: matcher,
            reset_on_message: n(18) != 0.0,
        };
        (Some(config), ping, pong)
    } else {
        // No heartbeat: no ping is ever sent.
        (None, JsPayload::text(""), Pong::Off)
    };

    let (reconnect, should_reconnect) = if n(19) != 0.0 {
        let config = ReconnectConfig {
            min_delay_ms: n(20) as u32,
            max_delay_ms: n(21) as u32,
            factor: n(22),
            jitter: n(23),
            max_retries: opt_u32(n(24)),
            connect_timeout_ms: opt_u32(n(25)),
            min_uptime_ms: n(26) as u32,
            stop_on_codes: (0..n(32) as u32).map(|i| n(33 + i) as u16).collect(),
        };
        (Some(config), func(at(10)))
    } else {
        (None, None)
    };

    let queue = QueueConfig {
        max_messages: n(27) as u32,
        max_bytes: n(28) as u64,
        overflow: match n(29) as u8 {
            1 => Overflow::DropOldest,
            2 => Overflow::DropNewest,
            _ => Overflow::Error,
        },
        resend: n(30) != 0.0,
    };

    let max_message = n(14);
    Ok(Options {
        on_message: func(at(31)),
        name: name_js.as_string().unwrap_or_default(),
        name_js,
        url: match url.as_string() {
            Some(u) => UrlSource::Fixed(u),
            None => UrlSource::Func(url.unchecked_into()),
        },
        protocols,
        binary_type: match binary_type.as_string().as_deref() {
            Some("blob") => Some("blob"),
            Some("arraybuffer") => Some("arraybuffer"),
            _ => None,
        },
        auto_connect: n(13) != 0.0,
        open_message: if open_message.is_undefined() {
            None
        } else if open_message.is_function() {
            Some(OpenMessage::Func(open_message.unchecked_into()))
        } else {
            Some(OpenMessage::Value(JsPayload::sized(open_message, n(11))))
        },
        ping,
        pong,
        should_reconnect,
        ctor: ctor.unchecked_into(),
        secure_only: n(12) != 0.0,
        debug: if debug.is_function() {
            DebugSink::Func(debug.unchecked_into())
        } else if debug.is_truthy() {
            DebugSink::Console
        } else {
            DebugSink::Off
        },
        lifecycle: if lifecycle.is_function() {
            LifecycleOpt::Provider(lifecycle.unchecked_into())
        } else if lifecycle.is_undefined() {
            LifecycleOpt::Default
        } else {
            LifecycleOpt::Off
        },
        max_message: (max_message >= 0.0).then(|| super::limits::MessageLimit::new(max_message as u64)),
        config: Config { heartbeat, reconnect, queue },
    })
}
