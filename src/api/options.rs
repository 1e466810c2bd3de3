//! The options object of `new WebSocketClass(url, onMessage, nameOrOptions)`, parsed and
//! checked at once: unknown keys (with a "did you mean"), wrong types (`TypeError`), numbers out
//! of range (`RangeError`, via the core's [`Config::validate`]) and bad URLs (`SyntaxError`).
//!
//! Plain values are read one field at a time, so every error names its option path; functions
//! and binary values are taken as JS values.

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::read::{
    absent, array, boolean, check_keys, config_message, func, get, is_plain_object, num, section_type, string, wrong_type,
};
use super::text::cat;
use super::validate::{check_protocols, check_url, range_error, type_error};
use crate::core::config::{delay_ms, real, whole};
use crate::core::{Config, ConfigError, HeartbeatConfig, Overflow, PongMatcher, QueueConfig};
use crate::host::js::prop;
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
const HEARTBEAT: [&str; 5] =
    ["heartbeat.interval", "heartbeat.timeout", "heartbeat.message", "heartbeat.pong", "heartbeat.resetOnMessage"];
const RECONNECT: [&str; 9] = [
    "reconnect.minDelay", "reconnect.maxDelay", "reconnect.factor", "reconnect.jitter", "reconnect.maxRetries",
    "reconnect.connectTimeout", "reconnect.minUptime", "reconnect.stopOnCodes", "reconnect.shouldReconnect",
];
const QUEUE: [&str; 3] = ["queue.maxMessages", "queue.maxBytes", "queue.overflow"];

/// Parses the constructor's `url` and third argument.
///
/// The options are written one by one into a default [`Options`]: an error then drops one
/// struct, where building it in one expression made every `?` drop the fields read so far
/// (a copy of the drop code per option: ~10 KB of wasm).
#[inline(never)]
pub fn parse(url: &JsValue, name_or_options: &JsValue) -> Result<Options, JsValue> {
    let mut opts = Options {
        name: String::new(),
        url: UrlSource::Fixed(String::new()),
        protocols: JsValue::UNDEFINED,
        binary_type: None,
        auto_connect: false,
        open_message: None,
        ping: JsPayload::text(""),
        pong: Pong::Off,
        should_reconnect: None,
        ctor: JsValue::UNDEFINED.unchecked_into(),
        secure_only: false,
        debug: DebugSink::Off,
        lifecycle: LifecycleOpt::Default,
        max_message: None,
        config: Config::default(),
    };
    fill(&mut opts, url, name_or_options)?;
    Ok(opts)
}

fn fill(opts: &mut Options, url: &JsValue, name_or_options: &JsValue) -> Result<(), JsValue> {
    let empty: JsValue = Object::new().into();
    let o = if let Some(name) = name_or_options.as_string() {
        opts.name = name;
        &empty
    } else if absent(name_or_options) {
        &empty
    } else if is_plain_object(name_or_options) {
        check_keys(name_or_options, &TOP, "")?;
        name_or_options
    } else {
        return Err(type_error(&cat(&[
            "heartsocket: the third argument must be a name (string) or an options object, got ",
            &describe(name_or_options),
        ])));
    };
    if !name_or_options.is_string() {
        opts.name = string(o, "name", "a string")?.unwrap_or_else(|| "default".into());
    }
    opts.secure_only = boolean(o, "secureOnly")?.unwrap_or(false);
    heartbeat(o, opts)?;
    reconnect(o, opts)?;
    opts.config.queue = queue(o)?;
    opts.config.validate().map_err(config_error)?;
    opts.url = url_source(url, get(o, "url"), opts.secure_only)?;
    opts.protocols = protocols(o)?;
    if let Some(b) = string(o, "binaryType", BINARY_TYPES)? {
        opts.binary_type = Some(binary_type(&b)?);
    }
    opts.auto_connect = boolean(o, "autoConnect")?.unwrap_or(false);
    opts.open_message = open_message(o)?;
    opts.ctor = ctor(o)?;
    opts.debug = match get(o, "debug") {
        None => DebugSink::Off,
        Some(v) if v.as_bool() == Some(false) => DebugSink::Off,
        Some(v) if v.as_bool() == Some(true) => DebugSink::Console,
        Some(v) => DebugSink::Func(func(v, "debug", "true, false or a function (line) => void")?),
    };
    opts.lifecycle = match get(o, "lifecycle") {
        None => LifecycleOpt::Default,
        Some(v) if v.as_bool() == Some(false) => LifecycleOpt::Off,
        Some(v) => LifecycleOpt::Provider(func(v, "lifecycle", "false or a function (notify) => unsubscribe")?),
    };
    opts.max_message = super::limits::parse(o)?;
    Ok(())
}

const BINARY_TYPES: &str = "\"blob\" or \"arraybuffer\"";

/// Checks a `binaryType` value.
pub fn binary_type(b: &str) -> Result<&'static str, JsValue> {
    match b {
        "blob" => Ok("blob"),
        "arraybuffer" => Ok("arraybuffer"),
        _ => Err(type_error(&cat(&["heartsocket: binaryType must be ", BINARY_TYPES, ", got \"", b, "\""]))),
    }
}

/// A core [`ConfigError`] as the browser would throw it.
#[inline(never)]
pub fn config_error(e: ConfigError) -> JsValue {
    let msg = config_message(&e);
    if e.is_range() {
        range_error(&msg)
    } else {
        type_error(&msg)
    }
}

/// A section (`heartbeat`, `reconnect`) given as `true`/`false`/absent (`Ok(None)` plus that
/// boolean, absent being `true`) or as an object, its keys checked.
fn section(o: &JsValue, path: &str, allowed: &[&str], prefix: &str) -> Result<(Option<JsValue>, bool), JsValue> {
    match get(o, path) {
        None => Ok((None, true)),
        Some(v) if v.as_bool().is_some() => Ok((None, v.is_truthy())),
        Some(v) if is_plain_object(&v) => {
            check_keys(&v, allowed, prefix)?;
            Ok((Some(v), true))
        }
        Some(v) => Err(section_type(path, &v)),
    }
}

/// A delay option (`whole`, from `min` to the largest timer delay), if given.
#[inline(never)]
fn delay(s: &JsValue, path: &'static str, min: u32) -> Result<Option<u32>, JsValue> {
    match num(s, path)? {
        None => Ok(None),
        Some(v) => delay_ms(path, v, min).map(Some).map_err(config_error),
    }
}

fn heartbeat(o: &JsValue, opts: &mut Options) -> Result<(), JsValue> {
    let (section, on) = section(o, "heartbeat", &HEARTBEAT, "heartbeat.")?;
    if !on {
        opts.config.heartbeat = None;
        opts.ping = JsPayload::text("ping");
        return Ok(());
    }
    let h = opts.config.heartbeat.get_or_insert_with(HeartbeatConfig::default);
    opts.pong = Pong::Exact(JsValue::from_str("pong"));
    if let Some(s) = &section {
        if let Some(v) = delay(s, "heartbeat.interval", 1)? {
            h.interval_ms = v;
        }
        if let Some(v) = delay(s, "heartbeat.timeout", 1)? {
            h.timeout_ms = v;
        }
        if let Some(m) = string(s, "heartbeat.message", "a string")? {
            h.message = m;
        }
        if let Some(v) = boolean(s, "heartbeat.resetOnMessage")? {
            h.reset_on_message = v;
        }
        match get(s, "pong") {
            None => {}
            Some(p) if p.is_string() => {
                h.pong = PongMatcher::Exact(p.as_string().unwrap_or_default());
                opts.pong = Pong::Exact(p);
            }
            Some(p) => {
                h.pong = PongMatcher::Predicate;
                opts.pong = Pong::Predicate(func(p, "heartbeat.pong", "a string or a function (data) => boolean")?);
            }
        }
    }
    opts.ping = JsPayload::text(&h.message);
    Ok(())
}

fn reconnect(o: &JsValue, opts: &mut Options) -> Result<(), JsValue> {
    let s = match section(o, "reconnect", &RECONNECT, "reconnect.")? {
        (_, false) => {
            opts.config.reconnect = None;
            return Ok(());
        }
        (None, true) => return Ok(()),
        (Some(s), true) => s,
    };
    let Some(r) = opts.config.reconnect.as_mut() else { return Ok(()) };
    let c = config_error;
    if let Some(v) = delay(&s, "reconnect.minDelay", 0)? {
        r.min_delay_ms = v;
    }
    if let Some(v) = delay(&s, "reconnect.maxDelay", 0)? {
        r.max_delay_ms = v;
    }
    if let Some(v) = num(&s, "reconnect.factor")? {
        r.factor = real("reconnect.factor", v, 1.0, 100.0).map_err(c)?;
    }
    if let Some(v) = num(&s, "reconnect.jitter")? {
        r.jitter = real("reconnect.jitter", v, 0.0, 1.0).map_err(c)?;
    }
    if let Some(v) = num(&s, "reconnect.maxRetries")? {
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
        Some(_) => r.connect_timeout_ms = delay(&s, "reconnect.connectTimeout", 1)?,
    }
    if let Some(v) = delay(&s, "reconnect.minUptime", 0)? {
        r.min_uptime_ms = v;
    }
    if let Some(v) = get(&s, "stopOnCodes") {
        let codes = array(&v, JsValue::as_f64)
            .ok_or_else(|| wrong_type("reconnect.stopOnCodes", "an array of close codes", &v))?;
        r.stop_on_codes = codes
            .into_iter()
            .map(|v| whole("reconnect.stopOnCodes", v, 1000, 4999).map(|v| v as u16))
            .collect::<Result<_, _>>()
            .map_err(c)?;
    }
    if let Some(f) = get(&s, "shouldReconnect") {
        opts.should_reconnect = Some(func(f, "reconnect.shouldReconnect", "a function (closeEvent) => boolean")?);
    }
    Ok(())
}

fn queue(o: &JsValue) -> Result<QueueConfig, JsValue> {
    let mut q = QueueConfig::default();
    let Some(s) = get(o, "queue") else { return Ok(q) };
    if !is_plain_object(&s) {
        return Err(wrong_type("queue", "an object {maxMessages, maxBytes, overflow}", &s));
    }
    check_keys(&s, &QUEUE, "queue.")?;
    if let Some(v) = num(&s, "queue.maxMessages")? {
        q.max_messages = whole("queue.maxMessages", v, 0, u64::from(u32::MAX)).map_err(config_error)? as u32;
    }
    if let Some(v) = num(&s, "queue.maxBytes")? {
        q.max_bytes = whole("queue.maxBytes", v, 0, (1u64 << 53) - 1).map_err(config_error)?;
    }
    if let Some(v) = string(&s, "queue.overflow", "a string")? {
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
    let list = match v.as_string() {
        Some(s) => vec![s],
        None => array(&v, JsValue::as_string)
            .ok_or_else(|| wrong_type("protocols", "a string or an array of strings", &v))?,
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
    match prop(&js_sys::global(), "WebSocket") {
        f if f.is_function() => Ok(f.unchecked_into()),
        _ => Err(type_error(
            "heartsocket: this runtime has no global WebSocket: pass option 'WebSocket' (Node's ws, a mini-program facade)",
        )),
    }
}
