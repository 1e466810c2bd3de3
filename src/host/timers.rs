//! The core's five named timers on one host `setTimeout` per instance.
//!
//! The core sets and cancels timers by name (`Effect::SetTimer`/`CancelTimer`); here each name
//! only keeps its deadline, and one `setTimeout` is armed for the earliest. When it goes off the
//! driver takes the due timers one by one, earliest first ([`Timers::take_due`]), feeding each to
//! the core, and the timeout is armed again for whatever deadline is left. One timeout instead
//! of one per name: a single callback closure and at most one pending host timer per instance.
//!
//! Re-arming is lazy: with `resetOnMessage` the core pushes the heartbeat back on every message,
//! and a `clearTimeout` + `setTimeout` per message would cost more than the message. So a later
//! deadline leaves the armed timeout alone; when it goes off early, nothing is due and it is
//! armed again for the remainder.

use alloc::rc::Weak;

use wasm_bindgen::prelude::*;

use super::counts::{self, Kind};
use crate::core::{Millis, Timer};

/// Receives the armed timeout going off.
pub trait TimerSink {
    /// The timeout went off: call [`Timers::fired`], then [`Timers::take_due`] until `None`.
    fn timeout_elapsed(&self);
}

// The host's own timer functions, bound directly: gloo-timers (used before) needs `std`, which
// the WebAssembly 1.0 build does not have; these two imports are all it did for us.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &JsValue, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

#[derive(Clone, Copy)]
struct Slot {
    deadline: Millis,
    /// When it was set, counted in `set` calls (64 bits: never wraps): a timer set while due timers are being taken is
    /// never taken in that same round (a zero delay waits for the next timeout, as it did with
    /// one `setTimeout` per timer, so a chain of zero delays cannot loop without yielding).
    set_at: u64,
}

/// What [`Timers::fired`] hands to [`Timers::take_due`]: the time and the `set` count when the
/// timeout went off.
pub struct Round {
    now: Millis,
    sets: u64,
}

/// The timers of one instance.
pub struct Timers {
    slots: [Option<Slot>; 5],
    sets: u64,
    /// The pending `setTimeout`: its id and when it goes off.
    armed: Option<(JsValue, Millis)>,
    /// The callback of every timeout, kept while any timer is set. It takes an (unused)
    /// argument: the socket handlers' closure type, one type fewer in the wasm.
    callback: Option<super::socket::Handler>,
    sink: Weak<dyn TimerSink>,
}

impl Timers {
    /// No timer set; the timeout reports to `sink`.
    pub fn new(sink: Weak<dyn TimerSink>) -> Self {
        Self { slots: [None; 5], sets: 0, armed: None, callback: None, sink }
    }

    /// Sets `timer` to fire `delay_ms` after `now`, replacing any earlier setting.
    pub fn set(&mut self, timer: Timer, delay_ms: u32, now: Millis) {
        let deadline = now.saturating_add(u64::from(delay_ms));
        self.slots[timer.index()] = Some(Slot { deadline, set_at: self.sets });
        self.sets += 1;
        match self.armed {
            // The armed timeout goes off first; it will be armed again for the rest.
            Some((_, at)) if at <= deadline => {}
            _ => self.arm(deadline, now),
        }
    }

    /// Cancels `timer` (no-op if it is not set).
    pub fn cancel(&mut self, timer: Timer) {
        self.slots[timer.index()] = None;
        if self.slots.iter().all(Option::is_none) {
            self.release();
        }
    }

    /// Cancels every timer.
    pub fn clear(&mut self) {
        self.slots = [None; 5];
        self.release();
    }

    /// The armed timeout went off (it is no longer pending).
    pub fn fired(&mut self, now: Millis) -> Round {
        if self.armed.take().is_some() {
            counts::dec(Kind::Timers, 1);
        }
        Round { now, sets: self.sets }
    }

    /// The earliest timer due in `round`, now unset; `None` once there is none, and then the
    /// timeout is armed for the earliest deadline left (if any).
    #[inline(never)]
    pub fn take_due(&mut self, round: &Round) -> Option<Timer> {
        let (mut due, mut next) = (None::<(Millis, Timer)>, None::<Millis>);
        for t in Timer::ALL {
            let Some(s) = self.slots[t.index()] else { continue };
            if s.set_at < round.sets && s.deadline <= round.now {
                if due.is_none_or(|(d, _)| s.deadline < d) {
                    due = Some((s.deadline, t));
                }
            } else if next.is_none_or(|n| s.deadline < n) {
                next = Some(s.deadline);
            }
        }
        match (due, next) {
            (Some((_, t)), _) => {
                self.slots[t.index()] = None;
                return Some(t);
            }
            (None, None) => self.release(),
            // Armed meanwhile (by `set`) early enough.
            (None, Some(n)) if self.armed.as_ref().is_some_and(|&(_, at)| at <= n) => {}
            // Rounding can make a timeout go off a fraction of a millisecond early: the
            // remainder is then 1 ms, harmless.
            (None, Some(n)) => self.arm(n, round.now),
        }
        None
    }

    /// Whether `timer` is set (for debugging and tests).
    pub fn is_set(&self, timer: Timer) -> bool {
        self.slots[timer.index()].is_some()
    }

    /// (Re)arms the timeout to go off at `deadline`.
    fn arm(&mut self, deadline: Millis, now: Millis) {
        self.disarm();
        let callback = self.callback.get_or_insert_with(|| {
            counts::inc(Kind::Closures, 1);
            let sink = self.sink.clone();
            Closure::new(move |_: JsValue| {
                if let Some(s) = sink.upgrade() {
                    s.timeout_elapsed();
                }
            })
        });
        // setTimeout treats anything above 2^31 - 1 as 0; the core never asks for more.
        let delay = u32::try_from(deadline.saturating_sub(now)).unwrap_or(u32::MAX).min(crate::core::config::MAX_DELAY_MS);
        self.armed = Some((set_timeout(callback.as_ref(), delay), deadline));
        counts::inc(Kind::Timers, 1);
    }

    fn disarm(&mut self) {
        if let Some((id, _)) = self.armed.take() {
            clear_timeout(&id);
            counts::dec(Kind::Timers, 1);
        }
    }

    /// No timer is set: clear the timeout and free the callback.
    fn release(&mut self) {
        self.disarm();
        if self.callback.take().is_some() {
            // Freed at once, or after it returns if it is running (a timer callback that freed
            // the instance): wasm-bindgen defers that.
            counts::dec(Kind::Closures, 1);
        }
    }
}

impl Drop for Timers {
    fn drop(&mut self) {
        self.release();
    }
}
