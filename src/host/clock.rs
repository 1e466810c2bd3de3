//! The driver's monotonic millisecond clock.
//!
//! `performance.now()` where the host has it (browsers, workers, Node), `Date.now()` otherwise
//! (some mini-program runtimes). Both are found on `globalThis`, never through `window`.

use core::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::js::prop;
use crate::core::Millis;

#[wasm_bindgen]
extern "C" {
    /// Anything with a `now()` method returning milliseconds.
    type NowSource;
    #[wasm_bindgen(method, structural)]
    fn now(this: &NowSource) -> f64;
}

/// One instance's clock (kept per instance: a thread-local lookup per message cost more
/// than the read itself).
pub struct Clock {
    perf: Option<NowSource>,
    // Date.now() can step back (NTP); the core needs time that never decreases.
    last: Cell<Millis>,
}

impl Clock {
    /// Finds `performance.now` (or falls back to `Date.now`).
    pub fn new() -> Self {
        let perf = Some(prop(&super::js::global(), "performance"))
            .filter(|p| p.is_object() && prop(p, "now").is_function())
            .map(|p| p.unchecked_into::<NowSource>());
        Self { perf, last: Cell::new(0) }
    }

    /// Milliseconds, never decreasing.
    pub fn now(&self) -> Millis {
        let raw = match &self.perf {
            Some(p) => p.now(),
            None => js_sys::Date::now(),
        };
        let ms = if raw.is_finite() && raw > 0.0 { raw as Millis } else { 0 };
        let ms = ms.max(self.last.get());
        self.last.set(ms);
        ms
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}
