//! Input checks that throw at once, typed like the browser's own errors.
//!
//! The checks are done by `options.js` (string work is far smaller in JS than compiled to wasm).

use alloc::string::String;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = checkUrl)]
    fn check_url_js(url: &str, secure_only: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = redact)]
    fn redact_js(url: &str) -> String;
    #[wasm_bindgen(catch, js_name = checkClose)]
    fn check_close(code: &JsValue, reason: &JsValue) -> Result<(), JsValue>;
}

/// A `TypeError` with `msg`.
#[inline(never)]
pub fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

/// A `RangeError` with `msg`.
#[inline(never)]
pub fn range_error(msg: &str) -> JsValue {
    js_sys::RangeError::new(msg).into()
}

/// A `SyntaxError` with `msg`.
#[inline(never)]
pub fn syntax_error(msg: &str) -> JsValue {
    js_sys::SyntaxError::new(msg).into()
}

/// Checks a WebSocket URL: absolute `ws://` or `wss://` (`wss://` only with `secure_only`),
/// a non-empty host, a valid port if any, no fragment, no whitespace. The error is a
/// `SyntaxError` naming the URL with its credentials and tokens redacted.
pub fn check_url(url: &str, secure_only: bool) -> Result<(), JsValue> {
    check_url_js(url, secure_only)
}

/// `url` with credentials (`user:pass@`), secret-looking query values and any fragment
/// replaced by `***`.
pub fn redact(url: &str) -> String {
    redact_js(url)
}

/// Checks `close(code, reason)` arguments like the WHATWG WebSocket: code 1000 or 3000–4999
/// (`RangeError`, the browser's InvalidAccessError), reason at most 123 UTF-8 bytes (`SyntaxError`).
pub fn close_args(code: &JsValue, reason: &JsValue) -> Result<(u16, String), JsValue> {
    check_close(code, reason)?;
    Ok((code.as_f64().map_or(1000, |n| n as u16), reason.as_string().unwrap_or_default()))
}
