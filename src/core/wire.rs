//! The one value the wasm export (src/wasm/exports.rs) reads from a host and converts for the
//! core, by plain Rust: a close event's code. Pure, so `tests/core_fuzz.rs` drives it with every
//! f64 bit pattern; the JS-side conversions (WebIDL's DOMString, the option checks, event types)
//! are in `src/api/options.js` and `src/api/events.js`.

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
