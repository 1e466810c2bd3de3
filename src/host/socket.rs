//! The duck-typed JS socket and the per-socket bundle of handler closures.
//!
//! One structural binding drives anything shaped like a W3C `WebSocket`: the browser's, Node's
//! `ws`, or a mini-program facade. The closures attached to a socket live in its
//! [`SocketEntry`]; releasing the entry detaches the handlers (`onopen = null` …) and drops the
//! closures, so nothing is leaked per connection. The closures only hold a `Weak` reference to
//! the driver: an instance nobody references can still be collected.

use alloc::collections::VecDeque;
use alloc::rc::Weak;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::counts::{self, Kind};
use super::payload::JsPayload;
use crate::core::{Generation, Seq};

#[wasm_bindgen]
extern "C" {
    /// Anything shaped like a W3C `WebSocket`.
    #[derive(Clone, Debug)]
    pub type Socket;

    /// `readyState` (a number on every known host).
    #[wasm_bindgen(method, structural, getter, js_name = readyState)]
    pub fn ready_state(this: &Socket) -> JsValue;
    /// `binaryType`.
    #[wasm_bindgen(method, structural, getter, js_name = binaryType)]
    pub fn binary_type(this: &Socket) -> JsValue;
    /// Sets `binaryType`.
    #[wasm_bindgen(method, structural, setter, js_name = binaryType)]
    pub fn set_binary_type(this: &Socket, value: &str);
    /// `bufferedAmount`.
    #[wasm_bindgen(method, structural, getter, js_name = bufferedAmount)]
    pub fn buffered_amount(this: &Socket) -> JsValue;
    /// `protocol` (the subprotocol the server chose).
    #[wasm_bindgen(method, structural, getter)]
    pub fn protocol(this: &Socket) -> JsValue;
    /// `reportsSendResults`: `true` on hosts whose `send` completes asynchronously and reports
    /// each outcome through `onsendresult(ok, errMsg)` (the mini-program facades).
    #[wasm_bindgen(method, structural, getter, js_name = reportsSendResults)]
    pub fn reports_send_results(this: &Socket) -> JsValue;

    #[wasm_bindgen(method, structural, setter)]
    fn set_onopen(this: &Socket, f: &JsValue);
    #[wasm_bindgen(method, structural, setter)]
    fn set_onmessage(this: &Socket, f: &JsValue);
    #[wasm_bindgen(method, structural, setter)]
    fn set_onclose(this: &Socket, f: &JsValue);
    #[wasm_bindgen(method, structural, setter)]
    fn set_onerror(this: &Socket, f: &JsValue);
    #[wasm_bindgen(method, structural, setter)]
    fn set_onsendresult(this: &Socket, f: &JsValue);

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

/// `WebSocket.CLOSING`: a socket at or past this state needs no `close()` call.
pub const CLOSING: f64 = 2.0;

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
}

impl Handlers {
    fn count(&self) -> i32 {
        4 + i32::from(self.send_result.is_some())
    }
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
}

impl SocketEntry {
    /// A slot for a socket the core asked for, not created yet (its URL may still be resolving).
    pub fn pending(generation: Generation) -> Self {
        counts::inc(Kind::Sockets, 1);
        Self { generation, socket: None, handlers: None, pending_sends: None, abandoned: false }
    }

    /// Whether the socket still has to be created.
    pub fn is_pending(&self) -> bool {
        self.socket.is_none() && !self.abandoned
    }

    /// The JS socket, once created.
    pub fn socket(&self) -> Option<&Socket> {
        self.socket.as_ref()
    }

    /// Attaches handlers that report to `sink` and stores the socket.
    pub fn attach(&mut self, socket: Socket, sink: Weak<dyn SocketSink>) {
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
        };
        socket.set_onopen(handlers.open.as_ref());
        socket.set_onmessage(handlers.message.as_ref());
        socket.set_onclose(handlers.close.as_ref());
        socket.set_onerror(handlers.error.as_ref());
        if let Some(f) = &handlers.send_result {
            socket.set_onsendresult(f.as_ref());
            self.pending_sends = Some(VecDeque::new());
        }
        counts::inc(Kind::Closures, handlers.count());
        self.handlers = Some(handlers);
        self.socket = Some(socket);
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
                s.set_onopen(&JsValue::NULL);
                s.set_onmessage(&JsValue::NULL);
                s.set_onclose(&JsValue::NULL);
                s.set_onerror(&JsValue::NULL);
                if h.send_result.is_some() {
                    s.set_onsendresult(&JsValue::NULL);
                }
            }
            counts::dec(Kind::Closures, h.count());
            // Dropping `h` frees the closures; wasm-bindgen defers the free if one of them is
            // running right now (a release decided inside `onclose`).
        }
    }
}

impl Drop for SocketEntry {
    fn drop(&mut self) {
        self.detach();
        counts::dec(Kind::Sockets, 1);
    }
}

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
