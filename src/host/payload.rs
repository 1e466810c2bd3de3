//! A user message as the core sees it: a JS value it never looks into, plus its size.

use core::cell::Cell;
use core::fmt;

use wasm_bindgen::prelude::*;

use crate::core::Payload;

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    /// Byte size of an ArrayBuffer, a view on one, or a Blob, else a `TypeError` naming `what`.
    #[wasm_bindgen(catch, js_name = payloadSize)]
    fn payload_size(value: &JsValue, what: &str) -> Result<f64, JsValue>;
    /// UTF-8 size of a JS string, measured in JS (no copy into wasm memory).
    #[wasm_bindgen(js_name = utf8Length)]
    fn utf8_length(value: &JsValue) -> f64;
}

/// A message to send: the caller's JS value, handed to `socket.send` untouched.
///
/// For strings the byte size is computed on first use, in JS, and cached.
#[derive(Clone)]
pub struct JsPayload {
    /// The value given to `send` (string, ArrayBuffer, ArrayBufferView or Blob).
    pub value: JsValue,
    bytes: Cell<Option<u64>>,
}

impl JsPayload {
    /// Checks that `value` is something a WebSocket can send; `what` names the call in the
    /// `TypeError` (e.g. `send()`).
    pub fn from_user(value: JsValue, what: &str) -> Result<Self, JsValue> {
        if value.is_string() {
            return Ok(Self { value, bytes: Cell::new(None) });
        }
        // ArrayBuffer, view or Blob: its size; anything else throws the TypeError.
        let n = payload_size(&value, what)?;
        Ok(Self { value, bytes: Cell::new(Some(n as u64)) })
    }

    /// A value class.js already checked (`payloadSize` in options.js): `size` is its byte size,
    /// negative for a string (measured on first use).
    pub fn sized(value: JsValue, size: f64) -> Self {
        Self { value, bytes: Cell::new((size >= 0.0).then_some(size as u64)) }
    }

    /// Wraps a string the driver itself sends (the heartbeat ping).
    pub fn text(s: &str) -> Self {
        Self { value: JsValue::from_str(s), bytes: Cell::new(Some(s.len() as u64)) }
    }
}

impl Payload for JsPayload {
    fn byte_len(&self) -> u64 {
        if let Some(n) = self.bytes.get() {
            return n;
        }
        // Only a string leaves the size unset (`from_user`), so no `is_string()` crossing here:
        // its UTF-8 length, once per message (every sent message is measured: the in-flight
        // list counts against queue.maxBytes).
        let n = utf8_length(&self.value) as u64;
        self.bytes.set(Some(n));
        n
    }
}

impl PartialEq for JsPayload {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl fmt::Debug for JsPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsPayload").field("bytes", &self.bytes.get()).finish_non_exhaustive()
    }
}
