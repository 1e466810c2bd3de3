//! One slot per core timer, backed by `setTimeout`.
//!
//! Setting a timer replaces its slot; dropping a `Timeout` clears it, so a slot can never leak.
//! Re-arming is lazy: with `resetOnMessage` the core pushes the heartbeat back on every message,
//! and a `clearTimeout` + `setTimeout` + closure per message would cost more than the message.
//! So a slot keeps its armed timeout when the new deadline is later, and when that timeout
//! fires early it re-arms for the remainder instead of reporting.

use alloc::rc::Weak;

use wasm_bindgen::prelude::*;

use super::counts::{self, Kind};
use crate::core::{Millis, Timer};

/// Receives the timers that are really due.
pub trait TimerSink {
    /// The armed timeout of `timer` went off (the sink asks [`Timers::take_due`] whether it is due).
    fn timeout_elapsed(&self, timer: Timer);
}

struct Armed {
    fire_at: Millis,
    _timeout: Timeout,
}

impl Drop for Armed {
    fn drop(&mut self) {
        counts::dec(Kind::Timers, 1);
        counts::dec(Kind::Closures, 1);
    }
}

#[derive(Default)]
struct Slot {
    /// When the core wants to hear from this timer; `None` = not set.
    deadline: Option<Millis>,
    armed: Option<Armed>,
}

/// The five timer slots of one instance.
pub struct Timers {
    slots: [Slot; 5],
    sink: Weak<dyn TimerSink>,
}

impl Timers {
    /// Empty slots reporting to `sink`.
    pub fn new(sink: Weak<dyn TimerSink>) -> Self {
        Self { slots: Default::default(), sink }
    }

    /// Sets `timer` to fire `delay_ms` after `now`, replacing any earlier setting.
    pub fn set(&mut self, timer: Timer, delay_ms: u32, now: Millis) {
        let deadline = now.saturating_add(u64::from(delay_ms));
        let slot = &mut self.slots[timer.index()];
        slot.deadline = Some(deadline);
        match &slot.armed {
            // The armed timeout goes off first; it will re-arm for the rest.
            Some(a) if a.fire_at <= deadline => {}
            _ => slot.armed = Some(arm(&self.sink, timer, delay_ms, deadline)),
        }
    }

    /// Cancels `timer` (no-op if it is not set).
    pub fn cancel(&mut self, timer: Timer) {
        let slot = &mut self.slots[timer.index()];
        slot.deadline = None;
        slot.armed = None;
    }

    /// Cancels every timer.
    pub fn clear(&mut self) {
        for t in Timer::ALL {
            self.cancel(t);
        }
    }

    /// Called when the armed timeout of `timer` went off: true if the core must hear of it now;
    /// otherwise the timer was cancelled, or pushed back and is re-armed for the remainder.
    pub fn take_due(&mut self, timer: Timer, now: Millis) -> bool {
        let slot = &mut self.slots[timer.index()];
        slot.armed = None;
        match slot.deadline {
            None => false,
            Some(d) if d > now => {
                // Rounding can make a timeout fire a fraction of a millisecond early: the
                // remainder is then 1 ms, harmless.
                let rest = u32::try_from(d - now).unwrap_or(u32::MAX);
                slot.armed = Some(arm(&self.sink, timer, rest, d));
                false
            }
            Some(_) => {
                slot.deadline = None;
                true
            }
        }
    }

    /// Whether `timer` is set (for debugging and tests).
    pub fn is_set(&self, timer: Timer) -> bool {
        self.slots[timer.index()].deadline.is_some()
    }
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

/// An armed `setTimeout`; dropping it clears the timeout and frees the callback.
struct Timeout {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    fn new(ms: u32, f: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(f);
        Self { id: set_timeout(callback.as_ref(), ms), _callback: callback }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

fn arm(sink: &Weak<dyn TimerSink>, timer: Timer, delay_ms: u32, fire_at: Millis) -> Armed {
    let sink = sink.clone();
    // setTimeout treats anything above 2^31 - 1 as 0; the core never asks for more.
    let delay = delay_ms.min(crate::core::config::MAX_DELAY_MS);
    let timeout = Timeout::new(delay, move || {
        if let Some(s) = sink.upgrade() {
            s.timeout_elapsed(timer);
        }
    });
    counts::inc(Kind::Timers, 1);
    counts::inc(Kind::Closures, 1);
    Armed { fire_at, _timeout: timeout }
}
