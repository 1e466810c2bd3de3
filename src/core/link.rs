//! The socket lifecycle of [`Machine`]: connect, lose, tear down, retry, give up, close.
//!
//! Every change of [`Link`] is made here. One rule carries the reconnect lock: a new socket is
//! opened only when no other socket is known. A socket being torn down stays known (the
//! `draining` of `Idle`, `Backoff` and `Reopen`) until it reports its close or `CloseWait`
//! expires, so however fast faults come, two sockets never overlap.

use alloc::string::String;
use alloc::vec::Vec;
use super::backoff::jittered_delay;
use super::event::{DropReason, Effect, Event, Generation, Millis, Payload, Timer};
use super::machine::{Drain, Link, Machine};

/// How long a socket being torn down may take to report its close before it is given up on.
pub const CLOSE_WAIT_MS: u32 = 2000;

/// Close code the core sends when it abandons a socket it judged dead (an application code:
/// browsers only accept 1000 and 3000–4999 from scripts).
pub const ABANDON_CODE: u16 = 4000;

/// Close code reported to the user for a link lost without a closing handshake.
pub const ABNORMAL_CODE: u16 = 1006;

impl<P: Payload + Clone> Machine<P> {
    pub(crate) fn on_connect(&mut self, now: Millis, data: Option<P>) {
        if let Some(d) = data {
            let seq = self.next_seq;
            self.next_seq += 1;
            match self.open_generation() {
                Some(generation) => {
                    self.flush(now, generation);
                    self.transmit(now, generation, seq, d);
                }
                // The first connect's data leads the next open; data of a later connect made
                // before that open waits in the outbox at its place in send order.
                None if self.connect_data.is_some() => self.outbox.requeue(seq, d),
                None => self.connect_data = Some((seq, d)),
            }
        }
        let Link::Idle { draining } = self.link else { return };
        self.attempt = 0;
        self.attempt_now(now, draining);
    }

    pub(crate) fn on_user_reconnect(&mut self, now: Millis) {
        if !self.wants_link() {
            return self.on_connect(now, None);
        }
        self.attempt = 0;
        self.cancel_timer(Timer::Reconnect);
        match self.link {
            Link::Opening { generation, .. } | Link::Open { generation, .. } => {
                self.stop_link_timers();
                let d = self.tear_down(now, generation, 1000, "reconnect", false);
                self.emit(Event::Close { code: 1000, reason: "reconnect".into(), was_clean: true, will_reconnect: true });
                self.link = Link::Reopen { draining: d };
            }
            Link::Backoff { draining } => self.attempt_now(now, draining),
            Link::Idle { .. } | Link::Reopen { .. } => {}
        }
    }

    pub(crate) fn on_close(&mut self, now: Millis, code: u16, reason: String) {
        let was_running = self.wants_link();
        self.cancel_timer(Timer::Reconnect);
        self.stop_link_timers();
        self.drop_pending();
        let draining = match self.link {
            Link::Opening { generation, .. } | Link::Open { generation, .. } => {
                Some(self.tear_down(now, generation, code, &reason, true))
            }
            _ => {
                let d = self.draining();
                // Nothing open: the user's close is final at once (a dead socket may still
                // drain), unless a close of theirs is already under way.
                if was_running && !d.is_some_and(|d| d.report) {
                    self.emit(Event::Close { code, reason, was_clean: true, will_reconnect: false });
                }
                d
            }
        };
        self.link = Link::Idle { draining };
    }

    pub(crate) fn on_socket_closed(
        &mut self,
        now: Millis,
        generation: Generation,
        code: u16,
        reason: String,
        was_clean: bool,
        should_reconnect: Option<bool>,
    ) {
        if self.current_generation() != Some(generation) {
            return;
        }
        match self.link {
            Link::Opening { .. } => {
                self.release(generation);
                self.lost(now, None, None, code, reason, was_clean, should_reconnect);
            }
            Link::Open { opened_at, .. } => {
                self.release(generation);
                self.lost(now, None, Some(opened_at), code, reason, was_clean, should_reconnect);
            }
            // Our close frame went first: a clean handshake means the server read it all.
            _ => self.drained(now, code, reason, was_clean),
        }
    }

    pub(crate) fn on_connect_timeout(&mut self, now: Millis) {
        let Link::Opening { started_at, .. } = self.link else { return };
        let Some(limit) = self.cfg.reconnect.as_ref().and_then(|r| r.connect_timeout_ms) else { return };
        // Set when the socket was created, so due now.
        debug_assert!(now.saturating_sub(started_at) >= u64::from(limit));
        self.link_dead(now, "connect timeout");
    }

    pub(crate) fn on_close_wait(&mut self, now: Millis) {
        self.drained(now, ABNORMAL_CODE, String::new(), false);
    }

    /// The draining socket is gone (it reported its close, or `CloseWait` expired): settle what
    /// it carried, report the close if it is news, and open the next socket if one waits.
    fn drained(&mut self, now: Millis, code: u16, reason: String, was_clean: bool) {
        let Some(d) = self.draining() else { return };
        let reopen = matches!(self.link, Link::Reopen { .. });
        self.release(d.generation);
        if was_clean {
            self.confirm_all();
        } else {
            self.settle_unconfirmed(self.resend_for(reopen));
        }
        if d.report {
            self.emit(Event::Close { code, reason, was_clean, will_reconnect: reopen });
        }
        match self.link {
            Link::Reopen { .. } => self.open_socket(now),
            Link::Backoff { .. } => self.link = Link::Backoff { draining: None },
            _ => self.link = Link::Idle { draining: None },
        }
    }

    /// The `Reconnect` timer went off (or need not wait): a connection attempt now.
    pub(crate) fn start_attempt(&mut self, now: Millis) {
        if let Link::Backoff { draining } = self.link {
            self.attempt_now(now, draining);
        }
    }

    /// Opens a socket now, or as soon as `draining` is gone.
    fn attempt_now(&mut self, now: Millis, draining: Option<Drain>) {
        match draining {
            None => self.open_socket(now),
            Some(d) => self.link = Link::Reopen { draining: d },
        }
    }

    fn open_socket(&mut self, now: Millis) {
        self.next_generation += 1;
        let generation = Generation(self.next_generation);
        self.link = Link::Opening { generation, started_at: now };
        self.effects.push_back(Effect::OpenSocket { generation });
        if let Some(t) = self.cfg.reconnect.as_ref().and_then(|r| r.connect_timeout_ms) {
            self.set_timer(now, Timer::ConnectTimeout, t);
        }
    }

    /// The current (opening or open) socket is judged dead: report the loss now, close it in
    /// the background, and go on as for any loss.
    pub(crate) fn link_dead(&mut self, now: Millis, why: &str) {
        let (generation, opened_at) = match self.link {
            Link::Open { generation, opened_at } => (generation, Some(opened_at)),
            Link::Opening { generation, .. } => (generation, None),
            _ => return,
        };
        let d = self.tear_down(now, generation, ABANDON_CODE, why, false);
        self.lost(now, Some(d), opened_at, ABNORMAL_CODE, why.into(), false, None);
    }

    /// Closes a socket, which stays known until it reports its close (or `CloseWait` expires):
    /// the caller puts the returned [`Drain`] in the next [`Link`].
    #[must_use]
    fn tear_down(&mut self, now: Millis, generation: Generation, code: u16, reason: &str, report: bool) -> Drain {
        self.cancel_timer(Timer::ConnectTimeout);
        self.effects.push_back(Effect::CloseSocket { generation, code, reason: reason.into() });
        self.set_timer(now, Timer::CloseWait, CLOSE_WAIT_MS);
        Drain { generation, report }
    }

    /// The core is done with the socket of `generation` (the caller updates [`Link`]).
    fn release(&mut self, generation: Generation) {
        self.cancel_timer(Timer::CloseWait);
        self.cancel_timer(Timer::ConnectTimeout);
        self.effects.push_back(Effect::ReleaseSocket { generation });
    }

    fn stop_link_timers(&mut self) {
        self.heartbeat = None;
        self.cancel_timer(Timer::Heartbeat);
        self.cancel_timer(Timer::PongDeadline);
        self.cancel_timer(Timer::ConnectTimeout);
    }

    /// The link is gone while the user still wants it: report, then retry or give up.
    /// `draining`: the lost socket, if it is still being torn down.
    #[allow(clippy::too_many_arguments)]
    fn lost(
        &mut self,
        now: Millis,
        draining: Option<Drain>,
        opened_at: Option<Millis>,
        code: u16,
        reason: String,
        was_clean: bool,
        should_reconnect: Option<bool>,
    ) {
        self.stop_link_timers();
        let will_reconnect = match &self.cfg.reconnect {
            None => false,
            Some(r) => {
                if opened_at.is_some_and(|t| now.saturating_sub(t) >= u64::from(r.min_uptime_ms)) {
                    self.attempt = 0;
                }
                !r.stop_on_codes.contains(&code)
                    && should_reconnect != Some(false)
                    && r.max_retries.is_none_or(|max| self.attempt < max)
            }
        };
        // Before the close event, so a UI can mark them; a give-up never resends.
        self.settle_unconfirmed(self.resend_for(will_reconnect));
        self.emit(Event::Close { code, reason, was_clean, will_reconnect });
        match &self.cfg.reconnect {
            Some(r) if will_reconnect => {
                self.attempt += 1;
                let drawn = jittered_delay(r, self.attempt, self.rng.next_f64());
                let delay_ms = if self.offline { r.max_delay_ms } else { drawn };
                self.set_timer(now, Timer::Reconnect, delay_ms);
                self.link = Link::Backoff { draining };
                self.emit(Event::Reconnecting { attempt: self.attempt, delay_ms });
            }
            _ => self.give_up(draining),
        }
    }

    fn give_up(&mut self, draining: Option<Drain>) {
        self.link = Link::Idle { draining };
        self.cancel_timer(Timer::Reconnect);
        self.emit(Event::GiveUp { attempts: self.attempt });
        self.drop_pending();
    }

    /// Reports every message still waiting as dropped: the link will not carry them.
    fn drop_pending(&mut self) {
        let mut pending: Vec<P> = self.connect_data.take().map(|(_, p)| p).into_iter().collect();
        pending.extend(self.outbox.drain().map(|(_, p)| p));
        for p in pending {
            self.dropped(p, DropReason::Closed);
        }
    }
}
