//! The core's deadlines: one optional point in time per [`Timer`], in the manner of
//! quinn-proto's `TimerTable`. The machine sets and stops deadlines; a driver asks
//! [`crate::core::Machine::poll_timeout`] for the earliest one, keeps one host timer armed for it,
//! and calls [`crate::core::Machine::handle_timeout`] when it goes off. No host keeps timer state
//! of its own, so there is one place that knows what is due.

use super::event::{Millis, Timer};

/// When each timer is due (`None`: not set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TimerTable {
    at: [Option<Millis>; 5],
}

impl TimerTable {
    /// Sets `timer` to go off at `deadline`, replacing any earlier setting.
    pub(crate) fn set(&mut self, timer: Timer, deadline: Millis) {
        self.at[timer.index()] = Some(deadline);
    }

    /// Unsets `timer`; returns whether it was set.
    pub(crate) fn stop(&mut self, timer: Timer) -> bool {
        self.at[timer.index()].take().is_some()
    }

    /// When `timer` is due, if set.
    pub(crate) fn get(&self, timer: Timer) -> Option<Millis> {
        self.at[timer.index()]
    }

    pub(crate) fn is_set(&self, timer: Timer) -> bool {
        self.get(timer).is_some()
    }

    /// The earliest deadline.
    pub(crate) fn next_timeout(&self) -> Option<Millis> {
        self.at.iter().flatten().copied().min()
    }

    /// The timers due at `now`, earliest first (ties in [`Timer::ALL`] order), with their
    /// deadlines: a snapshot, so a timer (re)set while these are handled waits for the next wake.
    pub(crate) fn expired(&self, now: Millis) -> impl Iterator<Item = (Millis, Timer)> {
        let mut due = [None::<(Millis, Timer)>; 5];
        for t in Timer::ALL {
            if let Some(at) = self.get(t).filter(|&at| at <= now) {
                due[t.index()] = Some((at, t));
            }
        }
        // Five entries at most: a sort without allocation.
        due.sort_unstable();
        due.into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_only_what_is_due() {
        let mut t = TimerTable::default();
        assert_eq!(t.next_timeout(), None);
        t.set(Timer::CloseWait, 50);
        t.set(Timer::Heartbeat, 50);
        t.set(Timer::Reconnect, 20);
        t.set(Timer::PongDeadline, 90);
        assert_eq!(t.next_timeout(), Some(20));
        let due: Vec<_> = t.expired(50).collect();
        assert_eq!(due, [(20, Timer::Reconnect), (50, Timer::Heartbeat), (50, Timer::CloseWait)]);
        assert!(t.stop(Timer::Reconnect));
        assert!(!t.stop(Timer::Reconnect));
        assert_eq!((t.next_timeout(), t.get(Timer::PongDeadline)), (Some(50), Some(90)));
        assert!(t.is_set(Timer::Heartbeat) && !t.is_set(Timer::ConnectTimeout));
    }
}
