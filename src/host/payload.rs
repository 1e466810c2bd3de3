//! A user message as the core sees it: a JS value it never looks into, plus its size.

use core::cell::Cell;
use core::fmt;

use js_sys::ArrayBuffer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js::prop;
use crate::core::Payload;

/// A message to send: the caller's JS value, handed to `socket.send` untouched.
///
/// The byte size only matters when the message waits in the outbox, so for strings it is
/// computed on first use (that costs a copy into wasm memory) and cached; sends on an open
/// link never pay for it.
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
        match binary_len(&value) {
            Some(n) => Ok(Self { value, bytes: Cell::new(Some(n)) }),
            None => Err(js_sys::TypeError::new(&crate::api::text::cat(&[
                "heartsocket: ",
                what,
                " takes a string, ArrayBuffer, ArrayBufferView or Blob, got ",
                &describe(&value),
            ]))
            .into()),
        }
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
        // UTF-8 length of a JS string: one copy, only for messages that wait in the outbox.
        let n = self.value.as_string().map_or(0, |s| s.len() as u64);
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

/// Byte size of an ArrayBuffer, a view on one, or a Blob; `None` for anything else.
fn binary_len(value: &JsValue) -> Option<u64> {
    if !value.is_object() {
        return None;
    }
    if let Some(buf) = value.dyn_ref::<ArrayBuffer>() {
        return Some(u64::from(buf.byte_length()));
    }
    if ArrayBuffer::is_view(value) {
        return number_prop(value, "byteLength");
    }
    // `instanceof Blob` answers false (not a throw) where Blob does not exist.
    if value.is_instance_of::<web_sys::Blob>() {
        return number_prop(value, "size");
    }
    None
}

fn number_prop(value: &JsValue, key: &str) -> Option<u64> {
    let n = prop(value, key).as_f64()?;
    (n >= 0.0 && n.is_finite()).then_some(n as u64)
}

/// A short description of a JS value for error messages (its type, never its content).
pub fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if value.is_array() {
        return "an array".into();
    }
    let t = value.js_typeof().as_string().unwrap_or_default();
    if t == "object" {
        let ctor = prop(&prop(value, "constructor"), "name").as_string().unwrap_or_default();
        if !ctor.is_empty() && ctor != "Object" {
            return crate::api::text::cat(&["an object of class ", &ctor]);
        }
        return "a plain object".into();
    }
    t
}
