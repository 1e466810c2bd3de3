//! The invariant checker behind `tests/core_props.rs`: a `Sim` plus a model of what the user
//! sent and of what each simulated socket did, checking every new log entry as it appears.
//! Included by path from `core_props.rs` only, so the other test binaries do not compile it.

use std::collections::{BTreeSet, HashMap};

use heartsocket::core::{Config, DropReason, Event, Generation, Input, ReadyState, SendError, SendOutcome, Seq, Timer};

use super::core_harness::{Did, Sim};

/// What the simulated socket of one generation has done (the host's view, not the machine's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockSim {
    Connecting,
    Open,
    Closed,
}

/// The sim, the model and the bookkeeping of the invariants.
pub struct World {
    pub s: Sim,
    cfg: Config,
    /// The machine's next sequence number, mirrored: every send and every connect data takes one.
    next_seq: Seq,
    /// Sequence numbers that were connect data (sent first on open, so outside the seq order).
    connect_seqs: BTreeSet<Seq>,
    pub created: Vec<Generation>,
    pub sock: HashMap<Generation, SockSim>,
    released: BTreeSet<Generation>,
    /// Transmits the host may still report as failed or rejected (a released socket's too:
    /// a mini-program `fail` callback can come after the close).
    pub in_flight: Vec<(Generation, Seq, String)>,
    tx: HashMap<Seq, u32>,
    failed: HashMap<Seq, u32>,
    dropped: HashMap<Seq, u32>,
    refused: BTreeSet<Seq>,
    /// Where each transmitted user message stands (see [`Fate`]).
    fate: HashMap<Seq, Fate>,
    /// Per socket: pings sent, pongs delivered, and whether the machine itself closed it.
    pings: HashMap<Generation, u32>,
    pongs: HashMap<Generation, u32>,
    we_closed: BTreeSet<Generation>,
    /// Per socket: the ordering state of its transmissions (resent first, then fresh).
    order: HashMap<Generation, Order>,
    /// Global transmission counter, and each message's last transmission number.
    tx_count: u64,
    last_tx: HashMap<Seq, u64>,
    confirmed: u64,
    resent: u64,
    /// Socket inputs of the current step: a pong on, or a clean close of, these generations.
    step_pong: Option<Generation>,
    step_clean_close: Option<Generation>,
    /// A send reported failed this step on the socket that carried it: `(socket, its number)`.
    /// It and what went out after it on that socket never reached the server: re-queued.
    step_failed: Option<(Generation, u64)>,
    /// Open messages reported rejected (not user messages, but counted in `stats.dropped`).
    login_drops: u64,
    /// Log index of the manual close in force (no connect since), if any.
    closed_at: Option<usize>,
    closes_after_close: u32,
    /// Log index of the last `GiveUp` with no connect since, if any.
    gave_up_at: Option<usize>,
    checked: usize,
}

/// What became of a transmitted user message so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Handed to socket `g` after `pings` pings had gone out on it.
    InFlight { g: Generation, pings: u32 },
    /// Back in the outbox after its link died unconfirmed (`queue.resend`), sent as number `tx`.
    Resent { tx: u64 },
    Confirmed,
    Dropped,
}

/// Ordering of one socket's transmissions: resent messages first, in their old order, then
/// fresh ones in send order.
#[derive(Clone, Copy, Debug, Default)]
struct Order {
    fresh_seen: bool,
    last_resent_tx: u64,
    last_fresh_seq: Seq,
}

fn seq_of(payload: &str) -> Seq {
    payload.strip_prefix('m').and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("not a user message: {payload}"))
}

impl World {
    pub fn new(cfg: Config, seed: u64) -> Self {
        Self {
            s: Sim::with_seed(cfg.clone(), seed),
            cfg,
            next_seq: 1,
            connect_seqs: BTreeSet::new(),
            created: Vec::new(),
            sock: HashMap::new(),
            released: BTreeSet::new(),
            in_flight: Vec::new(),
            tx: HashMap::new(),
            failed: HashMap::new(),
            dropped: HashMap::new(),
            refused: BTreeSet::new(),
            fate: HashMap::new(),
            pings: HashMap::new(),
            pongs: HashMap::new(),
            we_closed: BTreeSet::new(),
            order: HashMap::new(),
            tx_count: 0,
            last_tx: HashMap::new(),
            confirmed: 0,
            resent: 0,
            step_pong: None,
            step_clean_close: None,
            step_failed: None,
            login_drops: 0,
            closed_at: None,
            closes_after_close: 0,
            gave_up_at: None,
            checked: 0,
        }
    }

    // ---- user actions ----

    pub fn connect(&mut self, with_data: bool) {
        let data = with_data.then(|| {
            let seq = self.take_seq();
            self.connect_seqs.insert(seq);
            format!("m{seq}")
        });
        self.user_connects();
        self.s.input(Input::Connect { data });
        self.check();
    }

    pub fn reconnect(&mut self) {
        self.user_connects();
        self.s.input(Input::Reconnect);
        self.check();
    }

    pub fn close(&mut self, code: u16) {
        if self.closed_at.is_none() {
            self.closed_at = Some(self.s.log.len());
            self.closes_after_close = 0;
        }
        self.s.input(Input::Close { code, reason: "bye".into() });
        self.check();
    }

    pub fn send(&mut self) {
        let seq = self.take_seq();
        let payload = format!("m{seq}");
        let from = self.s.log.len();
        let outcome = self.s.send(&payload);
        let went_out = self.s.log[from..].iter().any(|(_, d)| matches!(d, Did::Transmit(_, s, _) if *s == seq));
        let reported = self.s.log[from..]
            .iter()
            .any(|(_, d)| matches!(d, Did::Event(Event::Drop { payload: p, .. }) if *p == payload));
        match outcome {
            Ok(SendOutcome::Transmitted) => assert!(went_out, "Transmitted but no Transmit"),
            Ok(SendOutcome::Queued) => assert!(!went_out && !reported),
            Ok(SendOutcome::Dropped) => assert!(reported && !went_out),
            Err(SendError::QueueFull(p)) => {
                assert_eq!(p, payload, "the refused message is handed back");
                let extra = self.s.since(from);
                assert!(
                    extra.iter().all(|d| matches!(d, Did::Ping(_) | Did::Timer(Timer::PongDeadline, _) | Did::Cancel(Timer::Heartbeat))),
                    "a refusal has no effect but a confirming ping: {extra:?}"
                );
                self.refused.insert(seq);
            }
        }
        self.check();
    }

    fn take_seq(&mut self) -> Seq {
        self.next_seq += 1;
        self.next_seq - 1
    }

    fn user_connects(&mut self) {
        self.closed_at = None;
        self.gave_up_at = None;
    }

    // ---- the simulated sockets ----

    /// Delivers a socket input for `g`; a generation that is not the machine's live one must
    /// change nothing, whatever the input.
    fn socket_input(&mut self, g: Generation, input: Input<String>) {
        let current = self.s.m.current_generation();
        let from = self.s.log.len();
        self.s.input(input);
        if current != Some(g) {
            assert_eq!(self.s.log.len(), from, "an input of stale {g:?} had effects: {:?}", self.s.since(from));
        }
    }

    pub fn opened(&mut self, g: Generation, login: bool) {
        if self.sock.get(&g) != Some(&SockSim::Connecting) {
            return;
        }
        self.sock.insert(g, SockSim::Open);
        let from = self.s.log.len();
        let open_message = login.then(|| "login".to_owned());
        self.socket_input(g, Input::SocketOpened { generation: g, open_message });
        let accepted = self.s.log[from..].iter().any(|(_, d)| matches!(d, Did::Event(Event::Open { .. })));
        if accepted && login {
            let first = self.s.log[from..].iter().find(|(_, d)| matches!(d, Did::Transmit(..)));
            assert_eq!(first.map(|(_, d)| d), Some(&Did::Transmit(g, 0, "login".into())), "login goes first");
        }
        self.check();
    }

    pub fn message(&mut self, g: Generation, is_pong: bool) {
        if self.sock.get(&g) != Some(&SockSim::Open) {
            return;
        }
        let delivered = self.s.m.ready_state() == ReadyState::Open && self.s.m.current_generation() == Some(g);
        if is_pong && delivered {
            *self.pongs.entry(g).or_default() += 1;
            self.step_pong = Some(g);
        }
        let from = self.s.log.len();
        self.socket_input(g, Input::SocketMessage { generation: g, is_pong });
        let n = self.s.log[from..].iter().filter(|(_, d)| *d == Did::Event(Event::Message)).count();
        assert_eq!(n, usize::from(delivered && !is_pong), "pongs are hidden, messages delivered once");
        self.check();
    }

    pub fn closed(&mut self, g: Generation, code: u16, should_reconnect: Option<bool>) {
        if matches!(self.sock.get(&g), None | Some(SockSim::Closed)) {
            return;
        }
        self.sock.insert(g, SockSim::Closed);
        let was_clean = code != 1006;
        let input = Input::SocketClosed { generation: g, code, reason: String::new(), was_clean, should_reconnect };
        if was_clean && self.we_closed.contains(&g) {
            self.step_clean_close = Some(g);
        }
        self.socket_input(g, input);
        self.check();
    }

    pub fn error(&mut self, g: Generation) {
        if matches!(self.sock.get(&g), None | Some(SockSim::Closed)) {
            return;
        }
        self.socket_input(g, Input::SocketError { generation: g });
        self.check();
    }

    pub fn send_failed(&mut self, pick: usize) {
        if self.in_flight.is_empty() {
            return;
        }
        let (generation, seq, payload) = self.in_flight.remove(pick % self.in_flight.len());
        if seq != 0 {
            *self.failed.entry(seq).or_default() += 1;
            if matches!(self.fate.get(&seq), Some(Fate::InFlight { g, .. }) if *g == generation) {
                self.step_failed = Some((generation, self.last_tx[&seq]));
            }
        }
        self.s.input(Input::SendFailed { generation, seq, payload });
        self.check();
    }

    /// The socket refuses a message it was handed (a type it cannot send): dropped, link kept.
    pub fn send_rejected(&mut self, pick: usize) {
        if self.in_flight.is_empty() {
            return;
        }
        let (_, seq, payload) = self.in_flight.remove(pick % self.in_flight.len());
        // Only a message still in flight can be refused now: one settled with its link was
        // already resent or reported, and must not be reported again.
        let live = seq == 0 || self.s.m.pending_seqs().0.contains(&seq);
        if seq != 0 && live {
            *self.failed.entry(seq).or_default() += 1;
        }
        let state = self.s.m.ready_state();
        let from = self.s.log.len();
        self.s.input(Input::SendRejected { seq, payload: payload.clone() });
        let expected = if live { vec![Did::Event(Event::Drop { payload, reason: DropReason::Rejected })] } else { vec![] };
        assert_eq!(self.s.since(from), expected, "a rejection is one drop and nothing else");
        assert_eq!(self.s.m.ready_state(), state, "a rejection does not touch the link");
        self.check();
    }

    // ---- time ----

    pub fn progress(&mut self) {
        self.s.progress();
        self.check();
    }

    /// Fires the next timer, then the peer behaves like a healthy server: a socket still
    /// connecting opens, a ping is answered after `rtt` ms. This keeps links alive long enough
    /// for the random sequences to reach the paths a healthy link takes.
    pub fn live(&mut self, rtt: u64) {
        let from = self.s.log.len();
        self.progress();
        let Some(g) = self.s.m.current_generation() else { return };
        match self.sock.get(&g) {
            Some(SockSim::Connecting) => self.opened(g, false),
            Some(SockSim::Open) if self.s.log[from..].iter().any(|(_, d)| *d == Did::Ping(g)) => {
                self.s.jump(self.s.now + rtt);
                self.message(g, true);
            }
            _ => {}
        }
    }

    /// The host's timer goes off now, wherever the clock is: an early wake (nothing due) must
    /// change nothing.
    pub fn wake(&mut self) {
        let due = self.s.m.poll_timeout().is_some_and(|at| at <= self.s.now);
        let from = self.s.log.len();
        self.s.wake();
        if !due {
            assert_eq!(self.s.log.len(), from, "an early wake had effects");
        }
        self.check();
    }

    /// Runs every timer due in the next `ms`, checking after each.
    pub fn advance(&mut self, ms: u64) {
        let until = self.s.now + ms;
        for _ in 0..1000 {
            match self.s.timers.values().min() {
                Some(&at) if at <= until => self.progress(),
                _ => {
                    self.s.jump(until);
                    return;
                }
            }
        }
        panic!("more than 1000 timer firings in {ms} ms: a timer loop");
    }

    pub fn env(&mut self, input: Input<String>) {
        self.s.input(input);
        self.check();
    }

    // ---- the invariants ----

    /// Checks every log entry not checked yet, then the state-wide invariants.
    pub fn check(&mut self) {
        let step = self.checked;
        while self.checked < self.s.log.len() {
            let i = self.checked;
            let did = self.s.log[i].1.clone();
            self.check_entry(step, i, &did);
            self.checked += 1;
        }
        self.reconcile();
        assert!(self.s.sockets.len() <= 1, "two live sockets: {:?}", self.s.sockets);
        for t in Timer::ALL {
            assert_eq!(self.s.m.deadline(t), self.s.timers.get(&t).copied(), "{t:?} deadline vs mirror");
        }
        if self.closed_at.is_some() {
            assert!(matches!(self.s.m.ready_state(), ReadyState::Closing | ReadyState::Closed));
            if self.s.m.current_generation().is_none() {
                assert!(self.s.timers.is_empty(), "timers left after close: {:?}", self.s.timers);
            }
        }
        let net: u64 = self.tx.iter().map(|(s, n)| u64::from(n - self.failed.get(s).copied().unwrap_or(0).min(*n))).sum();
        assert_eq!(self.s.m.stats().sent, net, "stats.sent counts messages handed over and not failed");
        let dropped = self.dropped.values().map(|&n| u64::from(n)).sum::<u64>() + self.login_drops;
        assert_eq!(self.s.m.stats().dropped, dropped);
    }

    /// Compares the fates with the machine's in-flight list and outbox after a step: a message
    /// that left the in-flight list went back to the outbox (resend), was reported (already
    /// seen as a `Drop`), or was confirmed — and then only by a pong to a ping sent after it
    /// on its socket, or by a clean close of a socket the machine itself closed.
    fn reconcile(&mut self) {
        let (flight, queued) = self.s.m.pending_seqs();
        let (flight, queued): (BTreeSet<Seq>, BTreeSet<Seq>) = (flight.into_iter().collect(), queued.into_iter().collect());
        assert!(flight.is_disjoint(&queued), "a message both in flight and queued");
        let mut seqs: Vec<Seq> = self.fate.keys().copied().collect();
        seqs.sort_unstable();
        for seq in seqs {
            let fate = self.fate[&seq];
            match fate {
                Fate::InFlight { g, pings } if !flight.contains(&seq) => {
                    if queued.contains(&seq) {
                        let broke = self.step_failed.is_some_and(|(fg, tx)| fg == g && self.last_tx[&seq] >= tx);
                        assert!(self.cfg.queue.resend || broke, "m{seq} re-queued without queue.resend");
                        self.fate.insert(seq, Fate::Resent { tx: self.last_tx[&seq] });
                        self.resent += 1;
                    } else {
                        let by_pong = self.step_pong == Some(g) && self.pongs.get(&g).copied().unwrap_or(0) > pings;
                        let by_close = self.step_clean_close == Some(g);
                        assert!(by_pong || by_close, "m{seq} left the in-flight list of {g:?} unconfirmed and unreported");
                        self.fate.insert(seq, Fate::Confirmed);
                        self.confirmed += 1;
                    }
                }
                Fate::InFlight { .. } => {}
                Fate::Resent { .. } => assert!(queued.contains(&seq), "resent m{seq} left the outbox unseen"),
                Fate::Confirmed | Fate::Dropped => {
                    assert!(!flight.contains(&seq) && !queued.contains(&seq), "m{seq} pending after {fate:?}")
                }
            }
        }
        for seq in &flight {
            assert!(matches!(self.fate.get(seq), Some(Fate::InFlight { .. })), "m{seq} in flight, never transmitted");
        }
        self.step_pong = None;
        self.step_clean_close = None;
        self.step_failed = None;
        let st = self.s.m.stats();
        assert_eq!((st.confirmed, st.resent, st.unconfirmed as usize), (self.confirmed, self.resent, flight.len()));
    }

    fn check_entry(&mut self, step: usize, i: usize, did: &Did) {
        if self.closed_at.is_some() {
            let allowed = matches!(
                did,
                Did::Close(..)
                    | Did::Release(_)
                    | Did::Cancel(_)
                    | Did::Timer(Timer::CloseWait, _)
                    | Did::Event(Event::Close { .. } | Event::Drop { .. })
            );
            assert!(allowed, "after a manual close: {did:?}");
        }
        if self.gave_up_at.is_some_and(|at| i > at) {
            let allowed = !matches!(did, Did::Open(_) | Did::Event(_)) || matches!(did, Did::Event(Event::Drop { .. }));
            assert!(allowed, "after GiveUp: {did:?}");
        }
        match did {
            Did::Open(g) => {
                assert!(!self.sock.contains_key(g), "{g:?} reused");
                assert!(self.created.last().is_none_or(|last| last < g), "generations grow");
                self.created.push(*g);
                self.sock.insert(*g, SockSim::Connecting);
            }
            Did::Close(g, ..) => {
                assert!(self.sock.contains_key(g) && !self.released.contains(g));
                self.we_closed.insert(*g);
            }
            Did::Release(g) => assert!(self.released.insert(*g), "{g:?} released twice"),
            Did::Transmit(g, seq, p) => self.check_transmit(*g, *seq, p),
            Did::Ping(g) => {
                assert_eq!(self.sock.get(g), Some(&SockSim::Open), "ping on a socket not open");
                *self.pings.entry(*g).or_default() += 1;
            }
            Did::Timer(Timer::Reconnect, d) => self.check_delay(*d),
            Did::Timer(..) | Did::Cancel(_) => {}
            Did::Event(e) => self.check_event(step, i, e),
        }
    }

    fn check_transmit(&mut self, g: Generation, seq: Seq, p: &str) {
        assert_eq!(self.sock.get(&g), Some(&SockSim::Open), "transmit on {g:?}, not open");
        assert!(!self.released.contains(&g));
        self.in_flight.push((g, seq, p.to_owned()));
        if seq == 0 {
            assert_eq!(p, "login", "only open messages are unsequenced");
            return;
        }
        assert_eq!(seq_of(p), seq, "payload travels with its seq");
        *self.tx.entry(seq).or_default() += 1;
        self.tx_count += 1;
        assert!(!self.dropped.contains_key(&seq), "m{seq} transmitted after being dropped");
        assert!(!self.refused.contains(&seq), "m{seq} transmitted after being refused");
        let order = self.order.entry(g).or_default();
        match self.fate.get(&seq) {
            None if self.connect_seqs.contains(&seq) => {}
            None => {
                assert!(seq > order.last_fresh_seq, "m{seq} after m{} on {g:?}", order.last_fresh_seq);
                order.last_fresh_seq = seq;
                order.fresh_seen = true;
            }
            Some(Fate::Resent { tx }) => {
                assert!(!order.fresh_seen, "resent m{seq} after a fresh message on {g:?}");
                assert!(*tx > order.last_resent_tx, "resent m{seq} out of its first order");
                order.last_resent_tx = *tx;
            }
            Some(f) => panic!("m{seq} transmitted again while {f:?}"),
        }
        self.last_tx.insert(seq, self.tx_count);
        let pings = self.pings.get(&g).copied().unwrap_or(0);
        self.fate.insert(seq, Fate::InFlight { g, pings });
    }

    fn check_delay(&self, d: u32) {
        let r = self.cfg.reconnect.as_ref().expect("no reconnect timer when reconnect is off");
        assert!((r.min_delay_ms..=r.max_delay_ms).contains(&d), "delay {d} outside [{}, {}]", r.min_delay_ms, r.max_delay_ms);
    }

    fn check_event(&mut self, step: usize, i: usize, e: &Event<String>) {
        match e {
            Event::Reconnecting { delay_ms, .. } => self.check_delay(*delay_ms),
            Event::Drop { payload, reason } if payload == "login" => {
                assert_eq!(*reason, heartsocket::core::DropReason::Rejected, "open messages are not queued");
                self.login_drops += 1;
            }
            Event::Drop { payload, reason } => {
                let seq = seq_of(payload);
                let n = self.dropped.entry(seq).or_default();
                *n += 1;
                assert_eq!(*n, 1, "m{seq} dropped twice");
                let fate = self.fate.insert(seq, Fate::Dropped);
                match reason {
                    DropReason::Unconfirmed => {
                        assert!(matches!(fate, Some(Fate::InFlight { .. })), "m{seq} unconfirmed while {fate:?}");
                        let closed = self.s.log[step..i].iter().any(|(_, d)| matches!(d, Did::Event(Event::Close { .. })));
                        assert!(!closed, "m{seq} reported unconfirmed after its link's close event");
                    }
                    DropReason::Rejected => assert!(matches!(fate, Some(Fate::InFlight { .. }))),
                    DropReason::QueueFull | DropReason::Closed => {
                        // Never sent, or back in the outbox: resent, or put back this very step
                        // by a failed send (the stream broke there) before a give-up.
                        let broke = |g: &Generation| {
                            self.step_failed.is_some_and(|(fg, tx)| fg == *g && self.last_tx[&seq] >= tx)
                        };
                        let ok = match fate {
                            None | Some(Fate::Resent { .. }) => true,
                            Some(Fate::InFlight { g, .. }) if broke(&g) => {
                                self.resent += 1; // put back (counted), then given up
                                true
                            }
                            _ => false,
                        };
                        assert!(ok, "m{seq} {reason:?} while {fate:?}")
                    }
                }
            }
            Event::GiveUp { .. } => self.gave_up_at = Some(i),
            Event::Close { .. } if self.closed_at.is_some() => {
                self.closes_after_close += 1;
                assert_eq!(self.closes_after_close, 1, "a manual close is reported once");
            }
            _ => {}
        }
    }

    /// Closes for good, lets the closing socket go, and checks that every message ended once.
    pub fn finish(&mut self) {
        self.close(1000);
        for _ in 0..10 {
            if self.s.timers.is_empty() {
                break;
            }
            self.progress();
        }
        assert!(self.s.timers.is_empty() && self.s.sockets.is_empty(), "{:?} {:?}", self.s.timers, self.s.sockets);
        assert_eq!(self.s.m.ready_state(), ReadyState::Closed);
        assert_eq!((self.s.m.stats().queued, self.s.m.stats().queued_bytes), (0, 0));
        assert_eq!(self.s.m.pending_seqs(), (vec![], vec![]), "in flight or queued after the close");
        assert_eq!(self.s.m.stats().unconfirmed, 0);
        for seq in 1..self.next_seq {
            let confirmed = u32::from(self.fate.get(&seq) == Some(&Fate::Confirmed));
            let dropped = self.dropped.get(&seq).copied().unwrap_or(0);
            let refused = u32::from(self.refused.contains(&seq));
            assert_eq!(confirmed + dropped + refused, 1, "m{seq}: confirmed {confirmed}, dropped {dropped}, refused {refused}");
        }
    }
}
