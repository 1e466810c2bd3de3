//! Fuzzing the core (issue 7's "fuzz target over the core's configuration and input sequences"):
//! proptest, at least 100,000 cases per property, fixed seed, over
//! - wild configurations (NaN, ±Infinity, negatives, zero, huge, empty strings, bad close codes):
//!   `Machine::new` never panics; a refusal is a typed [`ConfigError`] naming exactly the option
//!   an independent oracle says is wrong; the option helpers accept only what they should;
//! - the accepted ones driven by random input sequences through the invariant checker of
//!   `core_props.rs` (one live socket, exactly-once-or-dropped delivery, nothing after close…);
//! - raw, unmodelled input sequences (stale and never-created generations, any close code, huge
//!   clock jumps, a host reporting failures of sends it never made): no panic, one live socket,
//!   timer bookkeeping exact, nothing but final events after a manual close;
//! - the conversion of a JS value the wasm export does in Rust (`core::wire`): close codes from
//!   any f64.
//!
//! Cases are cheap on purpose (random words decoded by hand, short sequences) so the 300,000
//! cases stay well under a minute in an unoptimised `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
#[allow(dead_code)] // `advance` is not used here: its 1000-firing guard would flag 1 ms timers
#[path = "core_harness/checker.rs"]
mod checker;

use std::collections::BTreeSet;

use checker::World;
use heartsocket::core::config::{delay_ms, real, whole, MAX_DELAY_MS};
use heartsocket::core::rng::SplitMix64;
use heartsocket::core::wire::close_code;
use heartsocket::core::{
    Config, ConfigError, Effect, Event, Generation, HeartbeatConfig, Input, Machine, Overflow, PongMatcher,
    QueueConfig, ReadyState, ReconnectConfig, Timer,
};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

const CASES: u32 = 100_000;
const MAX: u32 = MAX_DELAY_MS;

/// Draws from a seed: a cheap source of structured randomness.
struct Draw(SplitMix64);

impl Draw {
    fn below(&mut self, n: u64) -> u64 {
        self.0.next_u64() % n
    }
    fn pct(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
    /// A delay: usually in `typical`, sometimes an edge or an invalid value.
    fn delay(&mut self, typical: std::ops::Range<u32>) -> u32 {
        if self.pct(4) {
            self.pick(&[0, 1, MAX, MAX + 1, u32::MAX])
        } else {
            typical.start + self.below(u64::from(typical.end - typical.start)) as u32
        }
    }
    /// A real: usually in `typical`, sometimes NaN, infinite, negative, huge or at an edge.
    fn real(&mut self, lo: f64, hi: f64, edges: &[f64]) -> f64 {
        if self.pct(5) {
            let weird = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, -1e-9, 1e308, f64::MIN_POSITIVE];
            if self.pct(50) { self.pick(&weird) } else { self.pick(edges) }
        } else {
            lo + self.0.next_f64() * (hi - lo)
        }
    }
}

/// A configuration from one seed; about a third of them are invalid somewhere.
fn wild_config(seed: u64) -> Config {
    let mut d = Draw(SplitMix64::new(seed));
    let heartbeat = (!d.pct(15)).then(|| HeartbeatConfig {
        interval_ms: d.delay(1..3000),
        timeout_ms: d.delay(1..2000),
        message: if d.pct(3) { String::new() } else { "ping".into() },
        pong: match d.below(100) {
            0..=2 => PongMatcher::Exact(String::new()),
            3..=20 => PongMatcher::Predicate,
            _ => PongMatcher::Exact("pong".into()),
        },
        reset_on_message: d.pct(50),
    });
    let reconnect = (!d.pct(15)).then(|| {
        let min = d.delay(0..500);
        let max = if d.pct(4) { min.saturating_sub(1) } else { min.saturating_add(d.delay(0..5000)) };
        let codes = (0..d.below(3))
            .map(|_| if d.pct(10) { d.pick(&[0, 999, 1005, 5000, 65535]) } else { d.pick(&[1000, 1009, 4001, 4999]) })
            .collect();
        ReconnectConfig {
            min_delay_ms: min,
            max_delay_ms: max,
            factor: d.real(1.0, 4.0, &[0.999, 1.0, 100.0, 100.000_001]),
            jitter: d.real(0.0, 1.0, &[0.0, 1.0, 1.000_001]),
            max_retries: match d.below(4) {
                0 => None,
                1 => Some(u32::MAX),
                _ => Some(d.below(5) as u32),
            },
            connect_timeout_ms: if d.pct(20) { None } else { Some(d.delay(1..3000)) },
            min_uptime_ms: d.delay(0..3000),
            stop_on_codes: codes,
        }
    });
    let queue = QueueConfig {
        max_messages: if d.pct(5) { u32::MAX } else { d.below(6) as u32 },
        max_bytes: if d.pct(5) { u64::MAX } else { d.below(40) },
        overflow: d.pick(&[Overflow::Error, Overflow::DropOldest, Overflow::DropNewest]),
        resend: d.pct(50),
    };
    Config { heartbeat, reconnect, queue }
}

/// The oracle: the option a correct validator must name first (in the documented order), or
/// `None` for a valid configuration. Written from the option table, not from `validate`.
fn first_bad_option(c: &Config) -> Option<&'static str> {
    let delay_ok = |v: u32, lo: u32| v >= lo && v <= MAX;
    if let Some(h) = &c.heartbeat {
        let checks = [
            ("heartbeat.interval", delay_ok(h.interval_ms, 1)),
            ("heartbeat.timeout", delay_ok(h.timeout_ms, 1)),
            ("heartbeat.message", !h.message.is_empty()),
            ("heartbeat.pong", h.pong != PongMatcher::Exact(String::new())),
        ];
        if let Some((name, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Some(name);
        }
    }
    if let Some(r) = &c.reconnect {
        let checks = [
            ("reconnect.minDelay", delay_ok(r.min_delay_ms, 0)),
            ("reconnect.maxDelay", delay_ok(r.max_delay_ms, 0) && r.max_delay_ms >= r.min_delay_ms),
            ("reconnect.factor", (1.0..=100.0).contains(&r.factor)),
            ("reconnect.jitter", (0.0..=1.0).contains(&r.jitter)),
            ("reconnect.connectTimeout", r.connect_timeout_ms.is_none_or(|t| delay_ok(t, 1))),
            ("reconnect.minUptime", delay_ok(r.min_uptime_ms, 0)),
            ("reconnect.stopOnCodes", r.stop_on_codes.iter().all(|c| (1000..=4999).contains(c))),
        ];
        if let Some((name, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Some(name);
        }
    }
    None
}

/// A refusal is typed and self-describing: it names the option and carries the offending value
/// and the allowed range (the message users read is options.js's, tests/node/errors/).
fn check_error(e: &ConfigError, expected: &str) {
    assert_eq!(e.option(), expected, "{e:?}");
    if let ConfigError::OutOfRange { value, min, max, .. } = e {
        assert!(min <= max && !(value >= min && value <= max), "{e:?}");
    }
}

/// One random word turned into an action of the modelled world.
fn act(w: &mut World, word: u64, cfg: &Config) {
    let r = word >> 5;
    let which = if r % 3 == 0 { Some((r >> 8) as usize) } else { None };
    let g = match which {
        None => w.s.m.current_generation(),
        Some(i) if !w.created.is_empty() => Some(w.created[i % w.created.len()]),
        Some(_) => None,
    };
    let stop = cfg.reconnect.as_ref().and_then(|r| r.stop_on_codes.first().copied()).unwrap_or(4001);
    let code = [1000, 1001, 1006, 1009, 1011, 4000, stop][((r >> 3) % 7) as usize];
    match word % 20 {
        0 => w.connect(r & 1 == 1),
        1 => w.close([1000, 4321][(r & 1) as usize]),
        2 => w.reconnect(),
        3 | 4 => w.send(),
        5 | 6 => g.into_iter().for_each(|g| w.opened(g, r & 1 == 1)),
        7 | 8 => g.into_iter().for_each(|g| w.message(g, r & 1 == 1)),
        9 => g.into_iter().for_each(|g| w.closed(g, code, [None, Some(true), Some(false)][(r % 3) as usize])),
        10 => g.into_iter().for_each(|g| w.error(g)),
        11 => w.send_failed((r >> 8) as usize),
        12 | 13 => w.progress(),
        14 => {
            // Mostly short waits; sometimes a frozen page or a laptop lid closed for days.
            let ms = if r % 16 == 0 { 1 << (20 + r % 20) } else { (r >> 8) % 5000 };
            let t = w.s.now + ms;
            w.s.jump(t);
        }
        15 => w.wake(),
        16 => w.env(if r & 1 == 1 { Input::Online } else { Input::Offline }),
        17 => w.env(if r & 1 == 1 { Input::Hidden } else { Input::Visible }),
        _ => w.live((r >> 8) % 1000),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        rng_seed: RngSeed::Fixed(0x6661_756c_7473),
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    /// Wild configurations: refused exactly when the oracle says, naming the first bad option;
    /// the accepted ones survive a random input sequence with every invariant holding.
    #[test]
    fn wild_configs_are_refused_by_name_or_survive_random_inputs(
        cfg_seed in any::<u64>(),
        seed in any::<u64>(),
        words in prop::collection::vec(any::<u64>(), 0..20),
    ) {
        let cfg = wild_config(cfg_seed);
        let expected = first_bad_option(&cfg);
        match Machine::<String>::new(cfg.clone(), seed) {
            Err(e) => {
                let want = expected.unwrap_or_else(|| panic!("a valid config was refused: {e:?} ({cfg:?})"));
                check_error(&e, want);
            }
            Ok(_) => {
                prop_assert!(expected.is_none(), "accepted although {:?} is invalid: {:?}", expected, cfg);
                let mut w = World::new(cfg.clone(), seed);
                if seed % 4 != 0 {
                    w.connect(false);
                }
                for &word in &words {
                    act(&mut w, word, &cfg);
                }
                w.finish();
            }
        }
    }

    /// The option helpers the JS layer calls: any f64 (NaN, infinities, fractions, huge) either
    /// comes back whole and in range, or as a typed error naming the option it was given.
    #[test]
    fn option_helpers_accept_exactly_their_range(bits in any::<u64>(), pick in 0u8..4, small in -10.0f64..200.0) {
        let v = if pick == 0 { f64::from_bits(bits) } else if pick == 1 { small } else { (small * 100.0).round() };
        match whole("queue.maxMessages", v, 0, u64::from(u32::MAX)) {
            Ok(n) => prop_assert!(v.fract() == 0.0 && v >= 0.0 && v <= f64::from(u32::MAX) && n as f64 == v),
            Err(e) => {
                prop_assert_eq!(e.option(), "queue.maxMessages");
                prop_assert!(v.is_nan() || v < 0.0 || v > f64::from(u32::MAX) || v.fract() != 0.0, "{:?}", e);
            }
        }
        match delay_ms("heartbeat.interval", v, 1) {
            Ok(n) => prop_assert!((1..=MAX).contains(&n) && f64::from(n) == v),
            Err(e) => {
                let typed = matches!(e, ConfigError::OutOfRange { .. } | ConfigError::NotInteger { .. });
                prop_assert!(e.option() == "heartbeat.interval" && typed)
            }
        }
        match real("reconnect.jitter", v, 0.0, 1.0) {
            Ok(x) => prop_assert!((0.0..=1.0).contains(&x) && x == v),
            Err(e) => prop_assert!(e.option() == "reconnect.jitter" && !(0.0..=1.0).contains(&v)),
        }
    }

    /// What the driver reads from JS and converts in Rust (issue 13): any f64 (every bit
    /// pattern, fractions, the edges) as a host's close code is itself when whole and in
    /// 0..=65535, else 1006; any string is an event type exactly when it is one of the names
    /// (near misses: case, padding, a lone-surrogate replacement, a prefix, huge), and no name is
    /// longer than the bound the JS side uses to avoid copying long strings.
    #[test]
    fn host_values_convert_exactly(bits in any::<u64>(), pick in 0u8..6, small in -10.0f64..70000.0) {
        let v = match pick {
            0 => f64::from_bits(bits),
            1 => small,
            2 => small.trunc(),
            3 => [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 65535.0, 65536.0, 1000.5, 1e300][(bits % 8) as usize],
            _ => (bits % 70000) as f64,
        };
        let some = if bits % 16 == 0 { None } else { Some(v) };
        let code = close_code(some);
        match some {
            Some(v) if v.fract() == 0.0 && (0.0..=65535.0).contains(&v) => prop_assert_eq!(f64::from(code), v),
            _ => prop_assert_eq!(code, 1006),
        }
    }

    /// Unmodelled inputs, as a buggy or hostile host could produce them.
    #[test]
    fn raw_inputs_never_panic_and_keep_one_socket(
        cfg_seed in any::<u64>(),
        seed in any::<u64>(),
        words in prop::collection::vec(any::<u64>(), 1..24),
    ) {
        let cfg = wild_config(cfg_seed);
        let Ok(m) = Machine::<String>::new(cfg.clone(), seed) else { return Ok(()) };
        let mut raw = Raw { m, now: 0, cfg, live: None, released: BTreeSet::new(), last_gen: 0, timers: [None; 5], closed: false };
        for &w in &words {
            raw.step(w);
        }
    }
}

/// The machine fed raw inputs, with the checks that hold whatever the host does.
struct Raw {
    m: Machine<String>,
    now: u64,
    cfg: Config,
    live: Option<Generation>,
    released: BTreeSet<Generation>,
    last_gen: u32,
    /// The machine's deadlines before the step.
    timers: [Option<u64>; 5],
    /// A manual close is in force (no connect since).
    closed: bool,
}

impl Raw {
    fn gen(&self, r: u64) -> Generation {
        let cur = self.m.current_generation().map_or(self.last_gen, |g| g.0);
        Generation(match r % 6 {
            0 => 0,
            1 => cur.wrapping_add(1),
            2 => cur.wrapping_sub(1),
            3 => u32::MAX,
            _ => cur,
        })
    }

    fn step(&mut self, word: u64) {
        let r = word >> 5;
        let g = self.gen(r >> 3);
        let code = [0, 999, 1000, 1005, 1006, 1009, 1015, 4000, 4999, 5000, u16::MAX][(r % 11) as usize];
        let input = match word % 16 {
            0 => Input::Connect { data: (r & 1 == 1).then(|| "connect-data".to_owned()) },
            1 => Input::Close { code, reason: "x".repeat((r % 130) as usize) },
            2 => Input::Reconnect,
            3 => Input::SocketOpened { generation: g, open_message: (r & 1 == 1).then(|| "login".to_owned()) },
            4 => Input::SocketMessage { generation: g, is_pong: r & 1 == 1 },
            5 => Input::SocketError { generation: g },
            6 => Input::SocketClosed {
                generation: g,
                code,
                reason: String::new(),
                was_clean: r & 1 == 1,
                should_reconnect: [None, Some(true), Some(false)][(r % 3) as usize],
            },
            7 => Input::SendFailed { generation: g, seq: r % 8, payload: "ghost".into() },
            8 | 9 => {
                // The host's timer goes off (early, late or on time): whatever was due runs.
                self.m.handle_timeout(self.now);
                let now = self.now;
                let due = self.timers;
                self.drain(false);
                for t in Timer::ALL {
                    if let Some(at) = due[t.index()].filter(|&at| at < now) {
                        assert_ne!(self.m.deadline(t), Some(at), "{t:?} due at {at} did not run at {now}");
                    }
                }
                return;
            }
            10 => Input::Online,
            11 => Input::Offline,
            12 => Input::Hidden,
            13 => Input::Visible,
            14 => {
                let now = self.now;
                let _ = self.m.send(|| now, format!("m{}", r % 1000));
                return self.drain(false);
            }
            _ => {
                self.now = self.now.saturating_add(if r % 8 == 0 { 1 << (r % 50) } else { r % 4000 });
                return;
            }
        };
        match &input {
            Input::Close { .. } => self.closed = true,
            Input::Connect { .. } | Input::Reconnect => self.closed = false,
            _ => {}
        }
        let message_for_user = matches!(input, Input::SocketMessage { generation, is_pong: false }
            if self.m.ready_state() == ReadyState::Open && self.m.current_generation() == Some(generation));
        self.m.handle(self.now, input);
        self.drain(message_for_user);
    }

    fn drain(&mut self, message_for_user: bool) {
        let mut messages = 0;
        while let Some(e) = self.m.poll() {
            if self.closed {
                let allowed = matches!(
                    e,
                    Effect::CloseSocket { .. }
                        | Effect::ReleaseSocket { .. }
                        | Effect::Emit(Event::Close { .. } | Event::Drop { .. })
                );
                assert!(allowed, "after a manual close: {e:?}");
            }
            match e {
                Effect::OpenSocket { generation } => {
                    assert!(self.live.is_none(), "{generation:?} opened while {:?} lives", self.live);
                    assert!(generation.0 > self.last_gen, "generations grow");
                    self.last_gen = generation.0;
                    self.live = Some(generation);
                }
                Effect::CloseSocket { generation, .. } => assert_eq!(self.live, Some(generation), "close of a dead socket"),
                Effect::ReleaseSocket { generation } => {
                    assert_eq!(self.live.take(), Some(generation), "release of a socket not live");
                    assert!(self.released.insert(generation));
                }
                Effect::Transmit { generation, .. } | Effect::Ping { generation } => {
                    assert_eq!(self.live, Some(generation), "transmit on a socket not live");
                }
                Effect::Emit(Event::Message) => messages += 1,
                Effect::Emit(_) => {}
            }
        }
        assert_eq!(messages, usize::from(message_for_user), "a message is delivered once, pongs never");
        for t in Timer::ALL {
            let (was, is) = (self.timers[t.index()], self.m.deadline(t));
            assert_eq!(self.m.timer_armed(t), is.is_some());
            if was != is {
                if let Some(at) = is {
                    assert!(at >= self.now, "{t:?} set in the past");
                    // After a manual close only the torn-down socket's wait may start.
                    assert!(!self.closed || t == Timer::CloseWait, "after a manual close: {t:?} set");
                    if t == Timer::Reconnect {
                        let r = self.cfg.reconnect.as_ref().expect("reconnect timer without reconnect");
                        let delay = u32::try_from(at - self.now).unwrap();
                        assert!((r.min_delay_ms..=r.max_delay_ms).contains(&delay));
                    }
                }
            }
            self.timers[t.index()] = is;
        }
        assert_eq!(self.m.poll_timeout(), self.timers.iter().flatten().min().copied());
        if self.closed {
            assert!(matches!(self.m.ready_state(), ReadyState::Closing | ReadyState::Closed));
        }
    }
}
