//! The options object of `new WebSocketClass(url, onMessage, nameOrOptions)`.
//!
//! The checking is done by `options.js` (why JS: see its header): it throws the browser-typed
//! error naming the option, or returns every option normalised (defaults filled in, numbers in
//! range, `-1` for "none"). This file turns that result into [`Options`], and the core's
//! [`Config`], every field given (the defaults are options.js's table, filled in there).

use alloc::string::String;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::{Config, HeartbeatConfig, Overflow, PongMatcher, QueueConfig, ReconnectConfig};
use crate::host::js::prop;
use crate::host::payload::JsPayload;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = parseOptions)]
    fn parse_options(url: &JsValue, third: &JsValue, global: &JsValue) -> Result<JsValue, JsValue>;
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
pub fn parse(url: &JsValue, name_or_options: &JsValue) -> Result<Options, JsValue> {
    let o = parse_options(url, name_or_options, &crate::host::js::global())?;
    let num = |o: &JsValue, k: &str| prop(o, k).as_f64().unwrap_or(-1.0);
    // `-1` spells "none"; every other number is already a whole number in range.
    let opt_u32 = |v: f64| (v >= 0.0).then_some(v as u32);
    let func = |v: JsValue| v.dyn_into::<Function>().ok();

    let h = prop(&o, "heartbeat");
    let (heartbeat, ping, pong) = if h.is_object() {
        let message = prop(&h, "message").as_string().unwrap_or_default();
        let p = prop(&h, "pong");
        let (matcher, pong) = match p.as_string() {
            Some(s) => (PongMatcher::Exact(s), Pong::Exact(p)),
            None => (PongMatcher::Predicate, func(p).map_or(Pong::Off, Pong::Predicate)),
        };
        let ping = JsPayload::text(&message);
        let config = HeartbeatConfig {
            interval_ms: num(&h, "interval") as u32,
            timeout_ms: num(&h, "timeout") as u32,
            message,
            pong: matcher,
            reset_on_message: prop(&h, "resetOnMessage").is_truthy(),
        };
        (Some(config), ping, pong)
    } else {
        // No heartbeat: no ping is ever sent.
        (None, JsPayload::text(""), Pong::Off)
    };

    let r = prop(&o, "reconnect");
    let (reconnect, should_reconnect) = if r.is_object() {
        let codes = js_sys::Array::from(&prop(&r, "stopOnCodes"));
        let config = ReconnectConfig {
            min_delay_ms: num(&r, "minDelay") as u32,
            max_delay_ms: num(&r, "maxDelay") as u32,
            factor: num(&r, "factor"),
            jitter: num(&r, "jitter"),
            max_retries: opt_u32(num(&r, "maxRetries")),
            connect_timeout_ms: opt_u32(num(&r, "connectTimeout")),
            min_uptime_ms: num(&r, "minUptime") as u32,
            stop_on_codes: codes.iter().map(|c| c.as_f64().unwrap_or_default() as u16).collect(),
        };
        (Some(config), func(prop(&r, "shouldReconnect")))
    } else {
        (None, None)
    };

    let q = prop(&o, "queue");
    let queue = QueueConfig {
        max_messages: num(&q, "maxMessages") as u32,
        max_bytes: num(&q, "maxBytes") as u64,
        overflow: match num(&q, "overflow") as u8 {
            1 => Overflow::DropOldest,
            2 => Overflow::DropNewest,
            _ => Overflow::Error,
        },
        resend: prop(&q, "resend").is_truthy(),
    };

    let url = prop(&o, "url");
    let debug = prop(&o, "debug");
    let lifecycle = prop(&o, "lifecycle");
    let open_message = prop(&o, "openMessage");
    let max_message = num(&o, "maxMessageSize");
    let name_js = prop(&o, "name");
    Ok(Options {
        name: name_js.as_string().unwrap_or_default(),
        name_js,
        url: match url.as_string() {
            Some(u) => UrlSource::Fixed(u),
            None => UrlSource::Func(url.unchecked_into()),
        },
        protocols: prop(&o, "protocols"),
        binary_type: match prop(&o, "binaryType").as_string().as_deref() {
            Some("blob") => Some("blob"),
            Some("arraybuffer") => Some("arraybuffer"),
            _ => None,
        },
        auto_connect: prop(&o, "autoConnect").is_truthy(),
        open_message: if open_message.is_undefined() {
            None
        } else if open_message.is_function() {
            Some(OpenMessage::Func(open_message.unchecked_into()))
        } else {
            Some(OpenMessage::Value(JsPayload::from_user(open_message, "option 'openMessage'")?))
        },
        ping,
        pong,
        should_reconnect,
        ctor: prop(&o, "ctor").unchecked_into(),
        secure_only: prop(&o, "secureOnly").is_truthy(),
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
