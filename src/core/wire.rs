//! The few values the driver reads from JS and hands to the core, converted by plain Rust: the
//! event type names of `addEventListener` and a host's close code. Pure, so `tests/core_fuzz.rs`
//! drives them with every f64 bit pattern and odd strings; the JS-side conversions (WebIDL's
//! DOMString, the option checks) are in `src/api/options.js`.

/// The event types `WebSocketClass` emits, in the order of the driver's `Kind`.
pub const EVENT_NAMES: [&str; 8] = ["open", "message", "close", "error", "reconnecting", "giveup", "heartbeat", "drop"];

/// The longest event type's length: a longer string is none of them (and is never copied into
/// wasm memory to find out).
pub const MAX_EVENT_NAME_LEN: u32 = {
    let mut max = 0;
    let mut i = 0;
    while i < EVENT_NAMES.len() {
        if EVENT_NAMES[i].len() > max {
            max = EVENT_NAMES[i].len();
        }
        i += 1;
    }
    max as u32
};

/// The index in [`EVENT_NAMES`] of a (DOMString-converted) event type; `None` for any other string.
pub fn event_type(s: &str) -> Option<usize> {
    EVENT_NAMES.iter().position(|n| *n == s)
}

/// A host's close code (a close event's `code`, any JS number or none): a whole number from 0 to
/// 65535 as is; anything else (missing, NaN, ±Infinity, a fraction, out of range) is 1006, the
/// code of a connection that closed abnormally.
pub fn close_code(code: Option<f64>) -> u16 {
    match code {
        // `c as u16 as f64 == c` is the whole-number test without `f64::fract` (std-only).
        Some(c) if (0.0..=65535.0).contains(&c) && c as u16 as f64 == c => c as u16,
        _ => 1006,
    }
}
