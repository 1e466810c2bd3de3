//! The socket lifecycle of [`Machine`]: connect, lose, tear down, retry, give up, close.
//!
//! One rule carries the reconnect lock: a new socket is opened only when no other socket is
//! known (`self.socket` is `None`). A socket being torn down stays known until it reports its
//! close or `CloseWait` expires, so however fast faults come, two sockets never overlap.

use alloc::string::String;
use alloc::vec::Vec;
use super::backoff::jittered_delay;
use super::event::{DropReason, Effect, Event, Generation, Millis, Payload, Timer};
use super::machine::{Machine, Phase, Sock};

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
        if self.running {
            return;
        }
        self.running = true;
        self.attempt = 0;
        self.start_attempt(now);
    }

    pub(crate) fn on_user_reconnect(&mut self, now: Millis) {
        if !self.running {
            return self.on_connect(now, None);
        }
        self.attempt = 0;
        self.cancel_timer(Timer::Reconnect);
        if let Some(Sock { generation, phase: Phase::Opening { .. } | Phase::Open { .. } }) = self.socket {
            self.stop_link_timers();
            self.tear_down(now, generation, 1000, "reconnect", false);
            self.emit(Event::Close { code: 1000, reason: "reconnect".into(), was_clean: true, will_reconnect: true });
        }
        self.start_attempt(now);
    }

    pub(crate) fn on_close(&mut self, now: Millis, code: u16, reason: String) {
        let was_running = core::mem::replace(&mut self.running, false);
        self.open_when_drained = false;
        self.cancel_timer(Timer::Reconnect);
        self.stop_link_timers();
        self.drop_pending();
        match self.socket {
            Some(Sock { generation, phase: Phase::Opening { .. } | Phase::Open { .. } }) => {
                self.tear_down(now, generation, code, &reason, true);
            }
            Some(Sock { phase: Phase::Draining { report: true }, .. }) => {}
            // Nothing open: the user's close is final at once (a dead socket may still drain).
            _ if was_running => {
                self.emit(Event::Close { code, reason, was_clean: true, will_reconnect: false });
            }
            _ => {}
        }
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
        let Some(sock) = self.socket else { return };
        if sock.generation != generation {
            return;
        }
        self.release();
        match sock.phase {
            Phase::Draining { report } => {
                // Our close frame went first: a clean handshake means the server read it all.
                if was_clean {
                    self.confirm_all();
                } else {
                    self.settle_unconfirmed(self.resend_for(self.open_when_drained));
                }
                if report {
                    let will_reconnect = self.open_when_drained;
                    self.emit(Event::Close { code, reason, was_clean, will_reconnect });
                }
                self.open_if_waiting(now);
            }
            Phase::Opening { .. } => self.lost(now, None, code, reason, was_clean, should_reconnect),
            Phase::Open { opened_at } => self.lost(now, Some(opened_at), code, reason, was_clean, should_reconnect),
        }
    }

    pub(crate) fn on_connect_timeout(&mut self, now: Millis) {
        let (Some(Sock { phase: Phase::Opening { started_at }, .. }), Some(limit)) =
            (self.socket, self.cfg.reconnect.as_ref().and_then(|r| r.connect_timeout_ms))
        else {
            return;
        };
        // Set when the socket was created, so due now; `debug_assert` documents it.
        debug_assert!(now.saturating_sub(started_at) >= u64::from(limit));
        self.link_dead(now, "connect timeout");
    }

    pub(crate) fn on_close_wait(&mut self, now: Millis) {
        if let Some(Sock { phase: Phase::Draining { report }, .. }) = self.socket {
            self.release();
            self.settle_unconfirmed(self.resend_for(self.open_when_drained));
            if report {
                let will_reconnect = self.open_when_drained;
                self.emit(Event::Close { code: ABNORMAL_CODE, reason: String::new(), was_clean: false, will_reconnect });
            }
            self.open_if_waiting(now);
        }
    }

    /// Starts a connection attempt now, or as soon as a draining socket is gone.
    pub(crate) fn start_attempt(&mut self, now: Millis) {
        if !self.running {
            return;
        }
        match self.socket {
            None => self.open_socket(now),
            Some(Sock { phase: Phase::Draining { .. }, .. }) => self.open_when_drained = true,
            Some(_) => {}
        }
    }

    fn open_if_waiting(&mut self, now: Millis) {
        if core::mem::take(&mut self.open_when_drained) && self.running {
            self.open_socket(now);
        }
    }

    fn open_socket(&mut self, now: Millis) {
        self.next_generation += 1;
        let generation = Generation(self.next_generation);
        self.socket = Some(Sock { generation, phase: Phase::Opening { started_at: now } });
        self.effects.push_back(Effect::OpenSocket { generation });
        if let Some(t) = self.cfg.reconnect.as_ref().and_then(|r| r.connect_timeout_ms) {
            self.set_timer(now, Timer::ConnectTimeout, t);
        }
    }

    /// The current (opening or open) socket is judged dead: report the loss now, close it in
    /// the background, and go on as for any loss.
    pub(crate) fn link_dead(&mut self, now: Millis, why: &str) {
        let Some(Sock { generation, phase }) = self.socket else { return };
        let opened_at = match phase {
            Phase::Open { opened_at } => Some(opened_at),
            Phase::Opening { .. } => None,
            Phase::Draining { .. } => return,
        };
        self.tear_down(now, generation, ABANDON_CODE, why, false);
        self.lost(now, opened_at, ABNORMAL_CODE, why.into(), false, None);
    }

    /// Closes a socket and keeps it known until it reports its close (or `CloseWait` expires).
    fn tear_down(&mut self, now: Millis, generation: Generation, code: u16, reason: &str, report: bool) {
        self.socket = Some(Sock { generation, phase: Phase::Draining { report } });
        self.cancel_timer(Timer::ConnectTimeout);
        self.effects.push_back(Effect::CloseSocket { generation, code, reason: reason.into() });
        self.set_timer(now, Timer::CloseWait, CLOSE_WAIT_MS);
    }

    fn release(&mut self) {
        if let Some(Sock { generation, .. }) = self.socket.take() {
            self.cancel_timer(Timer::CloseWait);
            self.cancel_timer(Timer::ConnectTimeout);
            self.effects.push_back(Effect::ReleaseSocket { generation });
        }
    }

    fn stop_link_timers(&mut self) {
        self.heartbeat = None;
        self.cancel_timer(Timer::Heartbeat);
        self.cancel_timer(Timer::PongDeadline);
        self.cancel_timer(Timer::ConnectTimeout);
    }

    /// The link is gone while the user still wants it: report, then retry or give up.
    fn lost(
        &mut self,
        now: Millis,
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
        if will_reconnect {
            self.schedule_reconnect(now);
        } else {
            self.give_up();
        }
    }

    fn schedule_reconnect(&mut self, now: Millis) {
        let Some(r) = &self.cfg.reconnect else { return };
        self.attempt += 1;
        let drawn = jittered_delay(r, self.attempt, self.rng.next_f64());
        let delay_ms = if self.offline { r.max_delay_ms } else { drawn };
        self.set_timer(now, Timer::Reconnect, delay_ms);
        self.emit(Event::Reconnecting { attempt: self.attempt, delay_ms });
    }

    fn give_up(&mut self) {
        self.running = false;
        self.open_when_drained = false;
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
