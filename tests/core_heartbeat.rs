//! Heartbeat behaviour of the core: when it pings, how a reply is measured, when silence kills
//! the link, and how late (throttled) or early timers are judged by the clock.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{Config, Event, Input, Timer};
use heartsocket::core::heartbeat::STALL_GRACE_MS;

/// The harness config (interval 1000 ms, timeout 500 ms) with `resetOnMessage` as given.
fn cfg(reset_on_message: bool) -> Config {
    let mut c = config();
    if let Some(h) = c.heartbeat.as_mut() {
        h.reset_on_message = reset_on_message;
    }
    c
}

fn dead_close() -> Did {
    Did::Event(Event::Close { code: 1006, reason: "heartbeat timeout".into(), was_clean: false, will_reconnect: true })
}

#[test]
fn pings_after_an_interval_of_silence() {
    let mut s = Sim::connected(config());
    let g = s.current();
    assert_eq!(s.last_effect(), Some(&(0, Did::Event(Event::Open { attempt: 0 }))));
    assert_eq!(s.timers.get(&Timer::Heartbeat), Some(&1000));
    let from = s.log.len();
    assert_eq!(s.progress(), Some(Timer::Heartbeat));
    assert_eq!(s.since(from), [Did::Ping(g), Did::Timer(Timer::PongDeadline, 500)]);
    assert_eq!(s.pings(), [1000]);
}

#[test]
fn a_pong_reports_its_rtt_and_the_next_ping_comes_one_interval_later() {
    let mut s = Sim::connected(config());
    s.progress();
    s.jump(1120);
    let from = s.log.len();
    s.message(true);
    assert_eq!(
        s.since(from),
        [
            Did::Event(Event::Heartbeat { rtt_ms: 120 }),
            Did::Timer(Timer::Heartbeat, 1000),
            Did::Cancel(Timer::PongDeadline),
        ]
    );
    assert_eq!(s.m.stats().last_rtt_ms, Some(120));
    assert_eq!(s.m.stats().received, 0, "a pong is not a user message");
    assert_eq!(s.progress(), Some(Timer::Heartbeat));
    assert_eq!(s.pings(), [1000, 2120]);
    s.advance(35);
    s.message(true);
    assert_eq!(s.m.stats().last_rtt_ms, Some(35));
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 35 }));
}

#[test]
fn silence_after_a_ping_kills_the_link_at_the_timeout() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.progress();
    let from = s.log.len();
    assert_eq!(s.progress(), Some(Timer::PongDeadline));
    assert_eq!(s.now, 1500);
    let since = s.since(from);
    assert!(since.contains(&Did::Close(g, 4000, "heartbeat timeout".into())), "{since:?}");
    assert!(since.contains(&dead_close()));
    assert!(since.contains(&Did::Event(Event::Reconnecting { attempt: 1, delay_ms: 100 })));
    assert!(!s.m.timer_armed(Timer::Heartbeat) && !s.m.timer_armed(Timer::PongDeadline));
    // The dead socket's late pong is not news any more.
    let from = s.log.len();
    s.input(Input::SocketMessage { generation: g, is_pong: true });
    s.input(Input::SocketMessage { generation: g, is_pong: false });
    assert_eq!(s.since(from), []);
}

#[test]
fn with_reset_on_message_any_message_pushes_the_ping_back() {
    let mut s = Sim::connected(cfg(true));
    s.advance(500);
    s.message(false);
    s.advance(400);
    s.message(false);
    let from = s.log.len();
    assert_eq!(s.progress(), Some(Timer::Heartbeat));
    assert_eq!((s.now, s.since(from)), (1000, vec![Did::Timer(Timer::Heartbeat, 900)]));
    s.progress();
    assert_eq!(s.pings(), [1900]);
    // A plain message also settles an outstanding ping (without an RTT).
    s.advance(100);
    let from = s.log.len();
    s.message(false);
    assert_eq!(
        s.since(from),
        [Did::Event(Event::Message), Did::Timer(Timer::Heartbeat, 1000), Did::Cancel(Timer::PongDeadline)]
    );
    assert_eq!(s.m.stats().last_rtt_ms, None);
    assert_eq!(s.m.stats().received, 3);
}

#[test]
fn without_reset_on_message_only_a_pong_keeps_the_link_alive() {
    let mut s = Sim::connected(cfg(false));
    s.advance(700);
    s.message(false);
    s.progress();
    assert_eq!(s.pings(), [1000], "traffic does not push the ping back");
    s.advance(200);
    let from = s.log.len();
    s.message(false);
    assert_eq!(s.since(from), [Did::Event(Event::Message)]);
    assert_eq!(s.progress(), Some(Timer::PongDeadline));
    assert_eq!(s.now, 1500);
    assert!(s.log.iter().any(|(_, d)| *d == dead_close()));
}

#[test]
fn without_reset_on_message_a_pong_still_settles_the_ping() {
    let mut s = Sim::connected(cfg(false));
    s.progress();
    s.advance(300);
    s.message(true);
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 300 }));
    assert_eq!(s.timers.get(&Timer::Heartbeat), Some(&2300));
    assert!(!s.m.timer_armed(Timer::PongDeadline));
}

#[test]
fn a_deadline_firing_late_kills_after_one_short_grace_and_an_early_one_is_rearmed() {
    let mut s = Sim::connected(config());
    s.progress();
    // Early: 200 ms after the ping, a wake changes nothing; the deadline stays at 1500.
    s.jump(1200);
    let from = s.log.len();
    s.wake();
    assert_eq!(s.since(from), []);
    assert_eq!(s.m.deadline(Timer::PongDeadline), Some(1500));
    // Late: the page was frozen for a minute; the timer fires long after its deadline. A
    // reply may be queued behind it, so it gets one short grace, then the verdict — not a
    // fresh 500 ms timeout.
    s.jump(61_000);
    let from = s.log.len();
    s.wake();
    assert_eq!(s.since(from), [Did::Timer(Timer::PongDeadline, STALL_GRACE_MS)]);
    assert_eq!(s.progress(), Some(Timer::PongDeadline));
    assert!(s.since(from).contains(&dead_close()));
    assert_eq!(s.now, 61_000 + u64::from(STALL_GRACE_MS), "dead after the grace only");
}

#[test]
fn a_reply_queued_behind_a_stalled_deadline_wins() {
    let mut s = Sim::connected(config());
    s.progress(); // ping at 1000
    s.jump(3000); // frozen: deadline (due 1500) and pong both queued; the timer runs first
    s.wake();
    s.message(true);
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 2000 }));
    assert!(!s.m.timer_armed(Timer::PongDeadline));
    assert!(s.close_events().is_empty(), "no false death: {:?}", s.events());
}

#[test]
fn a_pong_handled_before_its_deadline_timer_ran_is_accepted_however_late() {
    // The verdict belongs to the deadline timer, in the order the host runs things: a pong
    // handed over first settles its ping even past the deadline by the clock (30 ms here,
    // within the stall slack). The browser rows' tap (tests/web/tap.rs) holds the product to it.
    let mut s = Sim::connected(config());
    s.progress(); // ping at 1000, deadline due 1500
    s.jump(1530);
    let from = s.log.len();
    s.message(true);
    assert_eq!(
        s.since(from),
        // the harness logs deadline changes after the step's events
        [Did::Event(Event::Heartbeat { rtt_ms: 530 }), Did::Timer(Timer::Heartbeat, 1000), Did::Cancel(Timer::PongDeadline)]
    );
    assert!(s.close_events().is_empty(), "no death: {:?}", s.events());
}

#[test]
fn a_late_ping_timer_measures_the_deadline_from_the_ping() {
    let mut s = Sim::connected(config());
    // The heartbeat timer was due at 1000 but a throttled tab ran it at 10 000.
    s.jump(10_000);
    let from = s.log.len();
    s.wake();
    assert!(s.since(from).contains(&Did::Timer(Timer::PongDeadline, 500)));
    assert_eq!(s.pings(), [10_000]);
    s.jump(10_450);
    s.message(true);
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 450 }));
    assert_eq!(s.progress(), Some(Timer::Heartbeat));
    assert!(s.close_events().is_empty(), "no false death: {:?}", s.events());
    assert_eq!(s.pings(), [10_000, 11_450]);
}

#[test]
fn a_heartbeat_timer_firing_early_waits_out_the_interval() {
    let mut s = Sim::connected(config());
    s.jump(600);
    let from = s.log.len();
    s.wake();
    assert_eq!(s.since(from), []);
    assert_eq!(s.m.poll_timeout(), Some(1000));
    assert!(s.pings().is_empty());
}

#[test]
fn hidden_pauses_the_heartbeat_and_visible_probes_at_once() {
    let mut s = Sim::connected(config());
    s.progress();
    s.advance(100);
    let from = s.log.len();
    s.input(Input::Hidden);
    assert_eq!(s.since(from), [Did::Cancel(Timer::PongDeadline)]);
    assert!(!s.any_timer_armed());
    // A long background stay: nothing fires, nothing dies.
    assert_eq!(s.progress(), None);
    s.jump(600_000);
    s.message(true);
    assert!(!s.any_timer_armed(), "a reply while hidden arms no ping");
    let from = s.log.len();
    s.input(Input::Visible);
    assert_eq!(s.since(from), [Did::Ping(s.current()), Did::Timer(Timer::PongDeadline, 500)]);
    s.advance(40);
    s.message(true);
    // The RTT is the probe's, not the forgotten ping's from ten minutes ago.
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 40 }));
    assert!(s.close_events().is_empty());
    // Visible again without Hidden: no extra probe.
    let pings = s.pings().len();
    s.input(Input::Visible);
    assert_eq!(s.pings().len(), pings);
}

#[test]
fn hidden_before_the_first_ping_cancels_it() {
    let mut s = Sim::connected(config());
    let from = s.log.len();
    s.input(Input::Hidden);
    assert_eq!(s.since(from), [Did::Cancel(Timer::Heartbeat)]);
    s.jump(50_000);
    s.input(Input::Visible);
    assert_eq!(s.pings(), [50_000]);
}

#[test]
fn a_link_opened_while_hidden_does_not_ping_until_visible() {
    let mut s = Sim::new(config());
    s.input(Input::Hidden);
    s.connect();
    s.opened();
    assert!(!s.m.timer_armed(Timer::Heartbeat));
    s.jump(9000);
    s.input(Input::Visible);
    assert_eq!(s.pings(), [9000]);
}

#[test]
fn a_probe_while_one_is_outstanding_sends_no_second_ping() {
    let mut s = Sim::connected(config());
    s.advance(10);
    s.input(Input::Offline);
    assert_eq!(s.pings(), [10]);
    s.advance(10);
    s.input(Input::Online);
    assert_eq!(s.pings(), [10], "the offline probe is still outstanding");
    s.advance(10);
    s.message(true);
    assert_eq!(s.events().last(), Some(&Event::Heartbeat { rtt_ms: 20 }));
}

#[test]
fn a_pong_settled_while_hidden_arms_no_ping() {
    let mut s = Sim::connected(config());
    s.input(Input::Hidden);
    s.input(Input::Offline);
    s.advance(5);
    s.message(true);
    assert!(!s.any_timer_armed());
}

#[test]
fn pongs_never_reach_the_user() {
    let mut s = Sim::connected(config());
    for _ in 0..5 {
        s.message(true);
    }
    assert!(!s.events().contains(&Event::Message));
    s.message(false);
    assert_eq!(s.events().iter().filter(|e| **e == Event::Message).count(), 1);
    assert_eq!(s.m.stats().received, 1);
    assert_eq!(s.m.stats().last_rtt_ms, None, "unsolicited pongs have no RTT");
}

#[test]
fn with_the_heartbeat_disabled_there_are_no_pings_ever() {
    let mut c = config();
    c.heartbeat = None;
    let mut s = Sim::connected(c);
    assert!(!s.any_timer_armed());
    s.input(Input::Hidden);
    s.input(Input::Visible);
    s.input(Input::Offline);
    s.input(Input::Online);
    s.jump(1_000_000);
    s.message(false);
    assert!(s.pings().is_empty());
    assert_eq!(s.progress(), None);
    assert_eq!(s.events(), [Event::Open { attempt: 0 }, Event::Message]);
}

#[test]
fn each_link_starts_a_fresh_heartbeat() {
    let mut s = Sim::connected(config());
    s.progress();
    let g1 = s.current();
    s.advance(100);
    s.closed(1006);
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    let g2 = s.current();
    assert_ne!(g1, g2);
    assert!(!s.m.timer_armed(Timer::PongDeadline), "the old ping's deadline is gone");
    s.progress();
    assert_eq!(s.pings(), [1000, at + 1000]);
    assert_eq!(s.log.iter().filter(|(_, d)| *d == Did::Ping(g2)).count(), 1);
}

#[test]
fn online_or_offline_while_hidden_arms_no_deadline_and_visible_still_probes() {
    let mut s = Sim::connected(config());
    s.input(Input::Hidden);
    s.input(Input::Offline);
    s.input(Input::Online);
    assert!(s.pings().is_empty(), "no probe while hidden: {:?}", s.log);
    assert!(!s.m.timer_armed(Timer::PongDeadline));
    s.input(Input::Visible);
    assert_eq!(s.pings().len(), 1);
    assert!(s.m.timer_armed(Timer::PongDeadline));
}
