//! The driver: one [`Machine`] per instance, fed from user calls, socket handlers, timers and
//! lifecycle listeners, its effects applied to the host.
//!
//! Every entry point goes through [`Driver::run`]: borrow the state, feed the machine, drain
//! and apply its effects, release the borrow, and only then do what may call user code
//! (resolve a URL and create a socket, dispatch events, write debug lines). A user callback can
//! therefore call `send`, `close`, `connect`, `reconnect` or even `free` on the instance.
//! Input that arrives while the state is borrowed (a host calling back synchronously from
//! `send` or `close`) is queued and handled before the borrow is released.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell, RefMut};
use alloc::collections::VecDeque;
use alloc::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use super::events::Events;
use super::options::Options;
use super::text::{cat, uint};
use crate::core::{Effect, Event, Generation, Input, Machine, Millis, ReadyState, Stats};
use crate::host::clock::Clock;
use crate::host::counts::{self, Kind as Count};
use crate::host::lifecycle::Lifecycle;
use crate::host::payload::JsPayload;
use crate::host::socket::{SocketEntry, SocketSink};
use crate::host::timers::{TimerSink, Wake};

/// The mutable part, borrowed only while the machine runs and its effects are applied.
pub(crate) struct State {
    pub machine: Machine<JsPayload>,
    /// The one host timer, armed for the machine's `poll_timeout()`.
    pub timers: Wake,
    pub sockets: Vec<SocketEntry>,
    pub binary_type: Option<&'static str>,
    pub last_url: JsValue,
}

/// The socket event an input came from: its `data` (messages) and the event object itself.
#[derive(Clone, Copy, Default)]
pub(crate) struct Ctx<'a> {
    pub data: Option<&'a JsValue>,
    pub event: Option<&'a JsValue>,
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
}

impl Driver {
    /// A driver in the CLOSED state (no lifecycle subscription yet: see `class.rs`).
    pub fn new(opts: Options, machine: Machine<JsPayload>, on_message: Option<js_sys::Function>) -> Rc<Self> {
        counts::inc(Count::Instances, 1);
        Rc::new_cyclic(|weak: &Weak<Driver>| {
            let timer_sink: Weak<dyn TimerSink> = weak.clone();
            let last_url = match &opts.url {
                super::options::UrlSource::Fixed(u) => JsValue::from_str(u),
                super::options::UrlSource::Func(_) => JsValue::from_str(""),
            };
            Driver {
                state: RefCell::new(State {
                    machine,
                    timers: Wake::new(timer_sink),
                    sockets: Vec::new(),
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
            }
        })
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
                    if let Some(input) = send_result(&mut st, g, ok) {
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

    fn apply(
        &self,
        st: &mut State,
        effect: Effect<JsPayload>,
        out: &mut Vec<Out>,
        owned: Option<&(JsValue, JsValue)>,
    ) {
        match effect {
            Effect::Transmit { generation, seq, payload } => self.transmit(st, generation, seq, payload),
            Effect::Ping { generation } => {
                if self.debug_on() {
                    out.push(Out::Debug(cat(&["ping #", &uint(generation.0.into())])));
                }
                self.transmit(st, generation, 0, self.opts.ping.clone());
            }
            Effect::Emit(Event::Message) => match owned {
                Some((d, e)) => out.push(Out::Message(d.clone(), e.clone())),
                None => out.push(Out::Event(Event::Message)),
            },
            Effect::Emit(e) => out.push(Out::Event(e)),
            Effect::OpenSocket { generation } => {
                st.sockets.push(SocketEntry::pending(generation));
                out.push(Out::Open(generation));
            }
            Effect::CloseSocket { generation, code, reason } => {
                if self.debug_on() {
                    let (g, c) = (uint(generation.0.into()), uint(code.into()));
                    out.push(Out::Debug(cat(&["close #", &g, " ", &c, " ", &reason])));
                }
                let Some(entry) = st.sockets.iter_mut().find(|e| e.generation == generation) else { return };
                if entry.socket().is_some() {
                    entry.close_soon(code, &reason);
                } else {
                    // No socket yet (its URL is still resolving): it never will be; report the
                    // close the core waits for, as a browser does for a socket closed while connecting.
                    entry.abandoned = true;
                    let closed = Input::SocketClosed {
                        generation,
                        code: 1006,
                        reason: String::new(),
                        was_clean: false,
                        should_reconnect: None,
                    };
                    self.deferred.borrow_mut().push_back(Deferred::Input(closed, None));
                }
            }
            Effect::ReleaseSocket { generation } => st.sockets.retain(|e| e.generation != generation),
        }
    }

    fn transmit(&self, st: &mut State, generation: Generation, seq: u64, payload: JsPayload) {
        let entry = st.sockets.iter_mut().find(|e| e.generation == generation);
        let failure = match entry.as_ref().and_then(|e| e.socket()) {
            // A socket that is no longer OPEN (its close is queued but not yet dispatched)
            // discards what it is given without a word: re-queue instead of losing it.
            Some(s) if s.ready_state().as_f64() != Some(1.0) => Some(false),
            // Refused while OPEN: the value itself is unsendable there; retrying cannot help.
            Some(s) => s.send(&payload.value).err().map(|_| true),
            None => Some(false),
        };
        let input = match failure {
            None => {
                if let Some(fifo) = entry.and_then(|e| e.pending_sends.as_mut()) {
                    fifo.push_back((seq, payload));
                }
                return;
            }
            Some(true) => Input::SendRejected { seq, payload },
            Some(false) => Input::SendFailed { generation, seq, payload },
        };
        self.deferred.borrow_mut().push_back(Deferred::Input(input, None));
    }

    fn flush(&self, ctx: Ctx<'_>, out: &mut Vec<Out>) {
        for item in out.drain(..) {
            if self.dead.get() {
                continue; // freed by a callback: drop what is left
            }
            match item {
                Out::Open(g) => self.open_socket(g),
                Out::Debug(line) => self.debug_line(&line),
                Out::Message(d, e) => self.events.message(&d, &e),
                Out::Event(e) => self.emit(ctx, e),
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
            self.emit(Ctx::default(), d);
        }
        self.events.clear();
        self.release_all();
    }

    fn release_all(&self) {
        let Ok(mut st) = self.state.try_borrow_mut() else { return };
        for entry in st.sockets.drain(..) {
            entry.close_if_open(1000, "");
        }
        st.timers.clear();
        self.deferred.borrow_mut().clear();
        self.ready.set(ReadyState::Closed);
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.shutdown();
        counts::dec(Count::Instances, 1);
    }
}

/// Pops the oldest send awaiting its result; a failure becomes the core's `SendFailed`.
pub(crate) fn send_result(st: &mut State, g: Generation, ok: bool) -> Option<Input<JsPayload>> {
    let entry = st.sockets.iter_mut().find(|e| e.generation == g)?;
    let (seq, payload) = entry.pending_sends.as_mut()?.pop_front()?;
    (!ok).then_some(Input::SendFailed { generation: g, seq, payload })
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

impl SocketSink for Driver {
    fn on_open(&self, g: Generation, event: JsValue) {
        super::sockets::on_open(self, g, event);
    }
    fn on_message(&self, g: Generation, event: JsValue, data: JsValue) {
        super::sockets::on_message(self, g, event, data);
    }
    fn on_close(&self, g: Generation, event: JsValue) {
        super::sockets::on_close(self, g, event);
    }
    fn on_error(&self, g: Generation, event: JsValue) {
        self.input(Ctx { data: None, event: Some(&event) }, Input::SocketError { generation: g });
    }
    fn on_send_result(&self, g: Generation, ok: bool, _err: JsValue) {
        super::sockets::on_send_result(self, g, ok);
    }
}
