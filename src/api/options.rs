//! The options object of `new WebSocketClass(url, onMessage, nameOrOptions)`, parsed and
//! checked at once: unknown keys (with a "did you mean"), wrong types (`TypeError`), numbers out
//! of range (`RangeError`, via the core's [`Config::validate`]) and bad URLs (`SyntaxError`).
//!
//! Plain values are read one field at a time, so every error names its option path; functions
//! and binary values are taken as JS values.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::read::{absent, check_keys, config_message, func, get, is_plain_object, num, opt, section_type, typed};
use super::validate::{check_protocols, check_url, range_error, type_error};
use crate::core::config::{delay_ms, real, whole};
use crate::core::{Config, ConfigError, HeartbeatConfig, Overflow, PongMatcher, QueueConfig, ReconnectConfig};
use crate::host::payload::{describe, JsPayload};

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

const TOP: [&str; 14] = [
    "name", "protocols", "binaryType", "autoConnect", "url", "openMessage", "heartbeat", "reconnect", "queue",
    "WebSocket", "secureOnly", "debug", "lifecycle", "maxMessageSize",
];
const HEARTBEAT: [&str; 5] = ["interval", "timeout", "message", "pong", "resetOnMessage"];
const RECONNECT: [&str; 9] = [
    "minDelay", "maxDelay", "factor", "jitter", "maxRetries", "connectTimeout", "minUptime", "stopOnCodes",
    "shouldReconnect",
];
const QUEUE: [&str; 3] = ["maxMessages", "maxBytes", "overflow"];

/// Parses the constructor's `url` and third argument.
pub fn parse(url: &JsValue, name_or_options: &JsValue) -> Result<Options, JsValue> {
    let empty: JsValue = Object::new().into();
    let (o, name) = if let Some(name) = name_or_options.as_string() {
        (&empty, Some(name))
    } else if absent(name_or_options) {
        (&empty, None)
    } else if is_plain_object(name_or_options) {
        check_keys(name_or_options, &TOP, "")?;
        (name_or_options, None)
    } else {
        return Err(type_error(&format!(
            "heartsocket: the third argument must be a name (string) or an options object, got {}",
            describe(name_or_options)
        )));
    };
    let name = match name {
        Some(n) => n,
        None => opt::<String>(o, "name", "name", "a string")?.unwrap_or_else(|| "default".into()),
    };
    let secure_only = opt::<bool>(o, "secureOnly", "secureOnly", "a boolean")?.unwrap_or(false);
    let (heartbeat, ping, pong) = heartbeat(o)?;
    let (reconnect, should_reconnect) = reconnect(o)?;
    let config = Config { heartbeat, reconnect, queue: queue(o)? };
    config.validate().map_err(config_error)?;
    Ok(Options {
        name,
        url: url_source(url, get(o, "url"), secure_only)?,
        protocols: protocols(o)?,
        binary_type: match opt::<String>(o, "binaryType", "binaryType", "\"blob\" or \"arraybuffer\"")? {
            None => None,
            Some(b) => Some(binary_type(&b)?),
        },
        auto_connect: opt::<bool>(o, "autoConnect", "autoConnect", "a boolean")?.unwrap_or(false),
        open_message: open_message(o)?,
        ping,
        pong,
        should_reconnect,
        ctor: ctor(o)?,
        secure_only,
        debug: match get(o, "debug") {
            None => DebugSink::Off,
            Some(v) if v.as_bool() == Some(false) => DebugSink::Off,
            Some(v) if v.as_bool() == Some(true) => DebugSink::Console,
            Some(v) => DebugSink::Func(func(v, "debug", "true, false or a function (line) => void")?),
        },
        lifecycle: match get(o, "lifecycle") {
            None => LifecycleOpt::Default,
            Some(v) if v.as_bool() == Some(false) => LifecycleOpt::Off,
            Some(v) => LifecycleOpt::Provider(func(v, "lifecycle", "false or a function (notify) => unsubscribe")?),
        },
        max_message: super::limits::parse(o)?,
        config,
    })
}

/// Checks a `binaryType` value.
pub fn binary_type(b: &str) -> Result<&'static str, JsValue> {
    match b {
        "blob" => Ok("blob"),
        "arraybuffer" => Ok("arraybuffer"),
        _ => Err(type_error(&format!("heartsocket: binaryType must be \"blob\" or \"arraybuffer\", got \"{b}\""))),
    }
}

/// A core [`ConfigError`] as the browser would throw it.
pub fn config_error(e: ConfigError) -> JsValue {
    let msg = config_message(&e);
    if e.is_range() {
        range_error(&msg)
    } else {
        type_error(&msg)
    }
}

fn heartbeat(o: &JsValue) -> Result<(Option<HeartbeatConfig>, JsPayload, Pong), JsValue> {
    let mut h = HeartbeatConfig::default();
    let section = match get(o, "heartbeat") {
        None => None,
        Some(v) if v.as_bool() == Some(true) => None,
        Some(v) if v.as_bool() == Some(false) => return Ok((None, JsPayload::text(&h.message), Pong::Off)),
        Some(v) if is_plain_object(&v) => Some(v),
        Some(v) => return Err(section_type("heartbeat", &v)),
    };
    let mut pong = Pong::Exact(JsValue::from_str("pong"));
    if let Some(s) = &section {
        check_keys(s, &HEARTBEAT, "heartbeat.")?;
        if let Some(v) = num(s, "interval", "heartbeat.interval")? {
            h.interval_ms = delay_ms("heartbeat.interval", v, 1).map_err(config_error)?;
        }
        if let Some(v) = num(s, "timeout", "heartbeat.timeout")? {
            h.timeout_ms = delay_ms("heartbeat.timeout", v, 1).map_err(config_error)?;
        }
        if let Some(m) = opt::<String>(s, "message", "heartbeat.message", "a string")? {
            h.message = m;
        }
        if let Some(v) = opt::<bool>(s, "resetOnMessage", "heartbeat.resetOnMessage", "a boolean")? {
            h.reset_on_message = v;
        }
        match get(s, "pong") {
            None => {}
            Some(p) if p.is_string() => {
                h.pong = PongMatcher::Exact(p.as_string().unwrap_or_default());
                pong = Pong::Exact(p);
            }
            Some(p) => {
                h.pong = PongMatcher::Predicate;
                pong = Pong::Predicate(func(p, "heartbeat.pong", "a string or a function (data) => boolean")?);
            }
        }
    }
    let ping = JsPayload::text(&h.message);
    Ok((Some(h), ping, pong))
}

fn reconnect(o: &JsValue) -> Result<(Option<ReconnectConfig>, Option<Function>), JsValue> {
    let mut r = ReconnectConfig::default();
    let s = match get(o, "reconnect") {
        None => return Ok((Some(r), None)),
        Some(v) if v.as_bool() == Some(true) => return Ok((Some(r), None)),
        Some(v) if v.as_bool() == Some(false) => return Ok((None, None)),
        Some(v) if is_plain_object(&v) => v,
        Some(v) => return Err(section_type("reconnect", &v)),
    };
    check_keys(&s, &RECONNECT, "reconnect.")?;
    let c = config_error;
    if let Some(v) = num(&s, "minDelay", "reconnect.minDelay")? {
        r.min_delay_ms = delay_ms("reconnect.minDelay", v, 0).map_err(c)?;
    }
    if let Some(v) = num(&s, "maxDelay", "reconnect.maxDelay")? {
        r.max_delay_ms = delay_ms("reconnect.maxDelay", v, 0).map_err(c)?;
    }
    if let Some(v) = num(&s, "factor", "reconnect.factor")? {
        r.factor = real("reconnect.factor", v, 1.0, 100.0).map_err(c)?;
    }
    if let Some(v) = num(&s, "jitter", "reconnect.jitter")? {
        r.jitter = real("reconnect.jitter", v, 0.0, 1.0).map_err(c)?;
    }
    if let Some(v) = num(&s, "maxRetries", "reconnect.maxRetries")? {
        // Infinity spells "unbounded", like the default.
        r.max_retries = if v == f64::INFINITY {
            None
        } else {
            Some(whole("reconnect.maxRetries", v, 0, u64::from(u32::MAX)).map_err(c)? as u32)
        };
    }
    match get(&s, "connectTimeout") {
        None => {}
        Some(v) if v.as_bool() == Some(false) || v.as_f64() == Some(f64::INFINITY) => r.connect_timeout_ms = None,
        Some(_) => {
            let v = num(&s, "connectTimeout", "reconnect.connectTimeout")?.unwrap_or_default();
            r.connect_timeout_ms = Some(delay_ms("reconnect.connectTimeout", v, 1).map_err(c)?);
        }
    }
    if let Some(v) = num(&s, "minUptime", "reconnect.minUptime")? {
        r.min_uptime_ms = delay_ms("reconnect.minUptime", v, 0).map_err(c)?;
    }
    if let Some(codes) = opt::<Vec<f64>>(&s, "stopOnCodes", "reconnect.stopOnCodes", "an array of close codes")? {
        r.stop_on_codes = codes
            .into_iter()
            .map(|v| whole("reconnect.stopOnCodes", v, 1000, 4999).map(|v| v as u16))
            .collect::<Result<_, _>>()
            .map_err(c)?;
    }
    let hook = match get(&s, "shouldReconnect") {
        None => None,
        Some(f) => Some(func(f, "reconnect.shouldReconnect", "a function (closeEvent) => boolean")?),
    };
    Ok((Some(r), hook))
}

fn queue(o: &JsValue) -> Result<QueueConfig, JsValue> {
    let mut q = QueueConfig::default();
    let Some(s) = get(o, "queue") else { return Ok(q) };
    if !is_plain_object(&s) {
        return Err(type_error(&format!(
            "heartsocket: option 'queue' must be an object {{maxMessages, maxBytes, overflow}}, got {}",
            describe(&s)
        )));
    }
    check_keys(&s, &QUEUE, "queue.")?;
    if let Some(v) = num(&s, "maxMessages", "queue.maxMessages")? {
        q.max_messages = whole("queue.maxMessages", v, 0, u64::from(u32::MAX)).map_err(config_error)? as u32;
    }
    if let Some(v) = num(&s, "maxBytes", "queue.maxBytes")? {
        q.max_bytes = whole("queue.maxBytes", v, 0, (1u64 << 53) - 1).map_err(config_error)?;
    }
    if let Some(v) = opt::<String>(&s, "overflow", "queue.overflow", "a string")? {
        q.overflow = Overflow::parse(&v).map_err(config_error)?;
    }
    Ok(q)
}

fn url_source(first: &JsValue, option: Option<JsValue>, secure_only: bool) -> Result<UrlSource, JsValue> {
    let v = match (absent(first), option) {
        (false, Some(_)) => {
            return Err(type_error("heartsocket: give the URL once: as the first argument or as option 'url', not both"))
        }
        (false, None) => first.clone(),
        (true, Some(v)) => v,
        (true, None) => return Err(type_error("heartsocket: a URL is required (a string or a function returning one)")),
    };
    if let Some(s) = v.as_string() {
        check_url(&s, secure_only)?;
        return Ok(UrlSource::Fixed(s));
    }
    Ok(UrlSource::Func(func(v, "url", "a string or a function () => string | Promise<string>")?))
}

fn protocols(o: &JsValue) -> Result<JsValue, JsValue> {
    let Some(v) = get(o, "protocols") else { return Ok(JsValue::UNDEFINED) };
    let list = if let Some(s) = v.as_string() {
        vec![s]
    } else {
        typed::<Vec<String>>(&v, "protocols", "a string or an array of strings")?
    };
    check_protocols(&list)?;
    Ok(v)
}

fn open_message(o: &JsValue) -> Result<Option<OpenMessage>, JsValue> {
    match get(o, "openMessage") {
        None => Ok(None),
        Some(v) if v.is_function() => Ok(Some(OpenMessage::Func(v.unchecked_into()))),
        Some(v) => JsPayload::from_user(v, "option 'openMessage'").map(|p| Some(OpenMessage::Value(p))),
    }
}

fn ctor(o: &JsValue) -> Result<Function, JsValue> {
    if let Some(v) = get(o, "WebSocket") {
        return func(v, "WebSocket", "a WebSocket constructor");
    }
    match Reflect::get(&js_sys::global(), &JsValue::from_str("WebSocket")) {
        Ok(f) if f.is_function() => Ok(f.unchecked_into()),
        _ => Err(type_error(
            "heartsocket: this runtime has no global WebSocket: pass option 'WebSocket' (Node's ws, a mini-program facade)",
        )),
    }
}

