//! A fake-clock harness for the core, in the manner of quinn-proto's `Pair::drive()` and
//! str0m's `progress()`: it applies every effect, mirrors the machine's timer table (logging each
//! deadline set, moved or stopped), and jumps the clock to `poll_timeout()`. Sockets are simulated
//! by what the test feeds back.
#![allow(dead_code)]

use std::collections::BTreeMap;

use heartsocket::core::{
    Config, Effect, Event, Generation, Input, Machine, Millis, ReadyState, SendError, SendOutcome, Seq, Timer,
};

/// One thing the machine did, as the harness recorded it.
#[derive(Clone, Debug, PartialEq)]
pub enum Did {
    Open(Generation),
    Close(Generation, u16, String),
    Release(Generation),
    Transmit(Generation, Seq, String),
    Ping(Generation),
    /// A timer set (or moved) to this delay from now; logged after the effects of the step.
    Timer(Timer, u32),
    /// A set timer stopped; logged after the effects of the step.
    Cancel(Timer),
    Event(Event<String>),
}

/// The machine, a fake clock and the armed timers.
pub struct Sim {
    pub m: Machine<String>,
    pub now: Millis,
    /// The machine's deadlines as of the last step (a mirror: `drain` logs the differences).
    pub timers: BTreeMap<Timer, Millis>,
    pub log: Vec<(Millis, Did)>,
    /// Sockets created and not yet released.
    pub sockets: Vec<Generation>,
    /// Most sockets alive at once (the reconnect lock says 1).
    pub max_sockets: usize,
}

impl Sim {
    pub fn new(cfg: Config) -> Self {
        Self::with_seed(cfg, 1)
    }

    pub fn with_seed(cfg: Config, seed: u64) -> Self {
        let m = Machine::new(cfg, seed).expect("valid config");
        Self { m, now: 0, timers: BTreeMap::new(), log: Vec::new(), sockets: Vec::new(), max_sockets: 0 }
    }

    /// Feeds an input at the current time and applies the effects.
    pub fn input(&mut self, input: Input<String>) {
        self.m.handle(self.now, input);
        self.drain();
    }

    pub fn send(&mut self, msg: &str) -> Result<SendOutcome, SendError<String>> {
        let now = self.now;
        let r = self.m.send(|| now, msg.to_owned());
        self.drain();
        r
    }

    pub fn drain(&mut self) {
        while let Some(e) = self.m.poll() {
            let did = match e {
                Effect::OpenSocket { generation } => {
                    self.sockets.push(generation);
                    self.max_sockets = self.max_sockets.max(self.sockets.len());
                    Did::Open(generation)
                }
                Effect::CloseSocket { generation, code, reason } => Did::Close(generation, code, reason),
                Effect::ReleaseSocket { generation } => {
                    self.sockets.retain(|g| *g != generation);
                    Did::Release(generation)
                }
                Effect::Transmit { generation, seq, payload } => Did::Transmit(generation, seq, payload),
                Effect::Ping { generation } => Did::Ping(generation),
                Effect::Emit(ev) => Did::Event(ev),
            };
            self.log.push((self.now, did));
        }
        for t in Timer::ALL {
            let (was, is) = (self.timers.get(&t).copied(), self.m.deadline(t));
            if was == is {
                continue;
            }
            let did = match is {
                Some(at) => {
                    assert!(at >= self.now, "{t:?} set in the past");
                    self.timers.insert(t, at);
                    Did::Timer(t, u32::try_from(at - self.now).unwrap())
                }
                None => {
                    self.timers.remove(&t);
                    Did::Cancel(t)
                }
            };
            self.log.push((self.now, did));
        }
        assert_eq!(self.m.poll_timeout(), self.timers.values().min().copied(), "poll_timeout is the earliest deadline");
    }

    /// The host's timer goes off at the current time (the machine runs whatever is due).
    pub fn wake(&mut self) {
        self.m.handle_timeout(self.now);
        // What was due ran: gone from the mirror without a `Cancel` (a re-set shows as `Timer`).
        let now = self.now;
        self.timers.retain(|_, at| *at > now);
        self.drain();
    }

    /// Moves the clock to `t` without firing anything (a frozen page, say).
    pub fn jump(&mut self, t: Millis) {
        assert!(t >= self.now);
        self.now = t;
    }

    /// Wakes the machine at `poll_timeout()` (moving the clock there); returns the earliest
    /// timer that was due (others due at the same time run in the same wake).
    pub fn progress(&mut self) -> Option<Timer> {
        let at = self.m.poll_timeout()?;
        let (&timer, _) = self.timers.iter().filter(|(_, a)| **a == at).min_by_key(|(t, _)| **t)?;
        self.now = self.now.max(at);
        self.wake();
        Some(timer)
    }

    /// Fires every timer due up to `t` in order, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Millis) {
        while let Some((_, &at)) = self.timers.iter().min_by_key(|(t, at)| (**at, **t)) {
            if at > t {
                break;
            }
            self.progress();
        }
        self.now = self.now.max(t);
    }

    pub fn advance(&mut self, ms: Millis) {
        self.run_until(self.now + ms);
    }

    /// Fires timers until `pred` holds on a new log entry, up to `limit` firings.
    pub fn progress_until(&mut self, mut pred: impl FnMut(&Did) -> bool) -> Millis {
        for _ in 0..10_000 {
            let from = self.log.len();
            if self.progress().is_none() {
                panic!("no timer armed; log: {:#?}", self.log);
            }
            if self.log[from..].iter().any(|(_, d)| pred(d)) {
                return self.now;
            }
        }
        panic!("condition never met")
    }

    // ---- the simulated socket ----

    /// The generation of the socket the machine uses now.
    pub fn current(&self) -> Generation {
        self.m.current_generation().expect("a socket")
    }

    pub fn opened(&mut self) {
        let g = self.current();
        self.input(Input::SocketOpened { generation: g, open_message: None });
    }

    pub fn opened_with(&mut self, login: &str) {
        let g = self.current();
        self.input(Input::SocketOpened { generation: g, open_message: Some(login.into()) });
    }

    pub fn message(&mut self, is_pong: bool) {
        let g = self.current();
        self.input(Input::SocketMessage { generation: g, is_pong });
    }

    pub fn closed(&mut self, code: u16) {
        let g = self.current();
        self.closed_gen(g, code);
    }

    pub fn closed_gen(&mut self, generation: Generation, code: u16) {
        self.input(Input::SocketClosed {
            generation,
            code,
            reason: String::new(),
            was_clean: code != 1006,
            should_reconnect: None,
        });
    }

    /// Connects and opens the first socket.
    pub fn connected(cfg: Config) -> Self {
        let mut s = Self::new(cfg);
        s.input(Input::Connect { data: None });
        s.opened();
        s
    }

    // ---- reading the log ----

    pub fn events(&self) -> Vec<Event<String>> {
        self.log.iter().filter_map(|(_, d)| if let Did::Event(e) = d { Some(e.clone()) } else { None }).collect()
    }

    pub fn events_since(&self, from: usize) -> Vec<Event<String>> {
        self.log[from..].iter().filter_map(|(_, d)| if let Did::Event(e) = d { Some(e.clone()) } else { None }).collect()
    }

    pub fn transmitted(&self) -> Vec<String> {
        self.log.iter().filter_map(|(_, d)| if let Did::Transmit(_, _, p) = d { Some(p.clone()) } else { None }).collect()
    }

    pub fn opens(&self) -> Vec<(Millis, Generation)> {
        self.log.iter().filter_map(|(t, d)| if let Did::Open(g) = d { Some((*t, *g)) } else { None }).collect()
    }

    pub fn pings(&self) -> Vec<Millis> {
        self.log.iter().filter_map(|(t, d)| matches!(d, Did::Ping(_)).then_some(*t)).collect()
    }

    pub fn state(&self) -> ReadyState {
        self.m.ready_state()
    }

    /// Everything transmitted, with generation and sequence number.
    pub fn transmits(&self) -> Vec<(Generation, Seq, String)> {
        self.log
            .iter()
            .filter_map(|(_, d)| if let Did::Transmit(g, s, p) = d { Some((*g, *s, p.clone())) } else { None })
            .collect()
    }

    /// `(attempt, delay_ms)` of every `Reconnecting` event.
    pub fn reconnecting(&self) -> Vec<(u32, u32)> {
        self.events()
            .into_iter()
            .filter_map(|e| if let Event::Reconnecting { attempt, delay_ms } = e { Some((attempt, delay_ms)) } else { None })
            .collect()
    }

    /// Payloads of every `Drop` event, with the reason's JS spelling.
    pub fn drops(&self) -> Vec<(String, &'static str)> {
        self.events()
            .into_iter()
            .filter_map(|e| if let Event::Drop { payload, reason } = e { Some((payload, reason.as_str())) } else { None })
            .collect()
    }

    /// Every `Close` event as `(code, reason, was_clean, will_reconnect)`.
    pub fn close_events(&self) -> Vec<(u16, String, bool, bool)> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Close { code, reason, was_clean, will_reconnect } => Some((code, reason, was_clean, will_reconnect)),
                _ => None,
            })
            .collect()
    }

    /// The last log entry that is an effect (not a timer change).
    pub fn last_effect(&self) -> Option<&(Millis, Did)> {
        self.log.iter().rev().find(|(_, d)| !matches!(d, Did::Timer(..) | Did::Cancel(_)))
    }

    /// Log entries from index `from` on, without their times.
    pub fn since(&self, from: usize) -> Vec<Did> {
        self.log[from..].iter().map(|(_, d)| d.clone()).collect()
    }

    /// Whether any timer is set, checked both ways: per timer and by `poll_timeout()`.
    pub fn any_timer_armed(&self) -> bool {
        let machine = Timer::ALL.iter().any(|t| self.m.timer_armed(*t));
        assert_eq!(machine, self.m.poll_timeout().is_some(), "timers vs poll_timeout: {:?}", self.timers);
        machine
    }

    /// The host reports that the transmit of `seq` on `generation` failed.
    pub fn send_failed(&mut self, generation: Generation, seq: Seq, payload: &str) {
        self.input(Input::SendFailed { generation, seq, payload: payload.into() });
    }

    /// The user closes the instance.
    pub fn close(&mut self, code: u16, reason: &str) {
        self.input(Input::Close { code, reason: reason.into() });
    }

    /// The user connects (no connect data).
    pub fn connect(&mut self) {
        self.input(Input::Connect { data: None });
    }
}

/// A config with heartbeat and reconnect at round, test-friendly numbers and no jitter.
pub fn config() -> Config {
    let mut c = Config::default();
    if let Some(h) = c.heartbeat.as_mut() {
        h.interval_ms = 1000;
        h.timeout_ms = 500;
    }
    if let Some(r) = c.reconnect.as_mut() {
        r.min_delay_ms = 100;
        r.max_delay_ms = 1600;
        r.jitter = 0.0;
        r.connect_timeout_ms = Some(2000);
        r.min_uptime_ms = 5000;
    }
    c
}

/// The harness config without heartbeat, so only reconnect timers run.
pub fn quiet() -> Config {
    let mut c = config();
    c.heartbeat = None;
    c
}

/// Fails `n` opening attempts in a row (each socket closes before it opens).
pub fn fail_attempts(s: &mut Sim, n: usize) {
    for _ in 0..n {
        s.closed(1006);
        s.progress_until(|d| matches!(d, Did::Open(_)));
    }
}
