//! [`Machine`]: the connection state machine. See the module docs of [`crate::core`] for the
//! driving loop. The socket lifecycle (open, lose, tear down, give up) lives in `link.rs`.

use alloc::collections::VecDeque;

use super::config::{Config, ConfigError};
use super::event::{
    DropReason, Effect, Event, Generation, Input, Millis, Payload, ReadyState, Seq,
    Stats, Timer,
};
use super::heartbeat::{Heartbeat, Verdict};
use super::inflight::InFlight;
use super::outbox::Outbox;
use super::rng::SplitMix64;
use super::timer::{take_earliest, TimerTable};

/// Sequence number of messages that are never re-queued (open messages).
pub(crate) const UNSEQUENCED: Seq = 0;

/// A socket being torn down: `close()` called, waiting for its close (or `CloseWait`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Drain {
    pub(crate) generation: Generation,
    /// Whether that close is news for the user (a manual close) or was already reported.
    pub(crate) report: bool,
}

/// What the core is doing about the link, in one value: whether the user wants one, the one
/// socket it knows of, and what comes next. A socket opening or open while no link is wanted, a
/// retry pending beside a live socket, or "open when drained" with nothing draining cannot be
/// written. The `Reconnect` timer is set exactly in `Backoff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// No link wanted: never connected, closed by the user, or given up. A socket torn down
    /// may still be draining.
    Idle { draining: Option<Drain> },
    /// Wanted: a socket opening.
    Opening { generation: Generation, started_at: Millis },
    /// Wanted: the socket is open.
    Open { generation: Generation, opened_at: Millis },
    /// Wanted: waiting for the `Reconnect` timer; the lost socket may still be draining.
    Backoff { draining: Option<Drain> },
    /// Wanted: a socket opens as soon as the draining one is gone (the reconnect lock).
    Reopen { draining: Drain },
}

/// The connection core. `P` is the host's message type (a JS value wrapper in wasm).
#[derive(Debug)]
pub struct Machine<P> {
    pub(crate) cfg: Config,
    pub(crate) rng: SplitMix64,
    pub(crate) effects: VecDeque<Effect<P>>,
    pub(crate) timers: TimerTable,
    /// The latest time the machine was told (for [`Machine::free`], which has no clock).
    pub(crate) last_now: Millis,
    pub(crate) next_generation: u32,
    pub(crate) link: Link,
    pub(crate) offline: bool,
    pub(crate) hidden: bool,
    /// Attempts since the link was last up for `minUptime`.
    pub(crate) attempt: u32,
    pub(crate) ever_opened: bool,
    pub(crate) heartbeat: Option<Heartbeat>,
    pub(crate) outbox: Outbox<P>,
    /// Messages handed to the current socket and not confirmed yet (see `delivery.rs`).
    pub(crate) in_flight: InFlight<P>,
    pub(crate) connect_data: Option<(Seq, P)>,
    pub(crate) next_seq: Seq,
    pub(crate) stats: Stats,
}

impl<P: Payload + Clone> Machine<P> {
    /// A machine in the CLOSED state; `seed` feeds the jitter generator.
    pub fn new(config: Config, seed: u64) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self {
            outbox: Outbox::new(),
            in_flight: InFlight::new(),
            cfg: config,
            rng: SplitMix64::new(seed),
            effects: VecDeque::new(),
            timers: TimerTable::default(),
            last_now: 0,
            next_generation: 0,
            link: Link::Idle { draining: None },
            offline: false,
            hidden: false,
            attempt: 0,
            ever_opened: false,
            heartbeat: None,
            connect_data: None,
            next_seq: 1,
            stats: Stats::default(),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Next effect to apply, in order; `None` when there is nothing left to do.
    pub fn poll(&mut self) -> Option<Effect<P>> {
        self.effects.pop_front()
    }

    /// The W3C-style state the user sees.
    pub fn ready_state(&self) -> ReadyState {
        match self.link {
            Link::Open { .. } => ReadyState::Open,
            Link::Opening { .. } | Link::Backoff { .. } | Link::Reopen { .. } => ReadyState::Connecting,
            Link::Idle { draining: Some(Drain { report: true, .. }) } => ReadyState::Closing,
            Link::Idle { .. } => ReadyState::Closed,
        }
    }

    /// Counters, with the outbox's current size.
    pub fn stats(&self) -> Stats {
        Stats {
            queued: self.outbox.len() as u32,
            queued_bytes: self.outbox.bytes(),
            unconfirmed: self.in_flight.len() as u32,
            ..self.stats
        }
    }

    /// The socket the core is waiting on or using (opening, open or draining), if any.
    pub fn current_generation(&self) -> Option<Generation> {
        match self.link {
            Link::Opening { generation, .. } | Link::Open { generation, .. } => Some(generation),
            _ => self.draining().map(|d| d.generation),
        }
    }

    /// The user wants a link: `connect()` called and no close or give-up since.
    pub(crate) fn wants_link(&self) -> bool {
        !matches!(self.link, Link::Idle { .. })
    }

    /// The socket being torn down, if any.
    pub(crate) fn draining(&self) -> Option<Drain> {
        match self.link {
            Link::Idle { draining } | Link::Backoff { draining } => draining,
            Link::Reopen { draining } => Some(draining),
            Link::Opening { .. } | Link::Open { .. } => None,
        }
    }

    /// Whether a timer is set (for tests and debug tools).
    pub fn timer_armed(&self, timer: Timer) -> bool {
        self.timers.is_set(timer)
    }

    /// When `timer` is due, if it is set (for tests and debug tools).
    pub fn deadline(&self, timer: Timer) -> Option<Millis> {
        self.timers.get(timer)
    }

    /// The earliest deadline: the host wakes the machine then with [`Machine::handle_timeout`].
    /// Ask again after every call that feeds the machine: any of them may move it.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.timers.next_timeout()
    }

    /// The host's timer went off at `now` (early, late or on time): runs every timer due by
    /// `now`, earliest first; then drain [`Machine::poll`]. A timer set meanwhile waits for the
    /// next wake even if already due, so a chain of zero delays yields to the host in between.
    pub fn handle_timeout(&mut self, now: Millis) {
        self.last_now = now;
        let mut due = self.timers.expired(now);
        while let Some((at, timer)) = take_earliest(&mut due) {
            // Stopped or moved by a timer handled before it in this round: not due any more.
            if self.timers.get(timer) == Some(at) {
                self.timers.stop(timer);
                self.on_timer(now, timer);
            }
        }
    }

    /// Feeds one input observed at `now`; then drain [`Machine::poll`].
    pub fn handle(&mut self, now: Millis, input: Input<P>) {
        self.last_now = now;
        match input {
            Input::Connect { data } => self.on_connect(now, data),
            Input::Reconnect => self.on_user_reconnect(now),
            Input::Close { code, reason } => self.on_close(now, code, reason),
            Input::SocketOpened { generation, open_message } => self.on_opened(now, generation, open_message),
            Input::SocketMessage { generation, is_pong } => self.on_message(now, generation, is_pong),
            Input::SocketError { generation } => {
                if self.is_live(generation) {
                    self.emit(Event::Error);
                }
            }
            Input::SocketClosed { generation, code, reason, was_clean, should_reconnect } => {
                self.on_socket_closed(now, generation, code, reason, was_clean, should_reconnect)
            }
            Input::SendFailed { generation, seq, payload: _ } => self.on_send_failed(now, generation, seq),
            Input::SendRejected { seq, payload } => self.on_send_rejected(seq, payload),
            Input::Online => self.on_online(now),
            Input::Offline => self.on_offline(now),
            Input::Hidden => self.on_hidden(),
            Input::Visible => self.on_visible(now),
        }
    }

    // ---- small helpers shared with link.rs ----

    pub(crate) fn emit(&mut self, event: Event<P>) {
        self.effects.push_back(Effect::Emit(event));
    }

    pub(crate) fn set_timer(&mut self, now: Millis, timer: Timer, delay_ms: u32) {
        self.timers.set(timer, now.saturating_add(u64::from(delay_ms)));
    }

    pub(crate) fn cancel_timer(&mut self, timer: Timer) {
        self.timers.stop(timer);
    }

    pub(crate) fn dropped(&mut self, payload: P, reason: DropReason) {
        self.stats.dropped += 1;
        self.emit(Event::Drop { payload, reason });
    }

    /// Hands a message to the socket; a user message (sequenced) stays in flight until confirmed.
    pub(crate) fn transmit(&mut self, now: Millis, generation: Generation, seq: Seq, payload: P) {
        self.transmit_at(|| now, generation, seq, payload);
    }

    /// [`Machine::transmit`] with the clock read only if the time matters (the first message
    /// no ping covers yet).
    pub(crate) fn transmit_at(&mut self, now: impl FnOnce() -> Millis, generation: Generation, seq: Seq, payload: P) {
        if seq != UNSEQUENCED {
            self.stats.sent += 1;
            self.in_flight.push(seq, payload.clone(), now);
        }
        self.effects.push_back(Effect::Transmit { generation, seq, payload });
    }

    pub(crate) fn open_generation(&self) -> Option<Generation> {
        match self.link {
            Link::Open { generation, .. } => Some(generation),
            _ => None,
        }
    }

    /// Opening or open (not draining) socket of this generation.
    pub(crate) fn is_live(&self, generation: Generation) -> bool {
        matches!(self.link, Link::Opening { generation: g, .. } | Link::Open { generation: g, .. } if g == generation)
    }

    /// Sends everything that waits, in order: connect data first, then the outbox.
    pub(crate) fn flush(&mut self, now: Millis, generation: Generation) {
        if let Some((seq, data)) = self.connect_data.take() {
            self.transmit(now, generation, seq, data);
        }
        while let Some((seq, p)) = self.outbox.pop_front() {
            self.transmit(now, generation, seq, p);
        }
    }

    // ---- inputs about the link ----

    fn on_opened(&mut self, now: Millis, generation: Generation, open_message: Option<P>) {
        let Link::Opening { generation: g, .. } = self.link else { return };
        if g != generation {
            return;
        }
        self.link = Link::Open { generation, opened_at: now };
        self.cancel_timer(Timer::ConnectTimeout);
        if self.ever_opened {
            self.stats.reconnects += 1;
        }
        self.ever_opened = true;
        if let Some(m) = open_message {
            self.transmit(now, generation, UNSEQUENCED, m);
        }
        self.flush(now, generation);
        self.heartbeat = self.cfg.heartbeat.clone().map(|h| Heartbeat::new(h, now));
        if let Some(interval) = self.heartbeat.as_ref().map(Heartbeat::interval_ms) {
            if !self.hidden {
                self.set_timer(now, Timer::Heartbeat, interval);
            }
        }
        self.emit(Event::Open { attempt: self.attempt });
    }

    fn on_timer(&mut self, now: Millis, timer: Timer) {
        match timer {
            Timer::Heartbeat => self.on_heartbeat_timer(now),
            Timer::PongDeadline => {
                let verdict = self.heartbeat.as_mut().map_or(Verdict::Nothing, |h| h.on_deadline(now));
                match verdict {
                    Verdict::Rearm { delay_ms } => self.set_timer(now, Timer::PongDeadline, delay_ms),
                    Verdict::Dead => self.link_dead(now, "heartbeat timeout"),
                    Verdict::Nothing | Verdict::Ping { .. } => {}
                }
            }
            Timer::Reconnect => self.start_attempt(now),
            Timer::ConnectTimeout => self.on_connect_timeout(now),
            Timer::CloseWait => self.on_close_wait(now),
        }
    }

    fn on_heartbeat_timer(&mut self, now: Millis) {
        let (Some(generation), Some(hb)) = (self.open_generation(), self.heartbeat.as_mut()) else { return };
        match hb.on_ping_timer(now) {
            Verdict::Ping { timeout_ms } => self.ping(now, generation, timeout_ms),
            // Traffic pushed the ping back, but never past what confirmation needs.
            Verdict::Rearm { delay_ms } => match self.confirm_due_in(now) {
                Some(0) => self.probe(now),
                due => self.set_timer(now, Timer::Heartbeat, due.map_or(delay_ms, |d| d.min(delay_ms))),
            },
            Verdict::Nothing | Verdict::Dead => {}
        }
    }

    /// Sends a ping now (unless one is outstanding) to learn quickly whether the link lives.
    /// Not while hidden: deadlines are paused then, and `Visible` probes anyway.
    pub(crate) fn probe(&mut self, now: Millis) {
        let (Some(generation), Some(hb)) = (self.open_generation(), self.heartbeat.as_mut()) else { return };
        if hb.outstanding() || self.hidden {
            return;
        }
        hb.ping_sent(now);
        let timeout = hb.timeout_ms();
        self.cancel_timer(Timer::Heartbeat);
        self.ping(now, generation, timeout);
    }

    /// Sends a ping (the heartbeat recorded it) and arms its deadline; its pong will confirm
    /// everything in flight now.
    fn ping(&mut self, now: Millis, generation: Generation, timeout_ms: u32) {
        self.in_flight.ping_sent();
        self.effects.push_back(Effect::Ping { generation });
        self.set_timer(now, Timer::PongDeadline, timeout_ms);
    }
}
