//! Property tests of the core over random configurations and random input sequences: the
//! invariants of `src/core/mod.rs` must hold after every single input (see `checker.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
#[path = "core_harness/checker.rs"]
mod checker;

use checker::World;
use heartsocket::core::{
    backoff::{base_delay, jittered_delay},
    Config, HeartbeatConfig, Input, Overflow, QueueConfig, ReconnectConfig,
};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

/// One thing that happens to the instance. `None` as a socket pick means the machine's current
/// socket; a number picks any socket it ever created (mostly stale ones).
#[derive(Clone, Debug)]
enum Act {
    Connect { with_data: bool },
    Close { code: u16 },
    Reconnect,
    Send,
    Opened { which: Option<u32>, login: bool },
    Message { which: Option<u32>, is_pong: bool },
    Closed { which: Option<u32>, code: u16, verdict: Option<bool> },
    Error { which: Option<u32> },
    SendFailed { pick: u32 },
    Progress,
    Jump { ms: u64 },
    Advance { ms: u64 },
    /// The host's timer goes off now (early, late or on time).
    Wake,
    Online,
    Offline,
    Hidden,
    Visible,
    /// The next timer fires and the peer answers as a healthy server would.
    Live { rtt: u64 },
    /// The socket refuses one of the messages it was handed.
    SendRejected { pick: u32 },
}

/// Relative weights of the actions, in the order `decode` numbers them.
const WEIGHTS: [u32; 19] = [2, 1, 1, 4, 4, 3, 3, 1, 2, 4, 1, 2, 1, 1, 1, 1, 1, 4, 1];

/// Turns one random word into an action. Generating plain words and decoding them is an order
/// of magnitude cheaper than a 19-arm `prop_oneof!` in an unoptimised build, and shrinking a
/// word towards 0 still shrinks towards the first, simplest actions.
fn decode(word: u64) -> Act {
    let total: u32 = WEIGHTS.iter().sum();
    let mut slot = (word % u64::from(total)) as u32;
    let kind = WEIGHTS.iter().position(|&w| slot < w || { slot -= w; false }).unwrap_or(0);
    let r = word / u64::from(total);
    let bit = |n: u32| (r >> n) & 1 == 1;
    // A third of the socket inputs name any generation ever created (mostly stale ones).
    let which = if (r >> 2) % 4 == 0 { Some((r >> 8) as u32) } else { None };
    let pick = |options: &[u16]| options[((r >> 4) % options.len() as u64) as usize];
    let ms = (r >> 8) % 5000;
    match kind {
        0 => Act::Connect { with_data: bit(0) },
        1 => Act::Close { code: pick(&[1000, 4321]) },
        2 => Act::Reconnect,
        3 => Act::Send,
        4 => Act::Opened { which, login: bit(0) },
        5 => Act::Message { which, is_pong: bit(0) },
        6 => {
            let verdict = [None, Some(true), Some(false)][(r % 3) as usize];
            Act::Closed { which, code: pick(&[1000, 1001, 1006, 4000, 4001, 4002]), verdict }
        }
        7 => Act::Error { which },
        8 => Act::SendFailed { pick: (r >> 8) as u32 },
        9 => Act::Progress,
        10 => Act::Jump { ms },
        11 => Act::Advance { ms: ms % 3000 },
        12 => Act::Wake,
        13 => Act::Online,
        14 => Act::Offline,
        15 => Act::Hidden,
        16 => Act::Visible,
        17 => Act::Live { rtt: ms % 1000 },
        _ => Act::SendRejected { pick: (r >> 8) as u32 },
    }
}

fn act() -> impl Strategy<Value = Act> {
    any::<u64>().prop_map(decode)
}

fn heartbeat() -> impl Strategy<Value = Option<HeartbeatConfig>> {
    prop::option::weighted(0.8, (1u32..3000, 1u32..2000, any::<bool>()).prop_map(|(interval_ms, timeout_ms, reset)| {
        HeartbeatConfig { interval_ms, timeout_ms, reset_on_message: reset, ..HeartbeatConfig::default() }
    }))
}

fn reconnect() -> impl Strategy<Value = Option<ReconnectConfig>> {
    let delays = (0u32..500, 0u32..5000, 1.0f64..4.0, 0.0f64..=1.0);
    let limits = (prop::option::of(0u32..5), prop::option::of(1u32..3000), 0u32..3000, any::<bool>());
    prop::option::weighted(0.8, (delays, limits).prop_map(|((min, span, factor, jitter), (retries, timeout, uptime, stop))| {
        ReconnectConfig {
            min_delay_ms: min,
            max_delay_ms: min + span,
            factor,
            jitter,
            max_retries: retries,
            connect_timeout_ms: timeout,
            min_uptime_ms: uptime,
            stop_on_codes: if stop { vec![4001, 4002] } else { Vec::new() },
        }
    }))
}

fn config() -> impl Strategy<Value = Config> {
    let overflow = prop::sample::select(vec![Overflow::Error, Overflow::DropOldest, Overflow::DropNewest]);
    let queue = (0u32..6, 0u64..40, overflow, any::<bool>())
        .prop_map(|(max_messages, max_bytes, overflow, resend)| QueueConfig { max_messages, max_bytes, overflow, resend });
    (heartbeat(), reconnect(), queue).prop_map(|(heartbeat, reconnect, queue)| Config { heartbeat, reconnect, queue })
}

fn pick(w: &World, which: &Option<u32>) -> Option<heartsocket::core::Generation> {
    match which {
        None => w.s.m.current_generation(),
        Some(i) if !w.created.is_empty() => Some(w.created[*i as usize % w.created.len()]),
        Some(_) => None,
    }
}

fn apply(w: &mut World, a: &Act) {
    match a {
        Act::Connect { with_data } => w.connect(*with_data),
        Act::Close { code } => w.close(*code),
        Act::Reconnect => w.reconnect(),
        Act::Send => w.send(),
        Act::Opened { which, login } => {
            if let Some(g) = pick(w, which) {
                w.opened(g, *login);
            }
        }
        Act::Message { which, is_pong } => {
            if let Some(g) = pick(w, which) {
                w.message(g, *is_pong);
            }
        }
        Act::Closed { which, code, verdict } => {
            if let Some(g) = pick(w, which) {
                w.closed(g, *code, *verdict);
            }
        }
        Act::Error { which } => {
            if let Some(g) = pick(w, which) {
                w.error(g);
            }
        }
        Act::SendFailed { pick } => w.send_failed(*pick as usize),
        Act::Progress => w.progress(),
        Act::Jump { ms } => {
            let t = w.s.now + ms;
            w.s.jump(t);
        }
        Act::Advance { ms } => w.advance(*ms),
        Act::Wake => w.wake(),
        Act::Online => w.env(Input::Online),
        Act::Offline => w.env(Input::Offline),
        Act::Hidden => w.env(Input::Hidden),
        Act::Visible => w.env(Input::Visible),
        Act::Live { rtt } => w.live(*rtt),
        Act::SendRejected { pick } => w.send_rejected(*pick as usize),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        rng_seed: RngSeed::Fixed(0x6865_6172_7473),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// At most one live socket; nothing but final events and no timer after a manual close;
    /// nothing but drops after a give-up; each message transmitted once, in order, or dropped
    /// (or refused); reconnect delays in bounds; stale timers and stale sockets change nothing.
    #[test]
    fn invariants_hold_over_random_inputs(cfg in config(), seed in any::<u64>(), acts in prop::collection::vec(act(), 1..60)) {
        let mut w = World::new(cfg, seed);
        // Most interesting sequences start connected; the rest start from CLOSED.
        if seed % 4 != 0 {
            w.connect(false);
        }
        for a in &acts {
            apply(&mut w, a);
        }
        w.finish();
    }

    /// The base delay never decreases with the attempt and stays within [minDelay, maxDelay];
    /// the jittered one stays within the bounds for any draw in [0, 1).
    #[test]
    fn backoff_is_monotonic_and_bounded(
        min in 0u32..100_000,
        span in 0u32..1_000_000,
        factor in 1.0f64..=100.0,
        jitter in 0.0f64..=1.0,
        r in 0.0f64..1.0,
        attempts in prop::collection::vec(1u32..200, 1..20),
    ) {
        let cfg = ReconnectConfig { min_delay_ms: min, max_delay_ms: min + span, factor, jitter, ..ReconnectConfig::default() };
        let mut attempts = attempts;
        attempts.push(1);
        attempts.push(u32::MAX);
        attempts.sort_unstable();
        let (lo, hi) = (f64::from(min), f64::from(min + span));
        let mut last = lo;
        for &a in &attempts {
            let b = base_delay(&cfg, a);
            prop_assert!(b >= last && b <= hi, "attempt {}: {} after {}", a, b, last);
            last = b;
            let d = jittered_delay(&cfg, a, r);
            prop_assert!((min..=min + span).contains(&d), "attempt {}: jittered {}", a, d);
            prop_assert!(f64::from(d) <= b.round(), "jitter only takes off");
        }
        prop_assert_eq!(base_delay(&cfg, 1), lo);
    }
}
