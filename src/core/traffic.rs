//! Incoming traffic: a message or a pong on the open socket, and the hot path drivers use for
//! messages that are not pongs (`Machine::message`), down to messages the driver may deliver
//! without the core at all (`Machine::skippable_messages`).

use super::event::{Delivery, Event, Generation, Millis, Payload, Timer};
use super::heartbeat::Heartbeat;
use super::machine::Machine;

impl<P: Payload + Clone> Machine<P> {
    /// A message that is not a pong arrived on `generation`: whether to deliver it to the user.
    /// The hot path, for drivers: no effect is queued (delivering is the caller's job, where
    /// [`Input::SocketMessage`] would emit `Message`), and `now` is read only when the time
    /// matters (with `resetOnMessage`: heartbeat.rs says when).
    pub fn message(&mut self, generation: Generation, now: impl FnOnce() -> Millis) -> Delivery {
        // Only the open socket's messages are news: after a close (manual or a dead-link
        // verdict already reported to the user) nothing but final events may follow.
        if self.open_generation() != Some(generation) {
            return Delivery::Ignore;
        }
        self.stats.received += 1;
        if self.heard(now, false) {
            Delivery::DeliverTimersMoved
        } else {
            Delivery::Deliver
        }
    }

    /// How many messages that are not pongs may come on the open socket without
    /// [`Machine::message`]: the driver delivers them itself, counts them, and tells
    /// [`Machine::skipped_messages`] before it feeds anything else (nothing but their number
    /// matters to the core until then). Any input, timeout or effect may change it: ask again
    /// after each.
    #[must_use]
    pub fn skippable_messages(&self) -> u32 {
        if self.open_generation().is_none() {
            return 0;
        }
        self.heartbeat.as_ref().map_or(u32::MAX, Heartbeat::skippable)
    }

    /// `n` messages came on the open socket that [`Machine::skippable_messages`] allowed to skip.
    pub fn skipped_messages(&mut self, n: u32) {
        self.stats.received += u64::from(n);
        if let Some(hb) = self.heartbeat.as_mut() {
            hb.skipped(n);
        }
    }

    pub(crate) fn on_message(&mut self, now: Millis, generation: Generation, is_pong: bool) {
        if !is_pong {
            if self.message(generation, || now) != Delivery::Ignore {
                self.emit(Event::Message);
            }
            return;
        }
        if self.open_generation() != Some(generation) {
            return;
        }
        // Pongs answer pings in order: this one confirms what went out before its ping.
        self.stats.confirmed += self.in_flight.pong();
        let _ = self.heard(|| now, true);
    }

    /// The heartbeat heard a message (a pong, or any with `resetOnMessage`); true if it settled
    /// the outstanding ping (its deadline cancelled, the next ping armed).
    fn heard(&mut self, now: impl FnOnce() -> Millis, is_pong: bool) -> bool {
        let Some(hb) = self.heartbeat.as_mut() else { return false };
        let r = hb.on_message(now, is_pong);
        if let Some(now) = r.settled_at {
            self.cancel_timer(Timer::PongDeadline);
            if !self.hidden {
                let delay = self.next_ping_delay(now);
                self.set_timer(now, Timer::Heartbeat, delay);
            }
        }
        if let Some(rtt_ms) = r.rtt_ms {
            self.stats.last_rtt_ms = Some(rtt_ms);
            self.emit(Event::Heartbeat { rtt_ms });
        }
        r.settled_at.is_some()
    }
}
