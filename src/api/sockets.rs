//! Socket side of the driver: creating a socket for a generation (resolving a URL function,
//! sync or async, first) and turning what sockets report into core inputs.

use alloc::string::String;
use wasm_bindgen::prelude::*;

use super::driver::{Ctx, Deferred, Driver};
use super::events::{event, Kind};
use super::options::{OpenMessage, Pong, UrlSource};
use super::text::{cat, uint};
use super::validate::{check_url, redact, type_error};
use crate::core::{Generation, Input, ReadyState};
use crate::host::js::prop;
use crate::host::lifecycle::{Change, LifecycleSink};
use crate::host::payload::JsPayload;
use crate::host::socket::{construct, SocketSink};

#[wasm_bindgen(module = "/src/host/host.js")]
extern "C" {
    /// Calls `done(true, value)` or `done(false, reason)` once `thenable` settles.
    #[wasm_bindgen(js_name = whenSettled)]
    fn when_settled(thenable: &JsValue, done: &JsValue);
}

impl Driver {
    /// The core asked for a socket of generation `g`: find its URL, then create it.
    pub(crate) fn open_socket(&self, g: Generation) {
        let f = match &self.opts.url {
            UrlSource::Fixed(u) => return self.create_socket(g, Ok(u.clone())),
            UrlSource::Func(f) => f,
        };
        match f.call0(&JsValue::UNDEFINED) {
            Err(e) => self.create_socket(g, Err(e)),
            Ok(v) if is_thenable(&v) => {
                let weak = self.weak.clone();
                // A closure that frees itself once called (the promise settles once).
                // `spawn_local` + `JsFuture` did the same with ~3 KB of task queue and wakers.
                // `ok` as a JsValue: the closure then has the type of `onsendresult`'s (one
                // closure type fewer in the wasm, see host/socket.rs).
                let done = Closure::once_into_js(move |ok: JsValue, value: JsValue| {
                    // The instance may have been freed, or moved on, while the URL resolved.
                    if let Some(d) = weak.upgrade() {
                        d.create_socket(g, if ok.is_truthy() { url_string(value) } else { Err(value) });
                    }
                });
                when_settled(&v, &done);
            }
            Ok(v) => self.create_socket(g, url_string(v)),
        }
    }

    fn create_socket(&self, g: Generation, url: Result<String, JsValue>) {
        let wanted = !self.dead.get()
            && self.state.try_borrow().is_ok_and(|st| st.sockets.iter().any(|e| e.generation == g && e.is_pending()));
        if !wanted {
            return;
        }
        let created = url.and_then(|u| {
            check_url(&u, self.opts.secure_only)?;
            let s = construct(&self.opts.ctor, &u, &self.opts.protocols)?;
            Ok((u, s))
        });
        let attached = created.and_then(|(url, socket)| {
            self.debug(|| cat(&["connecting #", &uint(g.0.into()), " to ", &redact(&url)]));
            let Ok(mut st) = self.state.try_borrow_mut() else { return Ok(()) };
            if let Some(bt) = st.binary_type {
                socket.set_binary_type(bt);
            }
            st.last_url = JsValue::from_str(&url);
            let sink: alloc::rc::Weak<dyn SocketSink> = self.weak.clone();
            match st.sockets.iter_mut().find(|e| e.generation == g) {
                Some(entry) => entry.attach(socket, sink),
                None => Ok(()),
            }
        });
        match attached {
            Ok(()) => {}
            Err(error) => {
                // A failed attempt, reported like a socket that could not connect.
                let message = error_message(&error);
                self.debug(|| cat(&["attempt #", &uint(g.0.into()), " failed: ", &message]));
                let ev = event(Kind::Error, &[("error", error), ("message", JsValue::from_str(&message))]);
                self.input(Ctx { data: None, event: Some(&ev) }, Input::SocketError { generation: g });
                self.input(
                    Ctx::default(),
                    Input::SocketClosed {
                        generation: g,
                        code: 1006,
                        reason: String::new(),
                        was_clean: false,
                        should_reconnect: None,
                    },
                );
            }
        }
    }
}

pub(crate) fn on_open(d: &Driver, g: Generation, event: JsValue) {
    // A socket the core let go while it was connecting opens only to be closed (socket.rs,
    // `close_soon`); the core hears of it when it has closed.
    let late = d.state.try_borrow_mut().ok().and_then(|mut st| {
        st.sockets.iter_mut().find(|e| e.generation == g)?.take_close_on_open()
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
                    report(d, e);
                    None
                }
            },
            Err(e) => {
                report(d, e);
                None
            }
        },
    };
    d.input(Ctx { data: None, event: Some(&event) }, Input::SocketOpened { generation: g, open_message });
}

/// The hot path: one getter, one comparison (or the user's predicate), one clock read.
pub(crate) fn on_message(d: &Driver, g: Generation, event: JsValue, data: JsValue) {
    if super::limits::refuse(d, g, &data) {
        return;
    }
    let is_pong = match &d.opts.pong {
        Pong::Off => false,
        // `===` on JS strings compares lengths before contents and never copies the message
        // into wasm memory; a non-string is never equal. One JS call in all.
        Pong::Exact(p) => data == *p,
        Pong::Predicate(f) => match f.call1(&JsValue::UNDEFINED, &data) {
            Ok(v) => v.is_truthy(),
            Err(e) => {
                report(d, e);
                false
            }
        },
    };
    d.message(g, &data, &event, is_pong);
}

pub(crate) fn on_close(d: &Driver, g: Generation, event: JsValue) {
    let event = super::limits::close_event(d, g, event);
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
                    report(d, e);
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

pub(crate) fn on_send_result(d: &Driver, g: Generation, ok: bool) {
    // A host may report synchronously from inside `send`, before the send is even recorded:
    // queue the result behind it.
    let input = match d.state.try_borrow_mut() {
        Ok(mut st) => super::driver::send_result(&mut st, g, ok),
        Err(_) => {
            d.deferred.borrow_mut().push_back(Deferred::SendResult(g, ok));
            return;
        }
    };
    if let Some(input) = input {
        d.input(Ctx::default(), input);
    }
}

/// User code given as an option threw: log it and tell the `error` listeners.
pub(crate) fn report(d: &Driver, error: JsValue) {
    let msg = cat(&["[heartsocket ", &d.opts.name, "] a callback option threw:"]);
    web_sys::console::error_2(&JsValue::from_str(&msg), &error);
    let ev = event(Kind::Error, &[("error", error), ("message", JsValue::from_str(&msg))]);
    d.events.dispatch(Kind::Error, &ev);
}

fn error_message(error: &JsValue) -> String {
    let m = if error.is_object() { prop(error, "message") } else { error.clone() };
    m.as_string().unwrap_or_else(|| "could not create the socket".into())
}

fn is_thenable(v: &JsValue) -> bool {
    v.is_object() && prop(v, "then").is_function()
}

fn url_string(v: JsValue) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| type_error("heartsocket: option 'url' (a function) must return a string or a Promise of one"))
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
