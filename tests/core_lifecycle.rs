//! The lifecycle the user sees: readyState, one socket per connect, attempt numbering, socket
//! release, and configuration errors that name the option and its range.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{
    config::{delay_ms, real, whole, MAX_DELAY_MS},
    Config, ConfigError, DropReason, Event, Generation, Input, Machine, Overflow, Payload, PongMatcher, ReadyState,
    Timer,
};

#[test]
fn ready_state_follows_the_link() {
    let mut s = Sim::new(config());
    assert_eq!(s.state(), ReadyState::Closed);
    s.connect();
    assert_eq!(s.state(), ReadyState::Connecting);
    s.opened();
    assert_eq!(s.state(), ReadyState::Open);
    s.closed(1006);
    assert_eq!(s.state(), ReadyState::Connecting, "a reconnect is pending");
    s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(s.state(), ReadyState::Connecting);
    s.opened();
    assert_eq!(s.state(), ReadyState::Open);
    s.close(1000, "");
    assert_eq!(s.state(), ReadyState::Closing);
    s.closed(1000);
    assert_eq!(s.state(), ReadyState::Closed);
    assert_eq!(
        [ReadyState::Connecting, ReadyState::Open, ReadyState::Closing, ReadyState::Closed].map(|r| r as u8),
        [0, 1, 2, 3],
        "W3C numbering"
    );
}

#[test]
fn ready_state_is_connecting_while_a_dead_socket_drains_and_closed_after_give_up() {
    let mut c = config();
    c.reconnect.as_mut().expect("reconnect").max_retries = Some(1);
    let mut s = Sim::connected(c);
    s.progress();
    s.progress(); // heartbeat timeout: the socket drains, a retry is pending
    assert_eq!(s.state(), ReadyState::Connecting);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.closed(1006);
    assert_eq!(s.events().last(), Some(&Event::GiveUp { attempts: 1 }));
    assert_eq!(s.state(), ReadyState::Closed);
}

#[test]
fn connect_twice_opens_one_socket() {
    let mut s = Sim::new(config());
    s.connect();
    s.connect();
    assert_eq!(s.opens().len(), 1);
    s.opened();
    s.connect();
    assert_eq!(s.opens().len(), 1);
    assert_eq!(s.events(), [Event::Open { attempt: 0 }]);
    s.closed(1006);
    let from = s.log.len();
    s.connect();
    assert_eq!(s.since(from), [], "connect during backoff changes nothing");
}

#[test]
fn open_reports_the_attempt_and_reconnects_are_counted() {
    let mut c = config();
    c.heartbeat = None;
    let mut s = Sim::connected(c);
    assert_eq!(s.m.stats().reconnects, 0);
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    assert_eq!(s.events().last(), Some(&Event::Open { attempt: 2 }));
    assert_eq!(s.m.stats().reconnects, 1);
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    assert_eq!(s.events().last(), Some(&Event::Open { attempt: 3 }), "up < minUptime: no reset");
    assert_eq!(s.m.stats().reconnects, 2);
}

#[test]
fn every_socket_is_released_once_after_its_end_and_never_named_again() {
    let mut s = Sim::connected(config());
    s.progress();
    s.progress(); // heartbeat death: drains until CloseWait
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    s.input(Input::Reconnect);
    s.closed_gen(s.current(), 1000);
    s.opened();
    s.send("x").unwrap();
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.input(Input::Offline);
    s.closed_gen(s.current(), 1006);
    s.input(Input::Online);
    s.opened();
    s.close(1000, "");
    s.progress();
    let opened: Vec<Generation> = s.opens().iter().map(|o| o.1).collect();
    assert_eq!(opened.len(), 5);
    for g in opened {
        let named = |d: &Did| match d {
            Did::Open(x) | Did::Close(x, ..) | Did::Release(x) | Did::Transmit(x, ..) | Did::Ping(x) => *x == g,
            _ => false,
        };
        let releases: Vec<usize> =
            s.log.iter().enumerate().filter(|(_, (_, d))| *d == Did::Release(g)).map(|(i, _)| i).collect();
        assert_eq!(releases.len(), 1, "{g:?} released once");
        assert!(!s.log[releases[0] + 1..].iter().any(|(_, d)| named(d)), "{g:?} named after release");
    }
    assert!(s.sockets.is_empty());
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn socket_errors_are_reported_for_the_live_socket_only() {
    let mut s = Sim::new(config());
    s.connect();
    let g = s.current();
    s.input(Input::SocketError { generation: g });
    s.opened();
    s.input(Input::SocketError { generation: g });
    s.input(Input::SocketError { generation: Generation(g.0 + 1) });
    assert_eq!(s.events(), [Event::Error, Event::Open { attempt: 0 }, Event::Error]);
    s.close(1000, "");
    let from = s.log.len();
    s.input(Input::SocketError { generation: g });
    assert_eq!(s.since(from), [], "the socket being closed is not news");
}

#[test]
fn stale_timer_firings_change_nothing() {
    let mut s = Sim::connected(config());
    let from = s.log.len();
    // The host's timer going off before the heartbeat is due (the only timer set).
    s.jump(999);
    s.wake();
    assert_eq!(s.since(from), []);
    assert_eq!(s.state(), ReadyState::Open);
}

// ---- configuration ----

fn invalid(f: impl FnOnce(&mut Config)) -> ConfigError {
    let mut c = Config::default();
    f(&mut c);
    let e = c.validate().expect_err("invalid");
    // Compared as Debug text: NaN values are never equal to themselves.
    let from_new = Machine::<String>::new(c, 0).err().map(|e| format!("{e:?}"));
    assert_eq!(from_new, Some(format!("{e:?}")), "Machine::new validates too");
    e
}

fn hb(c: &mut Config) -> &mut heartsocket::core::HeartbeatConfig {
    c.heartbeat.as_mut().expect("heartbeat")
}

fn rc(c: &mut Config) -> &mut heartsocket::core::ReconnectConfig {
    c.reconnect.as_mut().expect("reconnect")
}

/// Checks an out-of-range error: its option and bounds (the message is options.js's).
fn out_of_range(e: ConfigError, option: &str, min: f64, max: f64) {
    match &e {
        ConfigError::OutOfRange { option: o, min: lo, max: hi, .. } => {
            assert_eq!((*o, *lo, *hi), (option, min, max), "{e:?}");
        }
        other => panic!("expected OutOfRange for {option}, got {other:?}"),
    }
    assert_eq!(e.option(), option);
}

#[test]
fn each_number_out_of_range_names_its_option_and_range() {
    let max = f64::from(MAX_DELAY_MS);
    out_of_range(invalid(|c| hb(c).interval_ms = 0), "heartbeat.interval", 1.0, max);
    out_of_range(invalid(|c| hb(c).interval_ms = MAX_DELAY_MS + 1), "heartbeat.interval", 1.0, max);
    out_of_range(invalid(|c| hb(c).timeout_ms = 0), "heartbeat.timeout", 1.0, max);
    out_of_range(invalid(|c| rc(c).min_delay_ms = u32::MAX), "reconnect.minDelay", 0.0, max);
    out_of_range(invalid(|c| rc(c).max_delay_ms = MAX_DELAY_MS + 1), "reconnect.maxDelay", 0.0, max);
    out_of_range(invalid(|c| rc(c).factor = 0.5), "reconnect.factor", 1.0, 100.0);
    out_of_range(invalid(|c| rc(c).factor = 100.5), "reconnect.factor", 1.0, 100.0);
    out_of_range(invalid(|c| rc(c).factor = f64::NAN), "reconnect.factor", 1.0, 100.0);
    out_of_range(invalid(|c| rc(c).factor = f64::INFINITY), "reconnect.factor", 1.0, 100.0);
    out_of_range(invalid(|c| rc(c).jitter = -0.01), "reconnect.jitter", 0.0, 1.0);
    out_of_range(invalid(|c| rc(c).jitter = 1.01), "reconnect.jitter", 0.0, 1.0);
    out_of_range(invalid(|c| rc(c).jitter = f64::NAN), "reconnect.jitter", 0.0, 1.0);
    out_of_range(invalid(|c| rc(c).connect_timeout_ms = Some(0)), "reconnect.connectTimeout", 1.0, max);
    out_of_range(invalid(|c| rc(c).connect_timeout_ms = Some(u32::MAX)), "reconnect.connectTimeout", 1.0, max);
    out_of_range(invalid(|c| rc(c).min_uptime_ms = MAX_DELAY_MS + 1), "reconnect.minUptime", 0.0, max);
    out_of_range(invalid(|c| rc(c).stop_on_codes = vec![1000, 999]), "reconnect.stopOnCodes", 1000.0, 4999.0);
    out_of_range(invalid(|c| rc(c).stop_on_codes = vec![5000]), "reconnect.stopOnCodes", 1000.0, 4999.0);
}

#[test]
fn inconsistent_and_empty_options_are_named() {
    let e = invalid(|c| {
        rc(c).min_delay_ms = 500;
        rc(c).max_delay_ms = 499;
    });
    assert_eq!(e, ConfigError::Inconsistent { option: "reconnect.maxDelay" });
    let e = invalid(|c| hb(c).message = String::new());
    assert_eq!(e, ConfigError::Inconsistent { option: "heartbeat.message" });
    let e = invalid(|c| hb(c).pong = PongMatcher::Exact(String::new()));
    assert_eq!(e, ConfigError::Inconsistent { option: "heartbeat.pong" });
}

#[test]
fn edge_values_are_accepted() {
    let mut c = Config::default();
    *hb(&mut c) = heartsocket::core::HeartbeatConfig {
        interval_ms: 1,
        timeout_ms: MAX_DELAY_MS,
        pong: PongMatcher::Predicate,
        ..Default::default()
    };
    {
        let r = rc(&mut c);
        r.min_delay_ms = 0;
        r.max_delay_ms = 0;
        r.factor = 100.0;
        r.jitter = 1.0;
        r.connect_timeout_ms = None;
        r.min_uptime_ms = 0;
        r.stop_on_codes = vec![1000, 4999];
    }
    assert_eq!(c.validate(), Ok(()));
    {
        let r = rc(&mut c);
        r.factor = 1.0;
        r.jitter = 0.0;
        r.min_delay_ms = MAX_DELAY_MS;
        r.max_delay_ms = MAX_DELAY_MS;
        r.connect_timeout_ms = Some(1);
    }
    assert_eq!(c.validate(), Ok(()));
    let m = Machine::<String>::new(c.clone(), 3).expect("valid");
    assert_eq!(m.config(), &c);
    // Turned off, a section is not validated at all.
    let off = Config { heartbeat: None, reconnect: None, ..Config::default() };
    assert_eq!(off.validate(), Ok(()));
    let d = Config::default();
    assert_eq!(d.validate(), Ok(()));
    let (h, r) = (d.heartbeat.expect("on"), d.reconnect.expect("on"));
    assert_eq!((h.interval_ms, h.timeout_ms, h.message.as_str(), h.reset_on_message), (5000, 3000, "ping", true));
    assert_eq!(h.pong, PongMatcher::Exact("pong".into()));
    assert_eq!((r.min_delay_ms, r.max_delay_ms, r.factor, r.jitter), (1000, 30_000, 2.0, 0.5));
    assert_eq!((r.max_retries, r.connect_timeout_ms, r.min_uptime_ms), (None, Some(10_000), 5000));
    assert_eq!((d.queue.max_messages, d.queue.max_bytes, d.queue.overflow), (1000, 1 << 20, Overflow::Error));
}

#[test]
fn the_checking_helpers_report_kind_and_bounds() {
    assert_eq!(whole("q.n", 7.0, 0, 10), Ok(7));
    assert_eq!(whole("q.n", 0.0, 0, 10), Ok(0));
    assert_eq!(whole("q.n", 10.0, 0, 10), Ok(10));
    let e = whole("q.n", 1.5, 0, 10).expect_err("fraction");
    assert_eq!(e, ConfigError::NotInteger { option: "q.n", value: 1.5 });
    assert_eq!(e.option(), "q.n");
    assert_eq!(
        whole("q.n", -1.0, 0, 10),
        Err(ConfigError::OutOfRange { option: "q.n", value: -1.0, min: 0.0, max: 10.0 })
    );
    assert!(matches!(whole("q.n", 11.0, 0, 10), Err(ConfigError::OutOfRange { .. })));
    assert!(matches!(whole("q.n", f64::NAN, 0, 10), Err(ConfigError::OutOfRange { .. })));
    assert_eq!(delay_ms("d", 2_147_483_647.0, 0), Ok(MAX_DELAY_MS));
    assert!(delay_ms("d", 2_147_483_648.0, 0).is_err());
    assert!(delay_ms("d", 4.0, 5).is_err());
    assert_eq!(real("r", 0.25, 0.0, 1.0), Ok(0.25));
    assert_eq!(real("r", 1.0, 0.0, 1.0), Ok(1.0));
    assert!(real("r", 1.5, 0.0, 1.0).is_err());
}

#[test]
fn vocabulary_helpers() {
    assert_eq!(DropReason::QueueFull.as_str(), "queue-full");
    assert_eq!(DropReason::Closed.as_str(), "closed");
    assert_eq!(DropReason::Rejected.as_str(), "rejected");
    let idx: Vec<usize> = Timer::ALL.iter().map(|t| t.index()).collect();
    assert_eq!(idx, [0, 1, 2, 3, 4]);
    assert_eq!(Payload::byte_len(&"héllo".to_string()), 6, "UTF-8 bytes, not chars");
    assert_eq!(Payload::byte_len(&vec![0u8; 9]), 9);
    assert_eq!(Payload::byte_len(&"abc"), 3);
}
