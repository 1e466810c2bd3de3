//! Reconnect behaviour of the core: backoff, the reconnect lock, retries, stop codes.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{Event, Input, ReadyState};

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
