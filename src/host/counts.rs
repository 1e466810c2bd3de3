//! Live-object counters for leak tests (`__debugCounts`), in one wrapper type: [`Live`].
//!
//! Everything the driver creates that a leak would keep (a closure handed to JS, an armed
//! timeout, a socket entry, a lifecycle subscription, an instance) holds a `Live` for as long
//! as it exists: the count goes up when the `Live` is made and down when it is dropped, so a
//! count can never be forgotten on one path. With the `debug` feature off, `Live` is zero-sized,
//! has no `Drop`, and every `#[cfg]` of this module stays here.

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

/// `n` live objects of one [`Kind`], counted while this value lives.
#[must_use = "the count goes down when this is dropped: keep it beside what it counts"]
#[derive(Debug)]
pub struct Live {
    #[cfg(feature = "debug")]
    kind: Kind,
    #[cfg(feature = "debug")]
    n: i32,
}

impl Live {
    /// Counts `n` more live objects of `kind`, until dropped.
    #[inline]
    pub fn new(kind: Kind, n: i32) -> Self {
        #[cfg(feature = "debug")]
        {
            imp::add(kind, n);
            Self { kind, n }
        }
        #[cfg(not(feature = "debug"))]
        {
            let _ = (kind, n);
            Self {}
        }
    }

    /// Current count of `kind` (always 0 without the `debug` feature).
    pub fn count(kind: Kind) -> i32 {
        #[cfg(feature = "debug")]
        return imp::get(kind);
        #[cfg(not(feature = "debug"))]
        {
            let _ = kind;
            0
        }
    }
}

#[cfg(feature = "debug")]
impl Drop for Live {
    fn drop(&mut self) {
        imp::add(self.kind, -self.n);
    }
}

/// Current count of `kind` (always 0 without the `debug` feature); `__debugCounts` reads it.
pub fn get(kind: Kind) -> i32 {
    Live::count(kind)
}
