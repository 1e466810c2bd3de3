//! Configuration of the connection core: defaults, and validation that names the option.
//!
//! Option names in errors are the JS names (`heartbeat.interval`, `reconnect.maxDelay`…) because
//! that is what a user typed; the wasm layer turns a [`ConfigError`] into a `RangeError` or
//! `TypeError` carrying [`ConfigError`]'s `Display` text unchanged.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use alloc::format;
use core::fmt;

/// Largest delay a host timer accepts (`setTimeout` clamps above 2^31 − 1 ms to 0: a bug, not a wait).
pub const MAX_DELAY_MS: u32 = 2_147_483_647;

/// Everything the core needs to decide; hosts build it from user options.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Heartbeat settings; `None` turns the heartbeat off.
    pub heartbeat: Option<HeartbeatConfig>,
    /// Reconnect settings; `None` turns reconnecting off (a lost link ends in `Close` + `GiveUp`).
    pub reconnect: Option<ReconnectConfig>,
    /// Bounds of the outbox that holds sends made while the link is down.
    pub queue: QueueConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            heartbeat: Some(HeartbeatConfig::default()),
            reconnect: Some(ReconnectConfig::default()),
            queue: QueueConfig::default(),
        }
    }
}

/// How a heartbeat reply is recognised. The core never sees message bytes: the host applies
/// this matcher (length first, then content) and reports `is_pong` with each message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PongMatcher {
    /// A text message equal to this string is the reply.
    Exact(String),
    /// A caller-supplied predicate decides; the host calls it and reports the verdict.
    Predicate,
}

/// Heartbeat: a ping after `interval_ms` of silence, the link declared dead when no reply
/// (or, with `reset_on_message`, no message at all) came within `timeout_ms` of the ping.
#[derive(Clone, Debug, PartialEq)]
pub struct HeartbeatConfig {
    /// Quiet time before a ping is sent (`heartbeat.interval`, default 5000 ms).
    pub interval_ms: u32,
    /// Time allowed for the reply (`heartbeat.timeout`, default 3000 ms).
    pub timeout_ms: u32,
    /// The ping's text (`heartbeat.message`, default `"ping"`); the host sends it.
    pub message: String,
    /// How the reply is recognised (`heartbeat.pong`, default exact `"pong"`).
    pub pong: PongMatcher,
    /// Any incoming message proves the link alive and pushes the next ping back
    /// (`heartbeat.resetOnMessage`, default true).
    pub reset_on_message: bool,
}

impl Default for HeartbeatConfig {
    fn default() -> Self {
        Self {
            interval_ms: 5000,
            timeout_ms: 3000,
            message: "ping".into(),
            pong: PongMatcher::Exact("pong".into()),
            reset_on_message: true,
        }
    }
}

/// Reconnect policy: exponential backoff with jitter, bounded retries, connect timeout.
#[derive(Clone, Debug, PartialEq)]
pub struct ReconnectConfig {
    /// First delay (`reconnect.minDelay`, default 1000 ms); also the floor after jitter.
    pub min_delay_ms: u32,
    /// Cap (`reconnect.maxDelay`, default 30000 ms).
    pub max_delay_ms: u32,
    /// Growth per attempt (`reconnect.factor`, default 2, in 1..=100).
    pub factor: f64,
    /// Fraction of the delay randomly taken off, drawn afresh per attempt
    /// (`reconnect.jitter`, default 0.5, in 0..=1).
    pub jitter: f64,
    /// Attempts before giving up (`reconnect.maxRetries`, default `None` = unbounded).
    pub max_retries: Option<u32>,
    /// A socket not open after this long is abandoned (`reconnect.connectTimeout`, default
    /// 10000 ms; `None` = wait for the host).
    pub connect_timeout_ms: Option<u32>,
    /// The attempt counter resets only after the link stayed open this long
    /// (`reconnect.minUptime`, default 5000 ms).
    pub min_uptime_ms: u32,
    /// Close codes after which the core gives up instead of reconnecting (`reconnect.stopOnCodes`).
    pub stop_on_codes: Vec<u16>,
}

impl Default for ReconnectConfig {
    fn default() -> Self {
        Self {
            min_delay_ms: 1000,
            max_delay_ms: 30_000,
            factor: 2.0,
            jitter: 0.5,
            max_retries: None,
            connect_timeout_ms: Some(10_000),
            min_uptime_ms: 5000,
            stop_on_codes: Vec::new(),
        }
    }
}

/// What the outbox does when a send would exceed its bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overflow {
    /// Refuse the new message: `send` returns an error the host throws (`"error"`, the default).
    Error,
    /// Evict the oldest queued messages, each reported in a `Drop` event (`"drop-oldest"`).
    DropOldest,
    /// Refuse the new message, reported in a `Drop` event (`"drop-newest"`).
    DropNewest,
}

impl Overflow {
    /// The JS spellings, in the order the error message lists them.
    pub const NAMES: [&'static str; 3] = ["error", "drop-oldest", "drop-newest"];

    /// Parses the JS spelling.
    pub fn parse(s: &str) -> Result<Self, ConfigError> {
        match s {
            "error" => Ok(Self::Error),
            "drop-oldest" => Ok(Self::DropOldest),
            "drop-newest" => Ok(Self::DropNewest),
            _ => Err(ConfigError::UnknownVariant {
                option: "queue.overflow",
                value: s.to_owned(),
                allowed: &Self::NAMES,
            }),
        }
    }
}

/// Bounds of the outbox and the in-flight list together, and what a dead link's unconfirmed
/// messages become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueConfig {
    /// At most this many messages wait (`queue.maxMessages`, default 1000; 0 = no queue).
    pub max_messages: u32,
    /// At most this many bytes wait (`queue.maxBytes`, default 1 MiB).
    pub max_bytes: u64,
    /// What to do beyond the bounds (`queue.overflow`, default `"error"`).
    pub overflow: Overflow,
    /// What becomes of messages a dead link never confirmed (`queue.resend`, default false):
    /// `false` reports each in a `Drop` with [`crate::core::DropReason::Unconfirmed`]; `true`
    /// puts them back at the head of the outbox for the next link (at-least-once).
    pub resend: bool,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self { max_messages: 1000, max_bytes: 1 << 20, overflow: Overflow::Error, resend: false }
    }
}

/// A configuration value out of its allowed range, of the wrong kind, or inconsistent.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfigError {
    /// A number outside `[min, max]` (NaN and infinities included).
    OutOfRange {
        /// JS option path, e.g. `heartbeat.interval`.
        option: &'static str,
        /// The value given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// A number that must be whole but is not.
    NotInteger {
        /// JS option path.
        option: &'static str,
        /// The value given.
        value: f64,
    },
    /// Two options that contradict each other, e.g. `maxDelay` < `minDelay`.
    Inconsistent {
        /// The option reported.
        option: &'static str,
        /// What it must satisfy, in words.
        rule: &'static str,
    },
    /// A string outside the allowed set.
    UnknownVariant {
        /// JS option path.
        option: &'static str,
        /// The value given.
        value: String,
        /// The allowed spellings.
        allowed: &'static [&'static str],
    },
}

impl ConfigError {
    /// True when the browser would throw a `RangeError` (numbers); false for `TypeError`-like errors.
    pub fn is_range(&self) -> bool {
        matches!(self, Self::OutOfRange { .. } | Self::NotInteger { .. } | Self::Inconsistent { .. })
    }

    /// The JS option path the error is about.
    pub fn option(&self) -> &'static str {
        match self {
            Self::OutOfRange { option, .. }
            | Self::NotInteger { option, .. }
            | Self::Inconsistent { option, .. }
            | Self::UnknownVariant { option, .. } => option,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange { option, value, min, max } => {
                write!(f, "heartsocket: option '{option}' must be a number from {min} to {max}, got {value}")
            }
            Self::NotInteger { option, value } => {
                write!(f, "heartsocket: option '{option}' must be a whole number, got {value}")
            }
            Self::Inconsistent { option, rule } => write!(f, "heartsocket: option '{option}' {rule}"),
            Self::UnknownVariant { option, value, allowed } => write!(
                f,
                "heartsocket: option '{option}' must be one of {}, got \"{value}\"",
                allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl core::error::Error for ConfigError {}

/// Checks that `value` is a whole number in `[min, max]` and returns it as `u64`.
pub fn whole(option: &'static str, value: f64, min: u64, max: u64) -> Result<u64, ConfigError> {
    if !(value >= min as f64 && value <= max as f64) {
        return Err(ConfigError::OutOfRange { option, value, min: min as f64, max: max as f64 });
    }
    // `fract` is std-only; `value` is finite and in `[0, 2^64)` here, so the cast truncates it.
    if value as u64 as f64 != value {
        return Err(ConfigError::NotInteger { option, value });
    }
    Ok(value as u64)
}

/// Checks a delay in milliseconds: whole, in `[min, MAX_DELAY_MS]`.
pub fn delay_ms(option: &'static str, value: f64, min: u32) -> Result<u32, ConfigError> {
    // The cast cannot truncate: `whole` bounded the value by MAX_DELAY_MS.
    whole(option, value, u64::from(min), u64::from(MAX_DELAY_MS)).map(|v| v as u32)
}

/// Checks a real number in `[min, max]` (finite by construction of the range).
pub fn real(option: &'static str, value: f64, min: f64, max: f64) -> Result<f64, ConfigError> {
    if value >= min && value <= max {
        Ok(value)
    } else {
        Err(ConfigError::OutOfRange { option, value, min, max })
    }
}

impl Config {
    /// Checks every field and the rules between fields. Builders that went through
    /// [`whole`]/[`delay_ms`]/[`real`] still call this for the cross-field rules.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(h) = &self.heartbeat {
            delay_ms("heartbeat.interval", f64::from(h.interval_ms), 1)?;
            delay_ms("heartbeat.timeout", f64::from(h.timeout_ms), 1)?;
            if h.message.is_empty() {
                return Err(ConfigError::Inconsistent {
                    option: "heartbeat.message",
                    rule: "must be a non-empty string",
                });
            }
            if matches!(&h.pong, PongMatcher::Exact(s) if s.is_empty()) {
                return Err(ConfigError::Inconsistent {
                    option: "heartbeat.pong",
                    rule: "must be a non-empty string or a function (data) => boolean",
                });
            }
        }
        if let Some(r) = &self.reconnect {
            delay_ms("reconnect.minDelay", f64::from(r.min_delay_ms), 0)?;
            delay_ms("reconnect.maxDelay", f64::from(r.max_delay_ms), 0)?;
            if r.max_delay_ms < r.min_delay_ms {
                return Err(ConfigError::Inconsistent {
                    option: "reconnect.maxDelay",
                    rule: "must be greater than or equal to reconnect.minDelay",
                });
            }
            real("reconnect.factor", r.factor, 1.0, 100.0)?;
            real("reconnect.jitter", r.jitter, 0.0, 1.0)?;
            if let Some(t) = r.connect_timeout_ms {
                delay_ms("reconnect.connectTimeout", f64::from(t), 1)?;
            }
            delay_ms("reconnect.minUptime", f64::from(r.min_uptime_ms), 0)?;
            for &code in &r.stop_on_codes {
                whole("reconnect.stopOnCodes", f64::from(code), 1000, 4999)?;
            }
        }
        Ok(())
    }
}
