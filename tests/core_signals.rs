//! How the core answers the environment and the user's `reconnect()`: `Online`/`Offline`,
//! `Hidden`/`Visible` with a retry pending, and a user-requested reconnect that never overlaps
//! two sockets.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, fail_attempts, quiet, Did, Sim};
use heartsocket::core::{Event, Input, ReadyState, Timer};

#[test]
fn online_resets_the_backoff_and_connects_at_once() {
    let mut s = Sim::new(quiet());
    s.connect();
    fail_attempts(&mut s, 3);
    s.input(Input::Offline);
    s.closed(1006);
    assert_eq!(s.reconnecting().last(), Some(&(4, 1600)), "offline: retry at the slow pace");
    s.advance(10);
    let from = s.log.len();
    s.input(Input::Online);
    let since = s.since(from);
    assert!(since.contains(&Did::Cancel(Timer::Reconnect)));
    assert!(since.iter().any(|d| matches!(d, Did::Open(_))), "{since:?}");
    // The backoff starts over.
    s.closed(1006);
    assert_eq!(s.reconnecting().last(), Some(&(1, 100)));
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn online_while_open_probes_the_link() {
    let mut s = Sim::connected(config());
    s.input(Input::Offline);
    assert_eq!(s.pings(), [0], "offline probes at once");
    s.message(true);
    s.advance(10);
    s.input(Input::Online);
    assert_eq!(s.pings(), [0, 10]);
    assert_eq!(s.opens().len(), 1);
}

#[test]
fn offline_abandons_an_opening_socket_and_retries_slowly() {
    let mut s = Sim::new(quiet());
    s.connect();
    let g1 = s.current();
    s.advance(50);
    let from = s.log.len();
    s.input(Input::Offline);
    let since = s.since(from);
    assert!(since.contains(&Did::Close(g1, 4000, "offline".into())), "{since:?}");
    assert!(!s.m.timer_armed(Timer::ConnectTimeout));
    assert!(since.contains(&Did::Event(Event::Close {
        code: 1006,
        reason: "offline".into(),
        was_clean: false,
        will_reconnect: true
    })));
    assert_eq!(s.reconnecting(), [(1, 1600)]);
    s.closed_gen(g1, 1006);
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(at, 50 + 1600);
}

#[test]
fn offline_during_backoff_slows_the_pending_retry_to_max_delay() {
    let mut s = Sim::new(quiet());
    s.connect();
    s.closed(1006);
    assert_eq!(s.timers.get(&Timer::Reconnect), Some(&100));
    s.advance(40);
    s.input(Input::Offline);
    assert_eq!(s.timers.get(&Timer::Reconnect), Some(&(40 + 1600)));
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(at, 1640);
}

#[test]
fn visible_with_a_pending_reconnect_connects_at_once() {
    let mut s = Sim::new(quiet());
    s.connect();
    fail_attempts(&mut s, 4);
    s.input(Input::Hidden);
    s.closed(1006);
    assert_eq!(s.reconnecting().last(), Some(&(5, 1600)));
    s.advance(300);
    let opens = s.opens().len();
    s.input(Input::Visible);
    assert_eq!(s.opens().len(), opens + 1);
    assert_eq!(s.opens().last().map(|o| o.0), Some(s.now));
    assert!(!s.m.timer_armed(Timer::Reconnect));
    // Not a reset: the next failure continues the backoff.
    s.closed(1006);
    assert_eq!(s.reconnecting().last(), Some(&(6, 1600)));
}

#[test]
fn visible_while_offline_keeps_waiting() {
    let mut s = Sim::new(quiet());
    s.connect();
    s.closed(1006);
    s.input(Input::Hidden);
    s.input(Input::Offline);
    let opens = s.opens().len();
    s.input(Input::Visible);
    assert_eq!(s.opens().len(), opens);
    assert!(s.m.timer_armed(Timer::Reconnect));
}

#[test]
fn user_reconnect_replaces_the_socket_only_after_the_old_one_is_closed() {
    let mut s = Sim::connected(config());
    let g1 = s.current();
    s.advance(300);
    let from = s.log.len();
    s.input(Input::Reconnect);
    let since = s.since(from);
    assert!(since.contains(&Did::Close(g1, 1000, "reconnect".into())), "{since:?}");
    assert!(since.contains(&Did::Event(Event::Close {
        code: 1000,
        reason: "reconnect".into(),
        was_clean: true,
        will_reconnect: true
    })));
    assert!(!since.iter().any(|d| matches!(d, Did::Open(_))));
    assert!(!s.m.timer_armed(Timer::Heartbeat) && !s.m.timer_armed(Timer::PongDeadline));
    assert_eq!(s.state(), ReadyState::Connecting);
    // A second request while the first is draining changes nothing.
    let from = s.log.len();
    s.input(Input::Reconnect);
    assert_eq!(s.since(from), []);
    s.closed_gen(g1, 1000);
    let since = s.since(from);
    assert_eq!(since[0], Did::Release(g1));
    assert!(matches!(since[1], Did::Open(g) if g > g1));
    assert!(since.contains(&Did::Cancel(Timer::CloseWait)));
    assert!(!since.iter().any(|d| matches!(d, Did::Event(_))), "the close was already reported");
    s.opened();
    assert_eq!(s.events().last(), Some(&Event::Open { attempt: 0 }));
    assert_eq!(s.m.stats().reconnects, 1);
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn user_reconnect_opens_after_close_wait_when_the_old_socket_stays_silent() {
    let mut s = Sim::connected(quiet());
    s.input(Input::Reconnect);
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(at, 2000);
    assert_eq!(s.close_events().len(), 1, "CloseWait does not report the user's reconnect twice");
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn user_reconnect_during_backoff_connects_now_with_the_backoff_reset() {
    let mut s = Sim::new(quiet());
    s.connect();
    fail_attempts(&mut s, 3);
    s.closed(1006);
    assert!(s.m.timer_armed(Timer::Reconnect));
    let opens = s.opens().len();
    s.input(Input::Reconnect);
    assert_eq!(s.opens().len(), opens + 1);
    assert!(!s.m.timer_armed(Timer::Reconnect));
    s.closed(1006);
    assert_eq!(s.reconnecting().last(), Some(&(1, 100)));
}

#[test]
fn user_reconnect_when_closed_connects() {
    let mut s = Sim::new(quiet());
    s.input(Input::Reconnect);
    assert_eq!(s.opens().len(), 1);
    assert_eq!(s.state(), ReadyState::Connecting);
}

#[test]
fn offline_acts_only_on_a_change_online_always_probes() {
    let mut s = Sim::connected(config());
    let g = s.current();
    let from = s.log.len();
    s.input(Input::Online);
    // A network switch (Wi-Fi → 4G) says `online` with no `offline` before it, and usually
    // kills the old TCP connection silently: probe it.
    assert_eq!(s.since(from), [Did::Ping(g), Did::Cancel(Timer::Heartbeat), Did::Timer(Timer::PongDeadline, 500)]);
    s.input(Input::Online);
    assert_eq!(s.pings().len(), 1, "one ping outstanding at most");
    s.message(true);
    s.input(Input::Offline);
    let pings = s.pings().len();
    s.message(true);
    let from = s.log.len();
    s.input(Input::Offline);
    assert_eq!(s.since(from), [], "offline while offline: no second probe");
    assert_eq!(s.pings().len(), pings);
    // While connecting, a repeated Offline does not abandon the new socket.
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    let from = s.log.len();
    s.input(Input::Offline);
    assert_eq!(s.since(from), []);
}

#[test]
fn online_and_offline_do_nothing_when_not_running() {
    let mut s = Sim::new(config());
    s.input(Input::Offline);
    s.input(Input::Online);
    assert!(s.log.is_empty());
    // Offline recorded while closed still slows the first retry after a later connect.
    s.input(Input::Offline);
    s.connect();
    s.closed(1006);
    assert_eq!(s.reconnecting(), [(1, 1600)]);
}
