//! Fault state, one [`Faults`] per client plus one server-wide.
//!
//! Everything is an atomic because the hot paths read it: the blackhole gate checks it on every
//! socket write and the reader on every message. Time is milliseconds since server start (see
//! [`Clock`]), so a deadline fits in a `u64` and needs no lock.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// "No deadline": a fault set without `ms` lasts until `/control/reset`.
const FOREVER: u64 = u64::MAX;
/// "Not set" for `delay_pong_ms`: distinguishes "no opinion" from an explicit 0.
const UNSET: u64 = u64::MAX;

/// Monotonic milliseconds since the server started.
#[derive(Debug)]
pub struct Clock {
    epoch: Instant,
}

impl Clock {
    /// Starts the clock now.
    pub fn new() -> Self {
        Self {
            epoch: Instant::now(),
        }
    }

    /// Milliseconds elapsed since [`Clock::new`]; starts at 1 so that 0 can mean "off".
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis())
            .unwrap_or(FOREVER - 1)
            .saturating_add(1)
    }
}

/// The lasting faults of one scope (a client, or every client).
#[derive(Debug)]
pub struct Faults {
    /// Silence until this instant (exclusive); 0 = off, `FOREVER` = until reset.
    blackhole_until: AtomicU64,
    /// Answer upgrades with 503 until this instant; 0 = off.
    refuse_until: AtomicU64,
    /// Hold new upgrades this long before answering; 0 = off.
    slow_handshake_ms: AtomicU64,
    /// Delay of text pongs; `UNSET` = this scope has no opinion.
    delay_pong_ms: AtomicU64,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            blackhole_until: AtomicU64::new(0),
            refuse_until: AtomicU64::new(0),
            slow_handshake_ms: AtomicU64::new(0),
            delay_pong_ms: AtomicU64::new(UNSET),
        }
    }
}

impl Faults {
    /// Blackholes from `now` for `ms` milliseconds, or until reset when `ms` is `None`.
    pub fn set_blackhole(&self, now: u64, ms: Option<u64>) {
        let until = ms.map_or(FOREVER, |ms| now.saturating_add(ms).min(FOREVER - 1));
        self.blackhole_until.store(until, Relaxed);
    }

    /// Whether writes are being swallowed at `now`.
    pub fn blackholed(&self, now: u64) -> bool {
        now < self.blackhole_until.load(Relaxed)
    }

    /// Refuses upgrades from `now` for `ms` milliseconds (0 lifts the refusal).
    pub fn set_refuse(&self, now: u64, ms: u64) {
        let until = if ms == 0 {
            0
        } else {
            now.saturating_add(ms).min(FOREVER - 1)
        };
        self.refuse_until.store(until, Relaxed);
    }

    /// Whether an upgrade arriving at `now` is refused.
    pub fn refusing(&self, now: u64) -> bool {
        now < self.refuse_until.load(Relaxed)
    }

    /// Holds every later upgrade `ms` milliseconds (0 = answer at once again).
    pub fn set_slow_handshake(&self, ms: u64) {
        self.slow_handshake_ms.store(ms, Relaxed);
    }

    /// How long to hold an upgrade before answering it.
    pub fn slow_handshake_ms(&self) -> u64 {
        self.slow_handshake_ms.load(Relaxed)
    }

    /// Delays pongs by `ms` (0 = immediately, overriding a server-wide delay).
    pub fn set_delay_pong(&self, ms: u64) {
        self.delay_pong_ms.store(ms.min(UNSET - 1), Relaxed);
    }

    /// This scope's pong delay, if it set one.
    pub fn delay_pong_ms(&self) -> Option<u64> {
        let ms = self.delay_pong_ms.load(Relaxed);
        (ms != UNSET).then_some(ms)
    }

    /// Back to no fault at all.
    pub fn reset(&self) {
        self.blackhole_until.store(0, Relaxed);
        self.refuse_until.store(0, Relaxed);
        self.slow_handshake_ms.store(0, Relaxed);
        self.delay_pong_ms.store(UNSET, Relaxed);
    }
}

/// A client's faults combined with the server-wide ones, as a connection sees them.
#[derive(Debug, Clone, Copy)]
pub struct Effective<'a> {
    /// The client's own faults.
    pub client: &'a Faults,
    /// Faults set without `client=`.
    pub global: &'a Faults,
}

impl Effective<'_> {
    /// Blackholed if either scope says so.
    pub fn blackholed(&self, now: u64) -> bool {
        self.client.blackholed(now) || self.global.blackholed(now)
    }

    /// Refused if either scope says so.
    pub fn refusing(&self, now: u64) -> bool {
        self.client.refusing(now) || self.global.refusing(now)
    }

    /// The longer of the two holds.
    pub fn slow_handshake_ms(&self) -> u64 {
        self.client
            .slow_handshake_ms()
            .max(self.global.slow_handshake_ms())
    }

    /// The client's delay if it set one (0 included), else the server-wide one, else 0.
    pub fn delay_pong_ms(&self) -> u64 {
        self.client
            .delay_pong_ms()
            .or_else(|| self.global.delay_pong_ms())
            .unwrap_or(0)
    }
}
