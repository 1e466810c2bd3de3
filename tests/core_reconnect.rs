//! Reconnect behaviour of the core: backoff, the reconnect lock, retries, stop codes.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, fail_attempts, quiet, Did, Sim};
use heartsocket::core::{Event, Input, ReadyState, Timer};

#[test]
fn abrupt_close_reconnects_with_exponential_backoff() {
    let mut s = Sim::connected(config());
    for _ in 0..6 {
        s.closed(1006);
        s.progress_until(|d| matches!(d, Did::Open(_)));
    }
    let delays: Vec<u32> = s
        .events()
        .into_iter()
        .filter_map(|e| if let Event::Reconnecting { delay_ms, .. } = e { Some(delay_ms) } else { None })
        .collect();
    // Each attempt failed before opening, so the counter was never reset: 100·2^(n−1), capped.
    assert_eq!(delays, [100, 200, 400, 800, 1600, 1600]);
    assert_eq!(s.max_sockets, 1);
    assert_eq!(s.state(), ReadyState::Connecting);
}

#[test]
fn a_link_that_stayed_up_for_min_uptime_resets_the_attempt_counter() {
    let mut cfg = config();
    cfg.heartbeat = None;
    let mut s = Sim::connected(cfg);
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    s.advance(4999);
    s.closed(1006);
    let short = s.events().into_iter().rev().find(|e| matches!(e, Event::Reconnecting { .. }));
    assert_eq!(short, Some(Event::Reconnecting { attempt: 2, delay_ms: 200 }), "4999 ms < minUptime");
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    s.advance(5000);
    s.closed(1006);
    let last = s.events().into_iter().rev().find(|e| matches!(e, Event::Reconnecting { .. }));
    assert_eq!(last, Some(Event::Reconnecting { attempt: 1, delay_ms: 100 }));
}

#[test]
fn events_of_an_old_generation_are_ignored() {
    let mut s = Sim::connected(config());
    let old = s.current();
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    let before = s.log.len();
    s.input(Input::SocketOpened { generation: old, open_message: None });
    s.input(Input::SocketMessage { generation: old, is_pong: false });
    s.closed_gen(old, 1000);
    assert_eq!(s.log.len(), before, "stale events must change nothing");
    assert_eq!(s.state(), ReadyState::Connecting);
}

fn reconnect_cfg(c: &mut heartsocket::core::Config) -> &mut heartsocket::core::ReconnectConfig {
    c.reconnect.as_mut().expect("reconnect on")
}

#[test]
fn jitter_stays_in_bounds_and_is_drawn_afresh_per_attempt() {
    use heartsocket::core::{backoff, rng::SplitMix64};
    let mut cfg = quiet();
    reconnect_cfg(&mut cfg).jitter = 0.5;
    let rc = cfg.reconnect.clone().expect("reconnect on");
    let mut s = Sim::with_seed(cfg.clone(), 99);
    s.connect();
    fail_attempts(&mut s, 30);
    let got = s.reconnecting();
    assert_eq!(got.len(), 30);
    // The machine draws exactly one number per attempt from its seeded generator.
    let mut rng = SplitMix64::new(99);
    for (i, &(attempt, delay)) in got.iter().enumerate() {
        assert_eq!(attempt as usize, i + 1);
        let base = backoff::base_delay(&rc, attempt);
        let lo = (base * 0.5).round().max(100.0) as u32;
        assert!((lo..=base as u32).contains(&delay), "attempt {attempt}: {delay} not in [{lo}, {base}]");
        assert_eq!(delay, backoff::jittered_delay(&rc, attempt, rng.next_f64()));
    }
    // At the cap (attempt ≥ 5) the base is constant: only fresh draws make the delays differ.
    let mut capped: Vec<u32> = got[5..].iter().map(|&(_, d)| d).collect();
    capped.sort_unstable();
    capped.dedup();
    assert!(capped.len() > 10, "jitter not redrawn per attempt: {capped:?}");
    // Each reconnect timer is armed with the announced delay and the socket opens when it fires.
    let opens = s.opens();
    for (k, &(_, delay)) in got.iter().enumerate() {
        assert_eq!(opens[k + 1].0 - opens[k].0, u64::from(delay));
    }
    // Same seed, same delays; another seed, others.
    let mut again = Sim::with_seed(cfg.clone(), 99);
    again.connect();
    fail_attempts(&mut again, 30);
    assert_eq!(again.reconnecting(), got);
    let mut other = Sim::with_seed(cfg, 100);
    other.connect();
    fail_attempts(&mut other, 30);
    assert_ne!(other.reconnecting(), got);
}

#[test]
fn max_retries_gives_up_with_the_attempt_count_and_drops_what_was_queued() {
    let mut cfg = quiet();
    reconnect_cfg(&mut cfg).max_retries = Some(3);
    let mut s = Sim::new(cfg);
    s.connect();
    s.send("a").unwrap();
    s.send("b").unwrap();
    fail_attempts(&mut s, 3);
    assert_eq!(s.reconnecting().iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
    let from = s.log.len();
    s.closed(1006);
    let ev = s.events_since(from);
    assert_eq!(
        ev,
        [
            Event::Close { code: 1006, reason: String::new(), was_clean: false, will_reconnect: false },
            Event::GiveUp { attempts: 3 },
            Event::Drop { payload: "a".into(), reason: heartsocket::core::DropReason::Closed },
            Event::Drop { payload: "b".into(), reason: heartsocket::core::DropReason::Closed },
        ]
    );
    assert_eq!(s.state(), ReadyState::Closed);
    assert!(!s.any_timer_armed());
    assert_eq!(s.progress(), None, "nothing left to retry");
    assert_eq!(s.m.stats().dropped, 2);
    assert_eq!(s.m.stats().queued, 0);
    assert!(s.transmitted().is_empty());
}

#[test]
fn max_retries_zero_gives_up_at_the_first_loss() {
    let mut cfg = quiet();
    reconnect_cfg(&mut cfg).max_retries = Some(0);
    let mut s = Sim::connected(cfg);
    s.closed(1006);
    assert_eq!(s.events().last(), Some(&Event::GiveUp { attempts: 0 }));
    assert_eq!(s.opens().len(), 1);
}

#[test]
fn a_stop_code_ends_reconnecting_other_codes_do_not() {
    let mut cfg = quiet();
    reconnect_cfg(&mut cfg).stop_on_codes = vec![4001, 4003];
    let mut s = Sim::connected(cfg);
    s.closed(4002);
    assert_eq!(s.close_events().last().map(|c| c.3), Some(true));
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    let from = s.log.len();
    s.closed(4003);
    assert_eq!(
        s.events_since(from),
        [
            Event::Close { code: 4003, reason: String::new(), was_clean: true, will_reconnect: false },
            Event::GiveUp { attempts: 1 },
        ]
    );
    assert_eq!(s.state(), ReadyState::Closed);
    assert!(!s.any_timer_armed());
}

#[test]
fn the_should_reconnect_verdict_is_obeyed_per_close() {
    let mut s = Sim::connected(quiet());
    let g = s.current();
    let closed = |generation, verdict| Input::SocketClosed {
        generation,
        code: 1001,
        reason: "bye".into(),
        was_clean: true,
        should_reconnect: verdict,
    };
    s.input(closed(g, Some(true)));
    assert_eq!(s.close_events().last(), Some(&(1001, "bye".into(), true, true)));
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    let g = s.current();
    s.input(closed(g, Some(false)));
    assert_eq!(s.close_events().last(), Some(&(1001, "bye".into(), true, false)));
    assert_eq!(s.events().last(), Some(&Event::GiveUp { attempts: 1 }));
    assert_eq!(s.progress(), None);
}

#[test]
fn with_reconnect_disabled_a_loss_is_final_and_there_is_no_connect_timeout() {
    let mut cfg = quiet();
    cfg.reconnect = None;
    let mut s = Sim::new(cfg);
    s.connect();
    assert!(!s.m.timer_armed(Timer::ConnectTimeout));
    s.opened();
    s.closed(1006);
    assert_eq!(
        s.events()[1..],
        [
            Event::Close { code: 1006, reason: String::new(), was_clean: false, will_reconnect: false },
            Event::GiveUp { attempts: 0 }
        ]
    );
    assert_eq!(s.state(), ReadyState::Closed);
    assert_eq!(s.progress(), None);
    assert_eq!(s.opens().len(), 1);
}

#[test]
fn connect_timeout_abandons_the_socket_and_retries_after_it_is_released() {
    let mut s = Sim::new(quiet());
    s.connect();
    let g1 = s.current();
    assert_eq!(s.log.last(), Some(&(0, Did::Timer(Timer::ConnectTimeout, 2000))));
    // An early wake (a host timer that fired too soon) changes nothing: the deadline stands.
    s.jump(1500);
    let from = s.log.len();
    s.wake();
    assert_eq!(s.since(from), []);
    assert_eq!(s.m.poll_timeout(), Some(2000));
    let from = s.log.len();
    assert_eq!(s.progress(), Some(Timer::ConnectTimeout));
    assert_eq!(s.now, 2000);
    let since = s.since(from);
    assert_eq!(since[0], Did::Close(g1, 4000, "connect timeout".into()));
    assert!(since.contains(&Did::Event(Event::Close {
        code: 1006,
        reason: "connect timeout".into(),
        was_clean: false,
        will_reconnect: true
    })));
    assert!(since.contains(&Did::Event(Event::Reconnecting { attempt: 1, delay_ms: 100 })));
    // The retry is due, but the abandoned socket has not reported its close: no second socket.
    assert_eq!(s.progress(), Some(Timer::Reconnect));
    assert_eq!(s.opens().len(), 1);
    assert_eq!(s.state(), ReadyState::Connecting);
    // It opens late: too late, it is ignored.
    let from = s.log.len();
    s.input(Input::SocketOpened { generation: g1, open_message: Some("login".into()) });
    s.input(Input::SocketError { generation: g1 });
    assert_eq!(s.since(from), []);
    s.advance(100);
    s.closed_gen(g1, 1006);
    let since = s.since(from);
    assert_eq!(since[0], Did::Release(g1));
    assert!(matches!(since[1], Did::Open(g) if g > g1));
    assert!(since.contains(&Did::Cancel(Timer::CloseWait)));
    assert!(!since.iter().any(|d| matches!(d, Did::Event(_))), "the loss was reported once: {since:?}");
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn an_abandoned_socket_that_never_reports_is_released_by_close_wait() {
    let mut s = Sim::new(quiet());
    s.connect();
    let g1 = s.current();
    s.progress_until(|d| matches!(d, Did::Close(..)));
    let t0 = s.now;
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(at, t0 + 2000, "opened when CloseWait released the old socket");
    let rel = s.log.iter().position(|(_, d)| *d == Did::Release(g1)).expect("released");
    let open = s.log.iter().rposition(|(_, d)| matches!(d, Did::Open(_))).expect("opened");
    assert!(rel < open);
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn without_connect_timeout_an_opening_socket_is_waited_on() {
    let mut cfg = quiet();
    reconnect_cfg(&mut cfg).connect_timeout_ms = None;
    let mut s = Sim::new(cfg);
    s.connect();
    assert!(!s.any_timer_armed());
    s.jump(1_000_000);
    s.opened();
    assert_eq!(s.events(), [Event::Open { attempt: 0 }]);
}

#[test]
fn a_storm_of_faults_never_gives_two_sockets() {
    let mut s = Sim::connected(config());
    for i in 0..50u64 {
        match i % 7 {
            0 => s.input(Input::Reconnect),
            1 => s.input(Input::Offline),
            2 => s.input(Input::Online),
            3 => {
                if s.m.current_generation().is_some() {
                    s.opened();
                }
            }
            4 => s.input(Input::Hidden),
            5 => s.input(Input::Visible),
            _ => {
                s.progress();
            }
        }
        s.advance(i * 37 % 500);
        assert!(s.sockets.len() <= 1, "step {i}: {:?}", s.sockets);
    }
    assert_eq!(s.max_sockets, 1);
    assert!(s.opens().len() > 3, "the storm did reopen sockets");
}

#[test]
fn the_jitter_generator_is_splitmix64() {
    use heartsocket::core::rng::SplitMix64;
    // Reference outputs of SplitMix64 (Steele, Lea, Flood; Vigna's reference implementation).
    let mut r = SplitMix64::new(1_234_567);
    assert_eq!([r.next_u64(), r.next_u64(), r.next_u64()], [0x599e_d017_fb08_fc85, 0x2c73_f084_5854_0fa5, 0x883e_bce5_a3f2_7c77]);
    let mut r = SplitMix64::new(0);
    assert_eq!([r.next_u64(), r.next_u64(), r.next_u64()], [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f]);
    // next_f64 is the top 53 bits scaled into [0, 1).
    let mut r = SplitMix64::new(0);
    assert_eq!(r.next_f64(), (0xe220_a839_7b1d_cdaf_u64 >> 11) as f64 / (1u64 << 53) as f64);
}
