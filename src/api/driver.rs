//! The driver: one [`Machine`] per instance, fed from user calls, socket handlers, timers and
//! lifecycle listeners, its effects applied to the host.
//!
//! Every entry point goes through [`Driver::run`]: borrow the state, feed the machine, drain
//! and apply its effects, release the borrow, and only then do what may call user code
//! (resolve a URL and create a socket, dispatch events, write debug lines). A user callback can
//! therefore call `send`, `close`, `connect`, `reconnect` or even `free` on the instance.
//! Input that arrives while the state is borrowed (a host calling back synchronously from
//! `send` or `close`) is queued and handled before the borrow is released.
//!
//! Dependencies go one way: this file composes `sockets.rs` (the socket entries and the core's
//! socket effects), `emit.rs` (telling the user), `events.rs` and the host adapters; the host's
//! callbacks reach it through `handlers.rs`, which nothing here uses.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell, RefMut};
use alloc::collections::VecDeque;
use alloc::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

pub(crate) use super::emit::Ctx;
use super::emit::Teller;
use super::events::{event, Events, Kind};
use super::options::{Options, UrlSource};
use super::sockets::Sockets;
use super::text::{cat, uint};
use super::validate::{check_url, redact, type_error};
use crate::core::{Effect, Event, Generation, Input, Machine, Millis, ReadyState, Stats};
use crate::host::clock::Clock;
use crate::host::counts::{Kind as Count, Live};
use crate::host::js::prop;
use crate::host::lifecycle::Lifecycle;
use crate::host::payload::JsPayload;
use crate::host::socket::{construct, SocketSink};
use crate::host::timers::{TimerSink, Wake};

#[wasm_bindgen(module = "/src/host/host.js")]
extern "C" {
    /// Calls `done(true, value)` or `done(false, reason)` once `thenable` settles.
    #[wasm_bindgen(js_name = whenSettled)]
    fn when_settled(thenable: &JsValue, done: &JsValue);
}

/// The mutable part, borrowed only while the machine runs and its effects are applied.
pub(crate) struct State {
    pub machine: Machine<JsPayload>,
    /// The one host timer, armed for the machine's `poll_timeout()`.
    pub timers: Wake,
    pub sockets: Sockets,
    pub binary_type: Option<&'static str>,
    pub last_url: JsValue,
}

/// Input that arrived while the state was borrowed.
pub(crate) enum Deferred {
    /// An input, with the (data, event) of the message it delivers, if any.
    Input(Input<JsPayload>, Option<(JsValue, JsValue)>),
    /// `onsendresult(ok)` of a host that reports send results.
    SendResult(Generation, bool),
}

/// What to do once the borrow is released.
pub(crate) enum Out {
    Open(Generation),
    Event(Event<JsPayload>),
    Message(JsValue, JsValue),
    Debug(String),
}

/// The clock, read at most once per run.
pub(crate) struct Now<'a> {
    clock: &'a Clock,
    at: Option<Millis>,
}

impl Now<'_> {
    pub fn get(&mut self) -> Millis {
        *self.at.get_or_insert_with(|| self.clock.now())
    }
}

/// Everything one `WebSocketClass` owns.
pub(crate) struct Driver {
    pub state: RefCell<State>,
    pub events: Events,
    pub opts: Options,
    pub deferred: RefCell<VecDeque<Deferred>>,
    scratch: RefCell<Vec<Out>>,
    pub ready: Cell<ReadyState>,
    pub dead: Cell<bool>,
    pub lifecycle: RefCell<Option<Lifecycle>>,
    pub weak: Weak<Driver>,
    pub clock: Clock,
    _live: Live,
}

impl Driver {
    /// A driver in the CLOSED state (no lifecycle subscription yet: see `class.rs`).
    pub fn new(opts: Options, machine: Machine<JsPayload>, on_message: Option<js_sys::Function>) -> Rc<Self> {
        Rc::new_cyclic(|weak: &Weak<Driver>| {
            let timer_sink: Weak<dyn TimerSink> = weak.clone();
            let last_url = match &opts.url {
                UrlSource::Fixed(u) => JsValue::from_str(u),
                UrlSource::Func(_) => JsValue::from_str(""),
            };
            Driver {
                state: RefCell::new(State {
                    machine,
                    timers: Wake::new(timer_sink),
                    sockets: Sockets::default(),
                    binary_type: opts.binary_type,
                    last_url,
                }),
                events: Events::new(&opts.name, on_message),
                opts,
                deferred: RefCell::new(VecDeque::new()),
                scratch: RefCell::new(Vec::new()),
                ready: Cell::new(ReadyState::Closed),
                dead: Cell::new(false),
                lifecycle: RefCell::new(None),
                weak: weak.clone(),
                clock: Clock::new(),
                _live: Live::new(Count::Instances, 1),
            }
        })
    }

    /// What tells the user (listeners, debug lines).
    pub fn tell(&self) -> Teller<'_> {
        Teller { events: &self.events, opts: &self.opts }
    }

    /// Writes a debug line built by `f`, if debugging; never while the state is borrowed.
    pub fn debug(&self, f: impl FnOnce() -> String) {
        self.tell().debug(f);
    }

    /// Runs `step` on the machine, applies the effects, then does the user-visible work.
    /// `None` if the state is already borrowed (a host calling back synchronously).
    pub fn run<R>(&self, ctx: Ctx<'_>, step: impl FnOnce(&mut Machine<JsPayload>, &mut Now) -> R) -> Option<R> {
        if self.dead.get() {
            return None;
        }
        let mut st = self.state.try_borrow_mut().ok()?;
        let mut now = Now { clock: &self.clock, at: None };
        let r = step(&mut st.machine, &mut now);
        self.settle(st, now, ctx);
        Some(r)
    }

    /// A message from socket `g`: the hot path. A message that is not a pong goes straight to
    /// the listeners: the machine only counts it (and, with `resetOnMessage`, notes its time),
    /// queues no effect, so no drain loop runs for it. A pong takes the general path.
    pub fn message(&self, g: Generation, data: &JsValue, event: &JsValue, is_pong: bool) {
        if self.dead.get() {
            return;
        }
        let ctx = Ctx { data: Some(data), event: Some(event) };
        let input = Input::SocketMessage { generation: g, is_pong };
        // Busy (a host calling back synchronously): queued behind what is being handled.
        let Ok(mut st) = self.state.try_borrow_mut() else { return self.input(ctx, input) };
        if is_pong {
            let mut now = Now { clock: &self.clock, at: None };
            st.machine.handle(now.get(), input);
            return self.settle(st, now, ctx);
        }
        let deliver = {
            let st = &mut *st;
            let clock = &self.clock;
            let deliver = st.machine.message(g, || clock.now());
            // A settled ping moved the deadlines (a cheap comparison otherwise).
            st.timers.sync(st.machine.poll_timeout(), || clock.now());
            deliver
        };
        // Released before user code runs: a listener may call back into the instance.
        drop(st);
        if deliver {
            self.events.message(data, event);
        }
    }

    /// Applies the machine's effects and the inputs that arrived meanwhile; releases the
    /// state; then does the user-visible work.
    fn settle(&self, mut st: RefMut<'_, State>, mut now: Now<'_>, ctx: Ctx<'_>) {
        let mut out = core::mem::take(&mut *self.scratch.borrow_mut());
        self.drain(&mut st, &mut out, None);
        loop {
            let next = self.deferred.borrow_mut().pop_front();
            match next {
                None => break,
                Some(Deferred::Input(input, owned)) => {
                    st.machine.handle(now.get(), input);
                    self.drain(&mut st, &mut out, owned.as_ref());
                }
                Some(Deferred::SendResult(g, ok)) => {
                    if let Some(input) = st.sockets.send_result(g, ok) {
                        st.machine.handle(now.get(), input);
                        self.drain(&mut st, &mut out, None);
                    }
                }
            }
        }
        let next = st.machine.poll_timeout();
        st.timers.sync(next, || now.get());
        self.ready.set(st.machine.ready_state());
        drop(st);
        self.flush(ctx, &mut out);
        if out.capacity() > 0 {
            out.clear();
            let mut scratch = self.scratch.borrow_mut();
            if scratch.capacity() == 0 {
                *scratch = out;
            }
        }
        if self.dead.get() {
            self.release_all();
        }
    }

    /// Feeds an input from a host callback, or queues it if the state is busy.
    pub fn input(&self, ctx: Ctx<'_>, input: Input<JsPayload>) {
        if self.state.try_borrow_mut().is_err() {
            let owned = match (ctx.data, ctx.event) {
                (Some(d), e) => Some((d.clone(), e.cloned().unwrap_or(JsValue::UNDEFINED))),
                _ => None,
            };
            self.deferred.borrow_mut().push_back(Deferred::Input(input, owned));
            return;
        }
        self.run(ctx, |m, now| m.handle(now.get(), input));
    }

    fn drain(&self, st: &mut State, out: &mut Vec<Out>, owned: Option<&(JsValue, JsValue)>) {
        while let Some(effect) = st.machine.poll() {
            self.apply(st, effect, out, owned);
        }
    }

    fn apply(&self, st: &mut State, effect: Effect<JsPayload>, out: &mut Vec<Out>, owned: Option<&(JsValue, JsValue)>) {
        let back = match effect {
            Effect::Transmit { generation, seq, payload } => st.sockets.transmit(generation, seq, payload),
            Effect::Ping { generation } => {
                if self.tell().debug_on() {
                    out.push(Out::Debug(cat(&["ping #", &uint(generation.0.into())])));
                }
                st.sockets.transmit(generation, 0, self.opts.ping.clone())
            }
            Effect::Emit(Event::Message) => {
                out.push(match owned {
                    Some((d, e)) => Out::Message(d.clone(), e.clone()),
                    None => Out::Event(Event::Message),
                });
                None
            }
            Effect::Emit(e) => {
                out.push(Out::Event(e));
                None
            }
            Effect::OpenSocket { generation } => {
                st.sockets.open(generation);
                out.push(Out::Open(generation));
                None
            }
            Effect::CloseSocket { generation, code, reason } => {
                if self.tell().debug_on() {
                    let (g, c) = (uint(generation.0.into()), uint(code.into()));
                    out.push(Out::Debug(cat(&["close #", &g, " ", &c, " ", &reason])));
                }
                st.sockets.close(generation, code, &reason)
            }
            Effect::ReleaseSocket { generation } => {
                st.sockets.release(generation);
                None
            }
        };
        // What a socket did not take (or a close it cannot report): handled in this settle.
        if let Some(input) = back {
            self.deferred.borrow_mut().push_back(Deferred::Input(input, None));
        }
    }

    fn flush(&self, ctx: Ctx<'_>, out: &mut Vec<Out>) {
        for item in out.drain(..) {
            if self.dead.get() {
                continue; // freed by a callback: drop what is left
            }
            match item {
                Out::Open(g) => self.open_socket(g),
                Out::Debug(line) => self.tell().debug_line(&line),
                Out::Message(d, e) => self.events.message(&d, &e),
                Out::Event(e) => self.tell().emit(ctx, e),
            }
        }
    }

    /// The machine's counters (zeros if the state is busy, which user code never sees).
    pub fn stats(&self) -> Stats {
        self.state.try_borrow().map(|st| st.machine.stats()).unwrap_or_default()
    }

    /// Whether `g` is the socket the machine is waiting on or using.
    pub fn is_current(&self, g: Generation) -> bool {
        self.state.try_borrow().is_ok_and(|st| st.machine.current_generation() == Some(g))
    }

    /// Frees everything: closes live sockets, detaches handlers, clears timers and listeners.
    /// No event is dispatched afterwards.
    pub fn shutdown(&self) {
        if self.dead.replace(true) {
            return;
        }
        self.lifecycle.borrow_mut().take();
        // Messages the server never confirmed are reported before the listeners go: `free()`
        // cannot wait for a close handshake, and none is lost without a word.
        let drops: Vec<Event<JsPayload>> = match self.state.try_borrow_mut() {
            Ok(mut st) => {
                st.machine.free();
                core::iter::from_fn(|| st.machine.poll())
                    .filter_map(|e| match e {
                        Effect::Emit(d @ Event::Drop { .. }) => Some(d),
                        _ => None,
                    })
                    .collect()
            }
            Err(_) => Vec::new(),
        };
        for d in drops {
            self.tell().emit(Ctx::default(), d);
        }
        self.events.clear();
        self.release_all();
    }

    fn release_all(&self) {
        let Ok(mut st) = self.state.try_borrow_mut() else { return };
        st.sockets.clear();
        st.timers.clear();
        self.deferred.borrow_mut().clear();
        self.ready.set(ReadyState::Closed);
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl Driver {
    /// The core asked for a socket of generation `g`: find its URL, then create it.
    fn open_socket(&self, g: Generation) {
        let f = match &self.opts.url {
            UrlSource::Fixed(u) => return self.create_socket(g, Ok(u.clone())),
            UrlSource::Func(f) => f,
        };
        match f.call0(&JsValue::UNDEFINED) {
            Err(e) => self.create_socket(g, Err(e)),
            Ok(v) if v.is_object() && prop(&v, "then").is_function() => {
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
            let sink: Weak<dyn SocketSink> = self.weak.clone();
            match st.sockets.get_mut(g) {
                Some(entry) => entry.attach(socket, sink),
                None => Ok(()),
            }
        });
        if let Err(error) = attached {
            // A failed attempt, reported like a socket that could not connect.
            let message = error_message(&error);
            self.debug(|| cat(&["attempt #", &uint(g.0.into()), " failed: ", &message]));
            let ev = event(Kind::Error, &[("error", error), ("message", JsValue::from_str(&message))]);
            self.input(Ctx { data: None, event: Some(&ev) }, Input::SocketError { generation: g });
            let closed =
                Input::SocketClosed { generation: g, code: 1006, reason: String::new(), was_clean: false, should_reconnect: None };
            self.input(Ctx::default(), closed);
        }
    }
}

fn error_message(error: &JsValue) -> String {
    let m = if error.is_object() { prop(error, "message") } else { error.clone() };
    m.as_string().unwrap_or_else(|| "could not create the socket".into())
}

fn url_string(v: JsValue) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| type_error("heartsocket: option 'url' (a function) must return a string or a Promise of one"))
}
