//! Telling the user: turning the core's events into JS event objects and dispatching them,
//! debug lines, and reporting a callback option that threw. Runs with no borrow of the driver's
//! state held. Needs only the listeners and the options, not the driver: [`Teller`].

use alloc::string::String;

use wasm_bindgen::prelude::*;

use super::events::{event, Events, Kind};
use super::options::{DebugSink, Options};
use super::text::{boolean, cat, uint};
use crate::core::Event;
use crate::host::payload::JsPayload;

/// The socket event an input came from: its `data` (messages) and the event object itself.
#[derive(Clone, Copy, Default)]
pub(crate) struct Ctx<'a> {
    pub data: Option<&'a JsValue>,
    pub event: Option<&'a JsValue>,
}

/// What tells the user: an instance's listeners and its options (name, debug sink).
#[derive(Clone, Copy)]
pub(crate) struct Teller<'a> {
    pub events: &'a Events,
    pub opts: &'a Options,
}

impl Teller<'_> {
    pub(crate) fn emit(&self, ctx: Ctx<'_>, e: Event<JsPayload>) {
        let num = |n: f64| JsValue::from_f64(n);
        match e {
            Event::Message => {
                self.events.message(ctx.data.unwrap_or(&JsValue::UNDEFINED), ctx.event.unwrap_or(&JsValue::UNDEFINED));
            }
            Event::Open { attempt } => {
                self.debug(|| cat(&["open (attempt ", &uint(attempt.into()), ")"]));
                self.events.dispatch(Kind::Open, &event(Kind::Open, &[("attempt", num(attempt.into()))]));
            }
            Event::Error => {
                self.debug(|| "error".into());
                let ev = ctx.event.cloned().unwrap_or_else(|| event(Kind::Error, &[]));
                self.events.dispatch(Kind::Error, &ev);
            }
            Event::Close { code, reason, was_clean, will_reconnect } => {
                self.debug(|| {
                    let (c, clean, again) = (uint(code.into()), boolean(was_clean), boolean(will_reconnect));
                    cat(&["closed ", &c, " \"", &reason, "\" clean=", clean, " willReconnect=", again])
                });
                let ev = event(
                    Kind::Close,
                    &[
                        ("code", num(code.into())),
                        ("reason", JsValue::from_str(&reason)),
                        ("wasClean", JsValue::from_bool(was_clean)),
                        ("willReconnect", JsValue::from_bool(will_reconnect)),
                    ],
                );
                self.events.dispatch(Kind::Close, &ev);
            }
            Event::Reconnecting { attempt, delay_ms } => {
                self.debug(|| cat(&["reconnecting: attempt ", &uint(attempt.into()), " in ", &uint(delay_ms.into()), " ms"]));
                let ev = event(Kind::Reconnecting, &[("attempt", num(attempt.into())), ("delay", num(delay_ms.into()))]);
                self.events.dispatch(Kind::Reconnecting, &ev);
            }
            Event::GiveUp { attempts } => {
                self.debug(|| cat(&["giving up after ", &uint(attempts.into()), " attempts"]));
                self.events.dispatch(Kind::GiveUp, &event(Kind::GiveUp, &[("attempts", num(attempts.into()))]));
            }
            Event::Heartbeat { rtt_ms } => {
                self.debug(|| cat(&["pong, rtt ", &uint(rtt_ms), " ms"]));
                self.events.dispatch(Kind::Heartbeat, &event(Kind::Heartbeat, &[("rtt", num(rtt_ms as f64))]));
            }
            Event::Drop { payload, reason } => {
                self.debug(|| cat(&["dropped a message: ", reason.as_str()]));
                let ev = event(Kind::Drop, &[("data", payload.value), ("reason", JsValue::from_str(reason.as_str()))]);
                self.events.dispatch(Kind::Drop, &ev);
            }
        }
    }

    /// Whether debug lines are wanted (so none is formatted otherwise).
    pub fn debug_on(&self) -> bool {
        !matches!(self.opts.debug, DebugSink::Off)
    }

    /// Writes a debug line built by `f`, if debugging; never while the state is borrowed.
    pub fn debug(&self, f: impl FnOnce() -> String) {
        if self.debug_on() {
            self.debug_line(&f());
        }
    }

    pub(crate) fn debug_line(&self, line: &str) {
        let line = cat(&["[heartsocket ", &self.opts.name, "] ", line]);
        match &self.opts.debug {
            DebugSink::Off => {}
            DebugSink::Console => web_sys::console::debug_1(&JsValue::from_str(&line)),
            DebugSink::Func(f) => {
                let _ = f.call1(&JsValue::UNDEFINED, &JsValue::from_str(&line));
            }
        }
    }

    /// User code given as an option threw: log it and tell the `error` listeners.
    pub(crate) fn report(&self, error: JsValue) {
        let msg = cat(&["[heartsocket ", &self.opts.name, "] a callback option threw:"]);
        web_sys::console::error_2(&JsValue::from_str(&msg), &error);
        let ev = event(Kind::Error, &[("error", error), ("message", JsValue::from_str(&msg))]);
        self.events.dispatch(Kind::Error, &ev);
    }
}
