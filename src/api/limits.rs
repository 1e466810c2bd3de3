//! `maxMessageSize`: an incoming message larger than the limit is never delivered; the link is
//! closed and reported to the user as closed with 1009 ("message too big"), then the reconnect
//! policy applies as for any loss (`stopOnCodes: [1009]` makes it final).
//!
//! Why not simply `socket.close(1009)`: browsers only let scripts send 1000 or 3000–4999 (any
//! other code throws). So the socket is closed with [`WIRE_CODE`] and, when its close arrives,
//! the close is reported as 1009. Going through the socket's own close (rather than telling the
//! core at once) keeps the reconnect lock: the core opens no new socket before this one is gone.
//!
//! The size is judged without copying the message into wasm memory when it can be: a string's
//! UTF-16 length bounds its UTF-8 size from both sides (×1 and ×3), so the exact UTF-8 length is
//! only computed when the message is near the limit.

use core::cell::Cell;

use wasm_bindgen::prelude::*;

use super::events::{event, Kind};
use crate::core::Generation;

/// Close code reported to the user (RFC 6455 "message too big").
pub const TOO_BIG_CODE: u16 = 1009;
/// Close reason reported to the user and sent on the wire.
pub const TOO_BIG_REASON: &str = "message too big";
/// Close code sent on the wire: an application code a browser accepts, meaning 1009.
pub const WIRE_CODE: u16 = 4009;

/// The limit of one instance and the socket it is closing for a too-big message, if any.
pub struct MessageLimit {
    /// Largest message delivered, in bytes.
    pub max_bytes: u64,
    /// The socket being closed for a too-big message: its messages are ignored from then on,
    /// and its close is reported as 1009.
    refused: Cell<Option<Generation>>,
}

impl MessageLimit {
    /// A limit of `max_bytes` (option `maxMessageSize`, checked by `options.js`: a whole number
    /// of bytes from 1 to 2^53 − 1; absent, `null` or `Infinity` mean no limit).
    pub fn new(max_bytes: u64) -> Self {
        Self { max_bytes, refused: Cell::new(None) }
    }
}

/// What to do with an incoming message under the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Within the limit: deliver it.
    Deliver,
    /// Its socket is already being closed for a message that was too big: ignore it.
    Ignore,
    /// Too big (`size` bytes, or a lower bound of it): close socket `g` with [`WIRE_CODE`] and
    /// [`TOO_BIG_REASON`]; its close will be reported as 1009.
    TooBig {
        /// The message's size in bytes (or a lower bound of it).
        size: u64,
    },
}

impl MessageLimit {
    /// Called for every incoming message on socket `g` before anything else.
    pub fn check(&self, g: Generation, data: &JsValue) -> Check {
        if self.refused.get() == Some(g) {
            return Check::Ignore;
        }
        match too_big(data, self.max_bytes) {
            None => Check::Deliver,
            Some(size) => {
                self.refused.set(Some(g));
                Check::TooBig { size }
            }
        }
    }

    /// The close event to report for socket `g`: a 1009 event if it was closed for a too-big
    /// message, else the socket's own event.
    pub fn close_event(&self, g: Generation, original: JsValue) -> JsValue {
        if self.refused.get() != Some(g) {
            return original;
        }
        self.refused.set(None);
        event(
            Kind::Close,
            &[
                ("code", JsValue::from_f64(TOO_BIG_CODE.into())),
                ("reason", JsValue::from_str(TOO_BIG_REASON)),
                ("wasClean", JsValue::FALSE),
            ],
        )
    }
}

#[wasm_bindgen(module = "/src/api/options.js")]
extern "C" {
    /// The size of `data` (UTF-8 bytes for text, or a lower bound of it) if it is larger than
    /// `max` bytes, else -1; judged without copying the message into wasm memory.
    #[wasm_bindgen(js_name = sizeOver)]
    fn size_over(data: &JsValue, max: f64) -> f64;
}

/// `Some(size)` (in bytes, or a lower bound of it) when `data` is larger than `max` bytes.
fn too_big(data: &JsValue, max: u64) -> Option<u64> {
    let size = size_over(data, max as f64);
    (size >= 0.0).then_some(size as u64)
}
