//! The environment's signals to [`Machine`]: the page or app hidden/visible, the network
//! offline/online. What each does is in docs/CORE.md (Reconnect, Heartbeat); tests in
//! `tests/core_signals.rs`.

use super::event::{Millis, Payload, Timer};
use super::machine::{Link, Machine};

impl<P: Payload + Clone> Machine<P> {
    pub(crate) fn on_hidden(&mut self) {
        self.hidden = true;
        if let Some(hb) = self.heartbeat.as_mut() {
            hb.forget_ping();
        }
        self.cancel_timer(Timer::Heartbeat);
        self.cancel_timer(Timer::PongDeadline);
    }

    pub(crate) fn on_visible(&mut self, now: Millis) {
        if !core::mem::replace(&mut self.hidden, false) {
            return;
        }
        if self.open_generation().is_some() {
            self.probe(now);
        } else if matches!(self.link, Link::Backoff { .. }) && !self.offline {
            self.cancel_timer(Timer::Reconnect);
            self.start_attempt(now);
        }
    }

    /// A network change (`online`, a mini-program `isConnected: true`), with or without an
    /// `offline` before it: the old TCP connection is suspect (a Wi-Fi → 4G switch kills it
    /// silently), so probe it now, and a pending retry need not wait.
    pub(crate) fn on_online(&mut self, now: Millis) {
        self.offline = false;
        if self.open_generation().is_some() {
            self.probe(now);
        } else if matches!(self.link, Link::Backoff { .. }) {
            self.attempt = 0;
            self.cancel_timer(Timer::Reconnect);
            self.start_attempt(now);
        }
    }

    pub(crate) fn on_offline(&mut self, now: Millis) {
        if core::mem::replace(&mut self.offline, true) {
            return;
        }
        match self.link {
            Link::Opening { .. } => self.link_dead(now, "offline"),
            Link::Open { .. } => self.probe(now),
            // Waiting to retry: retry at the slow pace until `Online` says the network is back.
            Link::Backoff { .. } => {
                if let Some(r) = &self.cfg.reconnect {
                    let delay = r.max_delay_ms;
                    self.set_timer(now, Timer::Reconnect, delay);
                }
            }
            Link::Idle { .. } | Link::Reopen { .. } => {}
        }
    }
}
