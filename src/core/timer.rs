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

    /// The deadlines due at `now` (a snapshot: a timer (re)set while these are handled waits
    /// for the next wake); take them earliest first with [`take_earliest`].
    pub(crate) fn expired(&self, now: Millis) -> [Option<Millis>; 5] {
        self.at.map(|at| at.filter(|&at| at <= now))
    }
}

/// Takes the earliest entry of `due` (ties in [`Timer::ALL`] order). A loop over five entries
/// rather than a sort: the sort's code cost ~600 B gzip of wasm.
pub(crate) fn take_earliest(due: &mut [Option<Millis>; 5]) -> Option<(Millis, Timer)> {
    let mut next: Option<(Millis, Timer)> = None;
    for t in Timer::ALL {
        if let Some(at) = due[t.index()] {
            if next.is_none_or(|(n, _)| at < n) {
                next = Some((at, t));
            }
        }
    }
    let (_, t) = next?;
    due[t.index()] = None;
    next
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
        let mut due = t.expired(50);
        let order: Vec<_> = core::iter::from_fn(|| take_earliest(&mut due)).collect();
        assert_eq!(order, [(20, Timer::Reconnect), (50, Timer::Heartbeat), (50, Timer::CloseWait)]);
        assert!(t.stop(Timer::Reconnect));
        assert!(!t.stop(Timer::Reconnect));
        assert_eq!((t.next_timeout(), t.get(Timer::PongDeadline)), (Some(50), Some(90)));
        assert!(t.is_set(Timer::Heartbeat) && !t.is_set(Timer::ConnectTimeout));
    }
}
