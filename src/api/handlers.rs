//! What the host reports, turned into core inputs: the socket handlers' callbacks, the page
//! lifecycle and the one timer. The top of `src/api`'s driver layers: it uses `driver.rs` (and
//! `limits.rs` for `maxMessageSize`), and nothing below uses it; the host adapters reach it
//! through their sink traits, implemented here.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::driver::{Ctx, Deferred, Driver};
use super::limits::{Check, TOO_BIG_REASON, WIRE_CODE};
use super::options::{OpenMessage, Pong};
use super::text::{cat, uint};
use crate::core::{Generation, Input, ReadyState};
use crate::host::js::prop;
use crate::host::lifecycle::{Change, LifecycleSink};
use crate::host::payload::JsPayload;
use crate::host::socket::SocketSink;
use crate::host::timers::TimerSink;

impl SocketSink for Driver {
    fn on_open(&self, g: Generation, event: JsValue) {
        on_open(self, g, event);
    }
    fn on_message(&self, g: Generation, event: JsValue, data: JsValue) {
        on_message(self, g, event, data);
    }
    fn on_close(&self, g: Generation, event: JsValue) {
        on_close(self, g, event);
    }
    fn on_error(&self, g: Generation, event: JsValue) {
        self.input(Ctx { data: None, event: Some(&event) }, Input::SocketError { generation: g });
    }
    fn on_send_result(&self, g: Generation, ok: bool, _err: JsValue) {
        on_send_result(self, g, ok);
    }
}

impl TimerSink for Driver {
    fn timeout_elapsed(&self) {
        // setTimeout never calls back from inside a step: the state is free here.
        let Ok(mut st) = self.state.try_borrow_mut() else { return };
        st.timers.fired();
        drop(st);
        // Every due timer runs, earliest first; `settle` arms the timeout for what is left.
        self.run(Ctx::default(), |m, now| m.handle_timeout(now.get()));
    }
}

fn on_open(d: &Driver, g: Generation, event: JsValue) {
    // A socket the core let go while it was connecting opens only to be closed (socket.rs,
    // `close_soon`); the core hears of it when it has closed.
    let late = d.state.try_borrow_mut().ok().and_then(|mut st| {
        st.sockets.get_mut(g)?.take_close_on_open()
    });
    if let Some((socket, code, reason)) = late {
        let _ = socket.close(code, &reason);
        return;
    }
    let open_message = match &d.opts.open_message {
        None => None,
        Some(OpenMessage::Value(p)) => Some(p.clone()),
        // Only for the socket the core is waiting on: a stale open must not call user code.
        Some(OpenMessage::Func(_)) if !d.is_current(g) => None,
        Some(OpenMessage::Func(f)) => match f.call0(&JsValue::UNDEFINED) {
            Ok(v) if v.is_undefined() || v.is_null() => None,
            Ok(v) => match JsPayload::from_user(v, "option 'openMessage' (its return value)") {
                Ok(p) => Some(p),
                Err(e) => {
                    d.tell().report(e);
                    None
                }
            },
            Err(e) => {
                d.tell().report(e);
                None
            }
        },
    };
    d.input(Ctx { data: None, event: Some(&event) }, Input::SocketOpened { generation: g, open_message });
}

/// The hot path: one getter, one comparison (or the user's predicate); the clock is read only
/// when `resetOnMessage` needs the time (see `Driver::message`).
fn on_message(d: &Driver, g: Generation, event: JsValue, data: JsValue) {
    if let Some(limit) = &d.opts.max_message {
        match limit.check(g, &data) {
            Check::Deliver => {}
            Check::Ignore => return,
            Check::TooBig { size } => return refuse(d, g, size, limit.max_bytes),
        }
    }
    let is_pong = match &d.opts.pong {
        Pong::Off => false,
        // `===` on JS strings compares lengths before contents and never copies the message
        // into wasm memory; a non-string is never equal. One JS call in all.
        Pong::Exact(p) => data == *p,
        Pong::Predicate(f) => match f.call1(&JsValue::UNDEFINED, &data) {
            Ok(v) => v.is_truthy(),
            Err(e) => {
                d.tell().report(e);
                false
            }
        },
    };
    d.message(g, &data, &event, is_pong);
}

/// A message over `maxMessageSize` arrived on `g`: close that socket (its close is reported
/// as 1009 by `on_close`).
fn refuse(d: &Driver, g: Generation, size: u64, max: u64) {
    d.debug(|| {
        let (size, max, g) = (uint(size), uint(max), uint(g.0.into()));
        cat(&["message of ", &size, " bytes over maxMessageSize ", &max, ": closing #", &g])
    });
    let socket = d.state.try_borrow().ok().and_then(|st| {
        st.sockets.iter().find(|e| e.generation == g).and_then(|e| e.socket().cloned())
    });
    if let Some(s) = socket {
        if s.close(WIRE_CODE, TOO_BIG_REASON).is_err() {
            // A host that cannot close: its close (or the core's CloseWait) still ends the link.
            d.debug(|| cat(&["close #", &uint(g.0.into()), " refused by the host"]));
        }
    }
}

fn on_close(d: &Driver, g: Generation, event: JsValue) {
    let event = match &d.opts.max_message {
        Some(limit) => limit.close_event(g, event),
        None => event,
    };
    let get = |k: &str| prop(&event, k);
    let mut code = crate::core::wire::close_code(get("code").as_f64());
    let mut reason = get("reason").as_string().unwrap_or_default();
    let mut was_clean = get("wasClean").as_bool().unwrap_or(false);
    let connecting = d.state.try_borrow().ok().is_some_and(|st| {
        st.sockets.iter().any(|e| e.generation == g && e.closed_while_connecting)
    });
    if connecting {
        // As a browser reports a socket closed while connecting, whenever it really closed.
        (code, reason, was_clean) = (1006, String::new(), false);
    }
    let should_reconnect = match &d.opts.should_reconnect {
        Some(hook) if d.is_current(g) && d.ready.get() != ReadyState::Closing && d.ready.get() != ReadyState::Closed => {
            match hook.call1(&JsValue::UNDEFINED, &event) {
                Ok(v) => Some(v.is_truthy()),
                Err(e) => {
                    d.tell().report(e);
                    None
                }
            }
        }
        _ => None,
    };
    d.input(
        Ctx { data: None, event: Some(&event) },
        Input::SocketClosed { generation: g, code, reason, was_clean, should_reconnect },
    );
}

fn on_send_result(d: &Driver, g: Generation, ok: bool) {
    // A host may report synchronously from inside `send`, before the send is even recorded:
    // queue the result behind it.
    let input = match d.state.try_borrow_mut() {
        Ok(mut st) => st.sockets.send_result(g, ok),
        Err(_) => {
            d.deferred.borrow_mut().push_back(Deferred::SendResult(g, ok));
            return;
        }
    };
    if let Some(input) = input {
        d.input(Ctx::default(), input);
    }
}

impl LifecycleSink for Driver {
    fn lifecycle(&self, change: Change) {
        let (input, name) = match change {
            Change::Online => (Input::Online, "Online"),
            Change::Offline => (Input::Offline, "Offline"),
            Change::Hidden => (Input::Hidden, "Hidden"),
            Change::Visible => (Input::Visible, "Visible"),
        };
        self.debug(|| cat(&["lifecycle: ", name]));
        self.input(Ctx::default(), input);
    }
}
