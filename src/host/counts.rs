//! Live-object counters for leak tests (`debug` feature only; no-ops otherwise).
//!
//! Every closure, timer, socket and listener the driver creates increments its counter and
//! decrements it in `Drop`, so a test can run hundreds of reconnect cycles and assert that the
//! counts came back to where they were.

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Closure`s handed to JS (socket handlers, lifecycle listeners, timer callbacks).
    Closures = 0,
    /// Armed `setTimeout`s.
    Timers = 1,
    /// Socket entries (a JS socket object, or a slot waiting for an async URL).
    Sockets = 2,
    /// Page-lifecycle subscriptions.
    Lifecycle = 3,
    /// Live `WebSocketClass` instances.
    Instances = 4,
}

#[cfg(feature = "debug")]
mod imp {
    use core::sync::atomic::{AtomicI32, Ordering};

    // wasm32 without threads: atomics compile to plain loads and stores.
    static COUNTS: [AtomicI32; 5] =
        [AtomicI32::new(0), AtomicI32::new(0), AtomicI32::new(0), AtomicI32::new(0), AtomicI32::new(0)];

    pub fn add(kind: super::Kind, delta: i32) {
        COUNTS[kind as usize].fetch_add(delta, Ordering::Relaxed);
    }

    pub fn get(kind: super::Kind) -> i32 {
        COUNTS[kind as usize].load(Ordering::Relaxed)
    }
}

/// Counts `n` more live objects of `kind`.
#[inline]
pub fn inc(kind: Kind, n: i32) {
    #[cfg(feature = "debug")]
    imp::add(kind, n);
    #[cfg(not(feature = "debug"))]
    let _ = (kind, n);
}

/// Counts `n` fewer live objects of `kind`.
#[inline]
pub fn dec(kind: Kind, n: i32) {
    inc(kind, -n);
}

/// Current count of `kind` (always 0 without the `debug` feature).
pub fn get(kind: Kind) -> i32 {
    #[cfg(feature = "debug")]
    return imp::get(kind);
    #[cfg(not(feature = "debug"))]
    {
        let _ = kind;
        0
    }
}
