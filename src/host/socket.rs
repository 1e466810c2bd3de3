//! The duck-typed JS socket and the per-socket bundle of handler closures.
//!
//! One structural binding drives anything shaped like a W3C `WebSocket`: the browser's, Node's
//! `ws`, or a mini-program facade. The closures attached to a socket live in its
//! [`SocketEntry`]; releasing the entry detaches the handlers (`onopen = null` …) and drops the
//! closures, so nothing is leaked per connection. The closures only hold a `Weak` reference to
//! the driver: an instance nobody references can still be collected.

use alloc::collections::VecDeque;
use alloc::rc::Weak;
use alloc::string::String;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::counts::{Kind, Live};
use super::js::{prop, set, try_set};
use super::payload::JsPayload;
use crate::core::{Generation, Seq};

#[wasm_bindgen]
extern "C" {
    /// Anything shaped like a W3C `WebSocket`.
    #[derive(Clone, Debug)]
    pub type Socket;

    /// `send(data)`; a throw means the message was not taken.
    #[wasm_bindgen(method, structural, catch)]
    pub fn send(this: &Socket, data: &JsValue) -> Result<(), JsValue>;
    /// `close(code, reason)`.
    #[wasm_bindgen(method, structural, catch)]
    pub fn close(this: &Socket, code: u16, reason: &str) -> Result<(), JsValue>;

    /// Anything shaped like the events a socket hands its handlers.
    pub type SocketEvent;

    /// `event.data`. Not `catch`: the try/catch wrapper costs more than the rest of the getter
    /// on the hottest path; every host passes an event object (see the message handler).
    #[wasm_bindgen(method, structural, getter)]
    pub fn data(this: &SocketEvent) -> JsValue;
}

// The socket's properties are read and written through `host::js` (`Reflect`, whose throws come
// back as values): a socket is user-supplied (option `WebSocket`), and a throwing getter or setter
// reached through a plain wasm-bindgen import unwound through the Rust frames, leaving the
// instance's borrows held for good (the public-surface fuzzer's hostile socket classes found it).
impl Socket {
    /// `readyState` (a number on every known host), `undefined` if reading it throws.
    pub fn ready_state(&self) -> JsValue {
        prop(self, "readyState")
    }
    /// `binaryType`.
    pub fn binary_type(&self) -> JsValue {
        prop(self, "binaryType")
    }
    /// Sets `binaryType` (a refusal is ignored: the socket keeps its own).
    pub fn set_binary_type(&self, value: &str) {
        set(self, "binaryType", &JsValue::from_str(value));
    }
    /// `bufferedAmount`.
    pub fn buffered_amount(&self) -> JsValue {
        prop(self, "bufferedAmount")
    }
    /// `protocol` (the subprotocol the server chose).
    pub fn protocol(&self) -> JsValue {
        prop(self, "protocol")
    }
    /// `reportsSendResults`: `true` on hosts whose `send` completes asynchronously and reports
    /// each outcome through `onsendresult(ok, errMsg)` (the mini-program facades).
    pub fn reports_send_results(&self) -> JsValue {
        prop(self, "reportsSendResults")
    }
}

/// `WebSocket.CLOSING`: a socket at or past this state needs no `close()` call.
pub const CLOSING: f64 = 2.0;
/// `readyState` of a socket still opening.
pub const CONNECTING: f64 = 0.0;

/// What a socket reports, routed to the driver that owns it.
pub trait SocketSink {
    /// `onopen`.
    fn on_open(&self, generation: Generation, event: JsValue);
    /// `onmessage`, with the event's `data` already read.
    fn on_message(&self, generation: Generation, event: JsValue, data: JsValue);
    /// `onclose`.
    fn on_close(&self, generation: Generation, event: JsValue);
    /// `onerror`.
    fn on_error(&self, generation: Generation, event: JsValue);
    /// `onsendresult(ok, errMsg)`, on hosts that report send results.
    fn on_send_result(&self, generation: Generation, ok: bool, err: JsValue);
}

/// The one-argument closure type.
pub type Handler = Closure<dyn FnMut(JsValue)>;

/// The two-argument closure type; the URL promise callback (sockets.rs) has the same type.
type Handler2 = Closure<dyn FnMut(JsValue, JsValue)>;

// Two closure types in all (this one-argument `Handler`, also used by the timer and the
// lifecycle listeners, and `Handler2`): each type costs its own JS-callable shim, drop glue
// and glue wrapper.
struct Handlers {
    open: Handler,
    message: Handler,
    close: Handler,
    error: Handler,
    send_result: Option<Handler2>,
    /// Counts the closures above (4 or 5).
    _live: Live,
}

/// One socket generation: the JS socket (once created) and its handler closures.
pub struct SocketEntry {
    /// The core's number for this socket.
    pub generation: Generation,
    socket: Option<Socket>,
    handlers: Option<Handlers>,
    /// Sends awaiting their `onsendresult`, in order (only on hosts that report them).
    pub pending_sends: Option<VecDeque<(Seq, JsPayload)>>,
    /// The core asked to close before the socket existed: it must never be created.
    pub abandoned: bool,
    /// The close the core asked for while the socket was still connecting, done when it opens.
    close_on_open: Option<(u16, String)>,
    /// The core closed this socket while it was connecting (its close is reported as 1006).
    pub closed_while_connecting: bool,
    _live: Live,
}

impl SocketEntry {
    /// A slot for a socket the core asked for, not created yet (its URL may still be resolving).
    pub fn pending(generation: Generation) -> Self {
        Self {
            _live: Live::new(Kind::Sockets, 1),
            generation,
            socket: None,
            handlers: None,
            pending_sends: None,
            abandoned: false,
            close_on_open: None,
            closed_while_connecting: false,
        }
    }

    /// Whether the socket still has to be created.
    pub fn is_pending(&self) -> bool {
        self.socket.is_none() && !self.abandoned
    }

    /// The JS socket, once created.
    pub fn socket(&self) -> Option<&Socket> {
        self.socket.as_ref()
    }

    /// Attaches handlers that report to `sink` and stores the socket; a socket that refuses a
    /// handler (a throwing or read-only `on…`) is given none and not stored: the error comes back.
    pub fn attach(&mut self, socket: Socket, sink: Weak<dyn SocketSink>) -> Result<(), JsValue> {
        let g = self.generation;
        let reports = socket.reports_send_results().as_bool() == Some(true);
        let handlers = Handlers {
            open: handler(&sink, g, OPEN),
            message: {
                let sink = sink.clone();
                Closure::new(move |event: JsValue| {
                    // Read before anything is held: if a host ever passed no event object, the
                    // getter's throw would leave no Rc or borrow behind.
                    let data = event.unchecked_ref::<SocketEvent>().data();
                    if let Some(s) = sink.upgrade() {
                        s.on_message(g, event, data);
                    }
                })
            },
            close: handler(&sink, g, CLOSE),
            error: handler(&sink, g, ERROR),
            send_result: reports.then(|| {
                let sink = sink.clone();
                Closure::new(move |ok: JsValue, err: JsValue| {
                    if let Some(s) = sink.upgrade() {
                        s.on_send_result(g, ok.as_bool() != Some(false), err);
                    }
                })
            }),
            _live: Live::new(Kind::Closures, 4 + i32::from(reports)),
        };
        let set_all = || {
            try_set(&socket, "onopen", handlers.open.as_ref())?;
            try_set(&socket, "onmessage", handlers.message.as_ref())?;
            try_set(&socket, "onclose", handlers.close.as_ref())?;
            try_set(&socket, "onerror", handlers.error.as_ref())?;
            if let Some(f) = &handlers.send_result {
                try_set(&socket, "onsendresult", f.as_ref())?;
            }
            Ok(())
        };
        if let Err(e) = set_all() {
            for name in HANDLER_NAMES {
                set(&socket, name, &JsValue::NULL);
            }
            return Err(e);
        }
        if handlers.send_result.is_some() {
            self.pending_sends = Some(VecDeque::new());
        }
        self.handlers = Some(handlers);
        self.socket = Some(socket);
        Ok(())
    }

    /// Closes the socket for the core. One still CONNECTING is closed once it opens (or when it
    /// is released, if it never does): Firefox fires `close` at once for a socket closed while
    /// connecting, yet its handshake may still complete at the server, so the next socket would
    /// overlap it there (docs/RELIABILITY.md, "Engines"). Its close event is reported as a
    /// browser reports a socket closed while connecting: 1006, unclean.
    pub fn close_soon(&mut self, code: u16, reason: &str) {
        if let Some(s) = &self.socket {
            if s.ready_state().as_f64() == Some(CONNECTING) {
                self.close_on_open = Some((code, reason.into()));
                self.closed_while_connecting = true;
                return;
            }
        }
        self.close_if_open(code, reason);
    }

    /// The socket opened: if the core already let it go, its close is due now. Returns the
    /// socket and the close to make (made by the caller once nothing is borrowed).
    pub fn take_close_on_open(&mut self) -> Option<(Socket, u16, String)> {
        let (code, reason) = self.close_on_open.take()?;
        Some((self.socket.clone()?, code, reason))
    }

    /// Calls `close(code, reason)` unless the socket is already closing or closed.
    pub fn close_if_open(&self, code: u16, reason: &str) {
        if let Some(s) = &self.socket {
            if s.ready_state().as_f64().is_none_or(|st| st < CLOSING) {
                // A host that refuses to close will still be released by the core's CloseWait.
                let _ = s.close(code, reason);
            }
        }
    }

    fn detach(&mut self) {
        if let Some(h) = self.handlers.take() {
            if let Some(s) = &self.socket {
                let n = if h.send_result.is_some() { HANDLER_NAMES.len() } else { HANDLER_NAMES.len() - 1 };
                for name in &HANDLER_NAMES[..n] {
                    set(s, name, &JsValue::NULL);
                }
            }
            // Dropping `h` frees (and uncounts) the closures; wasm-bindgen defers the free if one of them is
            // running right now (a release decided inside `onclose`).
        }
    }
}

impl Drop for SocketEntry {
    fn drop(&mut self) {
        // Released while still connecting (CloseWait ran out, or free()): close it now.
        if let Some((code, reason)) = self.close_on_open.take() {
            self.close_if_open(code, &reason);
        }
        self.detach();
    }
}

/// The handler properties the driver sets on a socket (`onsendresult` only on hosts that report).
const HANDLER_NAMES: [&str; 5] = ["onopen", "onmessage", "onclose", "onerror", "onsendresult"];

const OPEN: u8 = 0;
const CLOSE: u8 = 1;
const ERROR: u8 = 2;

/// A handler for `onopen`, `onclose` or `onerror`, told apart by `kind`.
fn handler(sink: &Weak<dyn SocketSink>, g: Generation, kind: u8) -> Handler {
    let sink = sink.clone();
    Closure::new(move |event: JsValue| {
        if let Some(s) = sink.upgrade() {
            match kind {
                OPEN => s.on_open(g, event),
                CLOSE => s.on_close(g, event),
                _ => s.on_error(g, event),
            }
        }
    })
}

#[wasm_bindgen(module = "/src/host/host.js")]
extern "C" {
    /// `new ctor(url, protocols?)`, so any constructor works; a `TypeError` if it returns no object.
    #[wasm_bindgen(catch)]
    pub fn construct(ctor: &Function, url: &str, protocols: &JsValue) -> Result<Socket, JsValue>;
}
