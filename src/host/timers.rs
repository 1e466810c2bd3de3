//! The one host timer of an instance: a `setTimeout` armed for the core's
//! [`Machine::poll_timeout`](crate::core::Machine::poll_timeout), nothing else. The core keeps every
//! deadline (`src/core/timer.rs`); when the timeout goes off, the driver calls
//! `Machine::handle_timeout` and then [`Wake::sync`] again.
//!
//! Re-arming is lazy: with `resetOnMessage` the heartbeat is pushed back by traffic, and a
//! `clearTimeout` + `setTimeout` whenever the earliest deadline moves later would cost more than
//! the message. So a later deadline leaves the armed timeout alone; when it goes off early,
//! nothing is due and it is armed again for the remainder. An earlier deadline re-arms at once.

use alloc::rc::Weak;

use wasm_bindgen::prelude::*;

use super::counts::{Kind, Live};
use crate::core::Millis;

/// Receives the armed timeout going off.
pub trait TimerSink {
    /// The timeout went off: call [`Wake::fired`], wake the core, then [`Wake::sync`].
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

/// The host timer of one instance.
pub struct Wake {
    /// The pending `setTimeout`: its id and when it goes off.
    armed: Option<(JsValue, Millis, Live)>,
    /// The callback of every timeout, kept while the core has a deadline. It takes an (unused)
    /// argument: the socket handlers' closure type, one type fewer in the wasm.
    callback: Option<(super::socket::Handler, Live)>,
    sink: Weak<dyn TimerSink>,
}

impl Wake {
    /// Nothing armed; the timeout reports to `sink`.
    pub fn new(sink: Weak<dyn TimerSink>) -> Self {
        Self { armed: None, callback: None, sink }
    }

    /// Makes the timeout go off no later than `deadline` (the core's `poll_timeout()`); `None`
    /// clears it and frees the callback. `now` is read only when a timeout must be armed.
    #[inline]
    pub fn sync(&mut self, deadline: Option<Millis>, now: impl FnOnce() -> Millis) {
        match (deadline, &self.armed) {
            // The armed timeout goes off first (or then); it will be armed again for the rest.
            (Some(d), Some((_, at, _))) if *at <= d => {}
            (Some(d), _) => self.arm(d, now()),
            (None, None) if self.callback.is_none() => {}
            (None, _) => self.clear(),
        }
    }

    /// The armed timeout went off (it is no longer pending).
    pub fn fired(&mut self) {
        self.armed = None;
    }

    /// Clears the timeout and frees the callback. Freed at once, or after it returns if it is
    /// running (a timer callback that freed the instance): wasm-bindgen defers that.
    pub fn clear(&mut self) {
        self.disarm();
        self.callback = None;
    }

    /// (Re)arms the timeout to go off at `deadline`.
    fn arm(&mut self, deadline: Millis, now: Millis) {
        self.disarm();
        let (callback, _) = self.callback.get_or_insert_with(|| {
            let sink = self.sink.clone();
            let f = Closure::new(move |_: JsValue| {
                if let Some(s) = sink.upgrade() {
                    s.timeout_elapsed();
                }
            });
            (f, Live::new(Kind::Closures, 1))
        });
        // setTimeout treats anything above 2^31 - 1 as 0; the core never asks for more.
        // Rounding can make a timeout go off a fraction of a millisecond early: the core then
        // finds nothing due and the remainder is 1 ms, harmless.
        let delay = u32::try_from(deadline.saturating_sub(now)).unwrap_or(u32::MAX).min(crate::core::config::MAX_DELAY_MS);
        self.armed = Some((set_timeout(callback.as_ref(), delay), deadline, Live::new(Kind::Timers, 1)));
    }

    fn disarm(&mut self) {
        if let Some((id, ..)) = self.armed.take() {
            clear_timeout(&id);
        }
    }
}

impl Drop for Wake {
    fn drop(&mut self) {
        self.clear();
    }
}
