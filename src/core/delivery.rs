//! Delivery: what the machine promises about each user message, and how it keeps the promise.
//!
//! A message handed to a socket stays in the in-flight list (`inflight.rs`) until the server
//! confirms it: a pong to a ping sent after it, or a clean close handshake that we initiated.
//! Nothing else confirms anything. When a link dies first, every unconfirmed message ends in
//! exactly one way: back at the head of the outbox (`queue.resend`, when the core will reconnect)
//! or reported in a `Drop` with reason `unconfirmed`, always before that link's `Close` event.
//! The in-flight list counts against the queue bounds with the outbox, so a sender faster than
//! the server's round trip is paced instead of growing memory.

use alloc::string::String;
use alloc::vec::Vec;

use super::config::Overflow;
use super::event::{DropReason, Generation, Millis, Payload, SendError, SendOutcome, Seq};
use super::machine::{Link, Machine, UNSEQUENCED};

impl<P: Payload + Clone> Machine<P> {
    /// Sends a user message: out now when the link is open, else into the outbox. `clock` is
    /// read only when the time matters (the first message after a ping, a ping).
    pub fn send(&mut self, mut clock: impl FnMut() -> Millis, payload: P) -> Result<SendOutcome, SendError<P>> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let open = self.open_generation();
        if let Some(generation) = open {
            // Anything still waiting goes first, to keep send order.
            self.flush_lazy(&mut clock, generation);
        }
        if !self.fits(&payload) {
            // At the bound: ask the server to confirm what is in flight, to make room soon.
            self.probe_lazy(&mut clock);
            match self.cfg.queue.overflow {
                Overflow::Error => return Err(SendError::QueueFull(payload)),
                Overflow::DropNewest => return Ok(self.refuse(payload)),
                Overflow::DropOldest => {
                    let q = self.cfg.queue;
                    let size = payload.byte_len();
                    // A message that cannot fit even alone evicts nothing.
                    if q.max_messages == 0 || size > q.max_bytes {
                        return Ok(self.refuse(payload));
                    }
                    self.evict_until_fits(&payload);
                }
            }
        }
        let Some(generation) = open else {
            self.outbox.push(seq, payload);
            return Ok(SendOutcome::Queued);
        };
        self.transmit_at(&mut clock, generation, seq, payload);
        // Half full: ask for a confirmation before the bound is reached.
        let q = self.cfg.queue;
        // Sizes are measured only when their bound says it might be so.
        let half = |bytes: u64| bytes.saturating_mul(2) >= q.max_bytes;
        if self.in_flight.len() as u64 * 2 >= u64::from(q.max_messages)
            || (half(self.in_flight.bytes_bound()) && half(self.in_flight.bytes()))
        {
            self.probe_lazy(&mut clock);
        }
        Ok(SendOutcome::Transmitted)
    }

    /// Whether `payload` fits beside the outbox and the in-flight list. Exact, but the sizes are
    /// measured only when their upper bounds do not already fit ([`Payload::byte_bound`]).
    fn fits(&self, payload: &P) -> bool {
        let q = self.cfg.queue;
        let held = (self.outbox.len() + self.in_flight.len()) as u64;
        let within = |flight: u64, size: u64| self.outbox.bytes().saturating_add(flight).saturating_add(size) <= q.max_bytes;
        held < u64::from(q.max_messages)
            && (within(self.in_flight.bytes_bound(), payload.byte_bound()) || within(self.in_flight.bytes(), payload.byte_len()))
    }

    /// `drop-oldest`: evicts the oldest messages, in flight first (they are older), each reported.
    fn evict_until_fits(&mut self, payload: &P) {
        while !self.fits(payload) {
            if let Some(p) = self.in_flight.pop_oldest() {
                self.dropped(p, DropReason::Unconfirmed);
            } else if let Some((_, p)) = self.outbox.pop_front() {
                self.dropped(p, DropReason::QueueFull);
            } else {
                break;
            }
        }
    }

    /// Sends the driver may make itself, without [`Machine::send`]: `(generation, messages,
    /// bytes)`, `bytes` bounding the sum of their [`Payload::byte_bound`]s. Each would have gone
    /// out at once with no other effect: the link is open, nothing waits in the outbox, the
    /// clock is not needed (a message already waits for a ping to cover it), and with them the
    /// in-flight list stays under half its bounds (no confirming ping due, nothing refused). The
    /// driver tells them, in order, to [`Machine::sent_directly`] before it feeds anything else.
    #[must_use]
    pub fn direct_sends(&self) -> Option<(Generation, u32, u64)> {
        let Link::Open { generation, .. } = self.link else { return None };
        if self.connect_data.is_some() || !self.outbox.is_empty() || self.in_flight.uncovered_since().is_none() {
            return None;
        }
        let q = self.cfg.queue;
        // The most that keeps `2 × total < bound` after each of them (the half-full probe).
        let under_half = |bound: u64, used: u64| bound.div_ceil(2).saturating_sub(used + 1);
        let messages = under_half(u64::from(q.max_messages), self.in_flight.len() as u64);
        let bytes = under_half(q.max_bytes, self.in_flight.bytes_bound());
        (messages > 0).then_some((generation, messages.min(u64::from(u32::MAX)) as u32, bytes))
    }

    /// A message the driver sent itself, within [`Machine::direct_sends`].
    pub fn sent_directly(&mut self, payload: P) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.stats.sent += 1;
        let now = self.last_now;
        // Already set (direct_sends asks for it): the clock is not read.
        self.in_flight.push(seq, payload, || now);
    }

    fn refuse(&mut self, payload: P) -> SendOutcome {
        self.dropped(payload, DropReason::QueueFull);
        SendOutcome::Dropped
    }

    fn flush_lazy(&mut self, clock: &mut impl FnMut() -> Millis, generation: Generation) {
        if self.connect_data.is_some() || !self.outbox.is_empty() {
            let now = clock();
            self.flush(now, generation);
        }
    }

    fn probe_lazy(&mut self, clock: &mut impl FnMut() -> Millis) {
        let can = self.open_generation().is_some() && self.heartbeat.as_ref().is_some_and(|h| !h.outstanding());
        if can && !self.hidden {
            let now = clock();
            self.probe(now);
        }
    }

    /// Milliseconds until a ping must go out to confirm the oldest uncovered message (0: now),
    /// or `None` when nothing waits for a ping.
    pub(crate) fn confirm_due_in(&self, now: Millis) -> Option<u32> {
        let since = self.in_flight.uncovered_since()?;
        let interval = u64::from(self.heartbeat.as_ref()?.interval_ms());
        Some((since + interval).saturating_sub(now).min(interval) as u32)
    }

    /// Delay of the next ping after a settled one: the interval, or sooner when a message
    /// transmitted meanwhile must be confirmed within an interval of going out.
    pub(crate) fn next_ping_delay(&self, now: Millis) -> u32 {
        let interval = self.heartbeat.as_ref().map_or(0, |h| h.interval_ms());
        self.confirm_due_in(now).map_or(interval, |d| d.min(interval))
    }

    /// The current socket closed cleanly after our close frame: the server read everything.
    pub(crate) fn confirm_all(&mut self) {
        if self.in_flight.failed {
            return self.settle_unconfirmed(self.resend_for(matches!(self.link, Link::Reopen { .. })));
        }
        self.stats.confirmed += self.in_flight.take_all().len() as u64;
    }

    /// The socket that carried the in-flight messages is gone without confirming them: back to
    /// the head of the outbox (`resend`), or each reported as a `Drop`, in transmission order.
    pub(crate) fn settle_unconfirmed(&mut self, resend: bool) {
        let items = self.in_flight.take_all();
        if resend {
            self.stats.resent += items.len() as u64;
            self.outbox.prepend(items);
        } else {
            for (_, p) in items {
                self.dropped(p, DropReason::Unconfirmed);
            }
        }
    }

    /// Whether unconfirmed messages of a dead link go back to the outbox: `queue.resend`, and
    /// a next link to carry them.
    pub(crate) fn resend_for(&self, will_reconnect: bool) -> bool {
        self.cfg.queue.resend && will_reconnect && self.wants_link()
    }

    pub(crate) fn on_send_failed(&mut self, now: Millis, generation: Generation, seq: Seq) {
        if seq != UNSEQUENCED {
            self.stats.sent = self.stats.sent.saturating_sub(1);
        }
        match self.current_generation() {
            // The open link is dead. The stream broke at this message: it and everything handed
            // over after it never reached the server, so they go back to the outbox whatever
            // `queue.resend` says (no duplicate is possible); what went before is in doubt and
            // is settled with the link.
            Some(g) if g == generation && self.open_generation() == Some(generation) => {
                let undelivered = self.in_flight.split_from(seq);
                self.stats.resent += undelivered.len() as u64;
                self.outbox.prepend(undelivered);
                self.link_dead(now, "send failed")
            }
            // The socket is closing: its close can no longer confirm everything.
            Some(g) if g == generation => self.in_flight.failed = true,
            // A released socket: its messages were settled when it went.
            _ => {}
        }
    }

    pub(crate) fn on_send_rejected(&mut self, seq: Seq, payload: P) {
        if seq == UNSEQUENCED {
            return self.dropped(payload, DropReason::Rejected);
        }
        // Still in flight, unless the link was settled meanwhile (then it was resent or
        // reported already, and must not be reported twice).
        if let Some(p) = self.in_flight.remove(seq) {
            self.stats.sent = self.stats.sent.saturating_sub(1);
            self.dropped(p, DropReason::Rejected);
        }
    }

    /// Sequence numbers in flight, oldest first, then those in the outbox (for tests and
    /// debug tools: each user message is in at most one of the two).
    pub fn pending_seqs(&self) -> (Vec<Seq>, Vec<Seq>) {
        (self.in_flight.seqs().collect(), self.outbox.seqs().collect())
    }

    /// The host frees the instance: a manual close that cannot wait for its handshake, so
    /// everything still in flight is reported unconfirmed now (and the outbox as closed).
    pub fn free(&mut self) {
        self.on_close(self.last_now, 1000, String::new());
        self.settle_unconfirmed(false);
    }
}
