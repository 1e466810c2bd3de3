//! Heartbeat bookkeeping for one open link: when to ping, and whether silence means death.
//!
//! Every verdict is taken from the clock at the moment a timer fires, never from counting
//! ticks: a timer that fires early is re-armed for the remainder, and a deadline timer that
//! fires late (a throttled background tab) is judged by how long the ping really went
//! unanswered, so the wait is never stretched beyond what the clock says — but for one short
//! grace: a deadline that fires well after it was due means the event loop was stalled (a
//! frozen page, a debugger), and the reply may be queued right behind the timer. The grace
//! ([`STALL_GRACE_MS`]) lets already-queued events run first; it is granted once per ping.
//! Incoming messages only update a timestamp: no timer is touched per message unless a ping
//! is outstanding, because the message path is the hot path. Nor is the clock read for every
//! message: in each heartbeat period the first [`TIMED`] messages are timed, then one in
//! [`TIMED`] (a clock read costs more than the rest of a message, docs/CORE.md "Heartbeat").
//! The time kept is never later than the last message's, so a ping is never late; it may come
//! early by the time the last few untimed messages took.

use super::config::HeartbeatConfig;
use super::event::Millis;

/// A deadline firing more than this after it was due is taken as a stalled event loop.
pub const STALL_SLACK_MS: u64 = 50;

/// The wait granted once per ping, after a stalled deadline, before the link is judged dead.
pub const STALL_GRACE_MS: u32 = 100;

/// Messages timed one by one in each heartbeat period, and the stride of the sampling after.
pub const TIMED: u32 = 64;

/// What the machine must do after a heartbeat timer fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing (the timer was stale).
    Nothing,
    /// Send a ping now and arm the pong deadline for `timeout_ms`.
    Ping {
        /// Delay of the pong deadline.
        timeout_ms: u32,
    },
    /// Too early: re-arm the same timer for `delay_ms`.
    Rearm {
        /// Remaining delay.
        delay_ms: u32,
    },
    /// No reply within the timeout: the link is dead.
    Dead,
}

/// What an incoming message meant for the heartbeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    /// Round-trip time, when the message answered the outstanding ping.
    pub rtt_ms: Option<u64>,
    /// When an outstanding ping was settled (cancel the deadline, arm the next ping).
    pub settled_at: Option<Millis>,
}

impl Received {
    const NOTHING: Self = Self { rtt_ms: None, settled_at: None };
}

/// Heartbeat state of the current link.
#[derive(Clone, Debug)]
pub struct Heartbeat {
    cfg: HeartbeatConfig,
    /// The time of the last timed message: never later than the last message's.
    last_rx: Millis,
    /// Messages heard in this period (since the `Heartbeat` timer last fired).
    period_rx: u32,
    /// Messages heard since the last timed one.
    untimed: u32,
    ping_sent_at: Option<Millis>,
    /// The stall grace was granted for the outstanding ping.
    grace_used: bool,
}

fn remaining(total: u32, elapsed: u64) -> u32 {
    // elapsed < total here, so the difference fits in u32.
    (u64::from(total) - elapsed) as u32
}

impl Heartbeat {
    /// Heartbeat for a link that opened at `now`.
    pub fn new(cfg: HeartbeatConfig, now: Millis) -> Self {
        Self { cfg, last_rx: now, period_rx: 0, untimed: 0, ping_sent_at: None, grace_used: false }
    }

    /// Quiet time before a ping.
    pub fn interval_ms(&self) -> u32 {
        self.cfg.interval_ms
    }

    /// Time allowed for the reply.
    pub fn timeout_ms(&self) -> u32 {
        self.cfg.timeout_ms
    }

    /// Whether a ping awaits its reply.
    pub fn outstanding(&self) -> bool {
        self.ping_sent_at.is_some()
    }

    /// Records a ping sent at `now` (the first of several outstanding ones counts).
    pub fn ping_sent(&mut self, now: Millis) {
        if self.ping_sent_at.is_none() {
            self.ping_sent_at = Some(now);
            self.grace_used = false;
        }
    }

    /// Forgets an outstanding ping (the page went to the background: its deadline is paused).
    pub fn forget_ping(&mut self) {
        self.ping_sent_at = None;
    }

    /// A message arrived; `now` is read only when its time matters: a pong, a message that
    /// settles an outstanding ping, and the timed ones of the traffic (module docs).
    pub fn on_message(&mut self, now: impl FnOnce() -> Millis, is_pong: bool) -> Received {
        if !is_pong && !self.cfg.reset_on_message {
            return Received::NOTHING;
        }
        if is_pong || self.ping_sent_at.is_some() {
            let now = now();
            self.last_rx = now;
            self.untimed = 0;
            return match self.ping_sent_at.take() {
                Some(sent) => Received { rtt_ms: is_pong.then(|| now.saturating_sub(sent)), settled_at: Some(now) },
                None => Received::NOTHING,
            };
        }
        self.period_rx = self.period_rx.saturating_add(1);
        self.untimed += 1;
        if self.period_rx <= TIMED || self.untimed >= TIMED {
            self.last_rx = now();
            self.untimed = 0;
        }
        Received::NOTHING
    }

    /// How many messages may follow without [`Heartbeat::on_message`] (their number told later
    /// through [`Heartbeat::skipped`]): none while a ping is outstanding or the period's first
    /// messages are timed, else those before the next timed one; any number without
    /// `resetOnMessage`.
    pub fn skippable(&self) -> u32 {
        if !self.cfg.reset_on_message {
            u32::MAX
        } else if self.ping_sent_at.is_some() || self.period_rx < TIMED {
            0
        } else {
            TIMED - 1 - self.untimed.min(TIMED - 1)
        }
    }

    /// `n` messages came that [`Heartbeat::skippable`] allowed to skip.
    pub fn skipped(&mut self, n: u32) {
        if self.cfg.reset_on_message {
            self.period_rx = self.period_rx.saturating_add(n);
            self.untimed = self.untimed.saturating_add(n);
        }
    }

    /// The `Heartbeat` timer fired at `now`.
    pub fn on_ping_timer(&mut self, now: Millis) -> Verdict {
        if self.ping_sent_at.is_some() {
            return Verdict::Nothing;
        }
        self.period_rx = 0;
        let quiet = now.saturating_sub(self.last_rx);
        if self.cfg.reset_on_message && quiet < u64::from(self.cfg.interval_ms) {
            return Verdict::Rearm { delay_ms: remaining(self.cfg.interval_ms, quiet) };
        }
        self.ping_sent(now);
        Verdict::Ping { timeout_ms: self.cfg.timeout_ms }
    }

    /// The `PongDeadline` timer fired at `now`.
    pub fn on_deadline(&mut self, now: Millis) -> Verdict {
        let Some(sent) = self.ping_sent_at else { return Verdict::Nothing };
        let waited = now.saturating_sub(sent);
        let timeout = u64::from(self.cfg.timeout_ms);
        if waited < timeout {
            Verdict::Rearm { delay_ms: remaining(self.cfg.timeout_ms, waited) }
        } else if waited > timeout + STALL_SLACK_MS && !self.grace_used {
            self.grace_used = true;
            Verdict::Rearm { delay_ms: STALL_GRACE_MS }
        } else {
            Verdict::Dead
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hb(reset_on_message: bool) -> Heartbeat {
        Heartbeat::new(HeartbeatConfig { interval_ms: 1000, timeout_ms: 300, reset_on_message, ..Default::default() }, 0)
    }

    #[test]
    fn pings_after_quiet_interval_and_dies_after_timeout() {
        let mut h = hb(true);
        assert_eq!(h.on_ping_timer(1000), Verdict::Ping { timeout_ms: 300 });
        assert!(h.outstanding());
        assert_eq!(h.on_ping_timer(1100), Verdict::Nothing);
        assert_eq!(h.on_deadline(1299), Verdict::Rearm { delay_ms: 1 });
        assert_eq!(h.on_deadline(1300), Verdict::Dead);
    }

    #[test]
    fn late_deadline_is_judged_by_the_clock() {
        let mut h = hb(true);
        h.on_ping_timer(1000);
        // A deadline firing a minute late: the loop was stalled, so one short grace lets a
        // queued reply run first; then dead — not "wait another 300 ms", let alone a minute.
        assert_eq!(h.on_deadline(61_000), Verdict::Rearm { delay_ms: STALL_GRACE_MS });
        assert_eq!(h.on_deadline(61_100), Verdict::Dead);
        // Slightly late (within the slack): no grace.
        let mut h = hb(true);
        h.on_ping_timer(1000);
        assert_eq!(h.on_deadline(1350), Verdict::Dead);
    }

    #[test]
    fn traffic_pushes_the_ping_back() {
        let mut h = hb(true);
        assert_eq!(h.on_message(|| 700, false), Received { rtt_ms: None, settled_at: None });
        assert_eq!(h.on_ping_timer(1000), Verdict::Rearm { delay_ms: 700 });
        assert_eq!(h.on_ping_timer(1700), Verdict::Ping { timeout_ms: 300 });
    }

    #[test]
    fn without_reset_on_message_only_pongs_count() {
        let mut h = hb(false);
        h.on_message(|| 700, false);
        assert_eq!(h.on_ping_timer(1000), Verdict::Ping { timeout_ms: 300 });
        assert_eq!(h.on_message(|| 1100, false), Received { rtt_ms: None, settled_at: None });
        assert!(h.outstanding());
        assert_eq!(h.on_message(|| 1150, true), Received { rtt_ms: Some(150), settled_at: Some(1150) });
        assert_eq!(h.on_deadline(1300), Verdict::Nothing);
    }

    #[test]
    fn any_message_settles_an_outstanding_ping_with_reset_on_message() {
        let mut h = hb(true);
        h.on_ping_timer(1000);
        assert_eq!(h.on_message(|| 1100, false), Received { rtt_ms: None, settled_at: Some(1100) });
        assert!(!h.outstanding());
    }

    #[test]
    fn first_ping_time_is_kept_and_forget_clears_it() {
        let mut h = hb(true);
        h.ping_sent(10);
        h.ping_sent(20);
        assert_eq!(h.on_message(|| 50, true).rtt_ms, Some(40));
        h.ping_sent(60);
        assert_eq!(h.on_deadline(5000), Verdict::Rearm { delay_ms: STALL_GRACE_MS });
        h.on_message(|| 5050, true);
        h.ping_sent(6000);
        assert_eq!(h.on_deadline(9000), Verdict::Rearm { delay_ms: STALL_GRACE_MS }, "grace is per ping");
        h.forget_ping();
        assert_eq!(h.on_deadline(1000), Verdict::Nothing);
        assert_eq!((h.interval_ms(), h.timeout_ms()), (1000, 300));
    }
}
