//! Manual close: it stops everything for good, reports once, drops what waits, cancels every
//! timer, and never lets a later connect overlap the socket still closing.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{Event, Generation, Input, ReadyState, Timer};

fn socket_closed(generation: Generation, code: u16, reason: &str) -> Input<String> {
    Input::SocketClosed { generation, code, reason: reason.into(), was_clean: true, should_reconnect: None }
}

fn user_close(code: u16, reason: &str, will_reconnect: bool) -> Event<String> {
    Event::Close { code, reason: reason.into(), was_clean: true, will_reconnect }
}

/// Wakes the machine and feeds every environment change: after a close none of it may do
/// anything.
fn poke_everything(s: &mut Sim) -> Vec<Did> {
    let from = s.log.len();
    s.wake();
    for i in [Input::Offline, Input::Online, Input::Hidden, Input::Visible] {
        s.input(i);
    }
    s.jump(s.now + 1_000_000);
    assert_eq!(s.progress(), None);
    s.since(from)
}

#[test]
fn close_while_open_closes_the_socket_and_reports_when_it_is_gone() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.advance(100);
    let from = s.log.len();
    s.close(4321, "done");
    let since = s.since(from);
    assert!(since.contains(&Did::Close(g, 4321, "done".into())), "{since:?}");
    assert!(since.contains(&Did::Cancel(Timer::Heartbeat)));
    assert!(!since.iter().any(|d| matches!(d, Did::Event(_))), "reported when the socket is gone");
    assert_eq!(s.state(), ReadyState::Closing);
    s.advance(30);
    let from = s.log.len();
    s.input(socket_closed(g, 4321, "done"));
    assert_eq!(
        s.since(from),
        [Did::Release(g), Did::Event(user_close(4321, "done", false)), Did::Cancel(Timer::CloseWait)]
    );
    assert_eq!(s.state(), ReadyState::Closed);
    assert!(!s.any_timer_armed());
    assert_eq!(poke_everything(&mut s), []);
    assert_eq!(s.opens().len(), 1);
}

#[test]
fn close_while_connecting_abandons_the_opening_socket() {
    let mut s = Sim::new(config());
    s.connect();
    let g = s.current();
    let from = s.log.len();
    s.close(1000, "");
    let since = s.since(from);
    assert!(since.contains(&Did::Cancel(Timer::ConnectTimeout)));
    assert!(since.contains(&Did::Close(g, 1000, String::new())));
    assert_eq!(s.state(), ReadyState::Closing);
    // Browsers report a socket closed while connecting as 1006.
    s.input(Input::SocketError { generation: g });
    s.closed_gen(g, 1006);
    assert_eq!(
        s.events(),
        [Event::Close { code: 1006, reason: String::new(), was_clean: false, will_reconnect: false }]
    );
    assert!(!s.any_timer_armed());
    assert_eq!(poke_everything(&mut s), []);
}

#[test]
fn close_during_backoff_is_final_at_once() {
    let mut s = Sim::connected(config());
    s.closed(1006);
    assert!(s.m.timer_armed(Timer::Reconnect));
    let from = s.log.len();
    s.close(1000, "bye");
    assert_eq!(s.since(from), [Did::Event(user_close(1000, "bye", false)), Did::Cancel(Timer::Reconnect)]);
    assert_eq!(s.state(), ReadyState::Closed);
    assert!(!s.any_timer_armed());
    assert_eq!(poke_everything(&mut s), []);
}

#[test]
fn close_during_backoff_while_the_dead_socket_drains() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.progress();
    s.progress(); // heartbeat timeout: g is being torn down, a retry is pending
    assert!(s.m.timer_armed(Timer::Reconnect) && s.m.timer_armed(Timer::CloseWait));
    let from = s.log.len();
    s.close(1000, "bye");
    assert_eq!(s.events_since(from), [user_close(1000, "bye", false)]);
    assert_eq!(s.state(), ReadyState::Closed);
    let from = s.log.len();
    s.closed_gen(g, 1006);
    assert_eq!(s.since(from), [Did::Release(g), Did::Cancel(Timer::CloseWait)], "no second report, no reopen");
    assert!(!s.any_timer_armed());
    assert_eq!(poke_everything(&mut s), []);
}

#[test]
fn close_during_closing_is_idempotent() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.close(1000, "first");
    let from = s.log.len();
    s.close(4000, "second");
    s.close(1000, "third");
    assert_eq!(s.since(from), []);
    assert_eq!(s.state(), ReadyState::Closing);
    s.input(socket_closed(g, 1000, "first"));
    assert_eq!(s.close_events(), [(1000, "first".into(), true, false)]);
    let from = s.log.len();
    s.close(1000, "again");
    assert_eq!(s.since(from), [], "closing a closed instance does nothing");
}

#[test]
fn close_when_never_connected_is_a_no_op() {
    let mut s = Sim::new(config());
    s.close(1000, "");
    assert!(s.log.is_empty());
    assert_eq!(s.state(), ReadyState::Closed);
    assert!(!s.any_timer_armed());
}

#[test]
fn what_waits_is_dropped_on_close() {
    let mut c = config();
    c.heartbeat = None;
    let mut s = Sim::new(c);
    s.input(Input::Connect { data: Some("hello".into()) });
    s.send("a").unwrap();
    s.send("b").unwrap();
    s.close(1000, "");
    assert_eq!(s.drops(), [("hello".into(), "closed"), ("a".into(), "closed"), ("b".into(), "closed")]);
    assert_eq!((s.m.stats().queued, s.m.stats().dropped), (0, 3));
    let g = s.current();
    s.closed_gen(g, 1006);
    assert!(s.transmitted().is_empty());
    // Sends after the close wait for a later connect; they are not lost.
    s.send("later").unwrap();
    s.connect();
    s.opened();
    assert_eq!(s.transmitted(), ["later"]);
}

#[test]
fn close_wait_expiry_reports_1006_and_releases() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.close(1000, "bye");
    let from = s.log.len();
    assert_eq!(s.progress(), Some(Timer::CloseWait));
    assert_eq!(s.now, 2000);
    assert_eq!(
        s.since(from),
        [
            Did::Release(g),
            Did::Event(Event::Close { code: 1006, reason: String::new(), was_clean: false, will_reconnect: false })
        ]
    );
    assert_eq!(s.state(), ReadyState::Closed);
    let from = s.log.len();
    s.input(socket_closed(g, 1000, "bye"));
    assert_eq!(s.since(from), [], "a close reported after release is stale");
    assert_eq!(poke_everything(&mut s), []);
}

#[test]
fn connect_during_closing_opens_only_after_the_old_socket_is_released() {
    let mut s = Sim::connected(config());
    let g1 = s.current();
    s.close(1000, "bye");
    s.connect();
    assert_eq!(s.opens().len(), 1, "not while the old socket is closing");
    assert_eq!(s.state(), ReadyState::Connecting);
    s.advance(20);
    let from = s.log.len();
    s.input(socket_closed(g1, 1000, "bye"));
    let since = s.since(from);
    assert_eq!(since[0], Did::Release(g1));
    assert_eq!(since[1], Did::Event(user_close(1000, "bye", true)));
    assert!(matches!(since[2], Did::Open(g) if g > g1), "{since:?}");
    assert!(since.contains(&Did::Cancel(Timer::CloseWait)));
    s.opened();
    assert_eq!(s.state(), ReadyState::Open);
    assert_eq!(s.max_sockets, 1);

    // The same when the old socket never answers: CloseWait releases it.
    let mut s = Sim::connected(config());
    s.close(1000, "bye");
    s.connect();
    let at = s.progress_until(|d| matches!(d, Did::Open(_)));
    assert_eq!(at, 2000);
    assert_eq!(s.close_events(), [(1006, String::new(), false, true)]);
    assert_eq!(s.max_sockets, 1);
}

#[test]
fn close_then_connect_starts_afresh() {
    let mut s = Sim::connected(config());
    let g = s.current();
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.close(1000, "");
    s.closed(1006);
    assert_eq!(s.state(), ReadyState::Closed);
    s.connect();
    s.opened();
    assert_eq!(s.events().last(), Some(&Event::Open { attempt: 0 }));
    assert!(s.current() > g);
    assert_eq!(s.max_sockets, 1);
}
