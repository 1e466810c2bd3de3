//! Input checks that throw at once, typed like the browser's own errors, and the conversions of
//! the class's arguments, for Rust callers: the shipped class runs these checks in JS before it
//! enters the wasm (`class.js`), the Rust methods of `class.rs` (browser tests) through here,
//! and the driver checks each URL a URL function returns (`check_url`, `redact`).
//!
//! The checks are done by `options.js` (string work is far smaller in JS than compiled to wasm).
//! No export of the class takes a Rust `&str`, `String`, number or `bool`: wasm-bindgen's glue
//! would convert (or, for a string, copy into wasm memory) whatever it is given, unchecked. Every
//! argument arrives as a JS value and is converted here, by the platform's rules (WebIDL), before
//! Rust reads it.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::events::Kind;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    /// Checks a WebSocket URL: absolute `ws://` or `wss://` (`wss://` only with `secure_only`),
    /// a non-empty host, a valid port if any, no fragment, no whitespace. The error is a
    /// `SyntaxError` naming the URL with its credentials and tokens redacted.
    #[wasm_bindgen(catch, js_name = checkUrl)]
    pub fn check_url(url: &str, secure_only: bool) -> Result<(), JsValue>;
    /// `url` with credentials (`user:pass@`), secret-looking query values and any fragment
    /// replaced by `***`.
    #[wasm_bindgen(js_name = redact)]
    pub fn redact(url: &str) -> String;
    /// Checks `close(code, reason)` arguments like the WHATWG WebSocket: code 1000 or 3000–4999
    /// (`RangeError`, the browser's InvalidAccessError), reason at most 123 UTF-8 bytes
    /// (`SyntaxError`).
    #[wasm_bindgen(catch, js_name = checkClose)]
    pub fn check_close(code: &JsValue, reason: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = listenerArgs)]
    fn listener_args_js(
        kind: &JsValue,
        listener: &JsValue,
        options: &JsValue,
        adding: bool,
        max_type: u32,
    ) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_name = binaryType)]
    fn binary_type_js(value: &JsValue) -> Result<JsValue, JsValue>;
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

/// `addEventListener`/`removeEventListener` arguments, converted as `EventTarget` converts them
/// (type to a DOMString, listener an object or null, options read): the event kind (`None` when
/// there is nothing to do: no listener, or a type this class never emits) and `once`.
pub fn listener_args(kind: &JsValue, listener: &JsValue, options: &JsValue, adding: bool) -> Result<(Option<Kind>, bool), JsValue> {
    let r = listener_args_js(kind, listener, options, adding, Kind::MAX_NAME_LEN)?;
    Ok((r.get(0).as_string().as_deref().and_then(Kind::parse), r.get(1).is_truthy()))
}

/// A `binaryType` value (DOMString conversion, then `"blob"` or `"arraybuffer"`, else `TypeError`).
pub fn binary_type(value: &JsValue) -> Result<&'static str, JsValue> {
    let s = binary_type_js(value)?;
    Ok(if s.as_string().as_deref() == Some("arraybuffer") { "arraybuffer" } else { "blob" })
}
