//! Delivery: a message handed to a socket is confirmed only by a pong to a later ping or by a
//! clean close we initiated; when a link dies first, each unconfirmed message is resent
//! (`queue.resend`) or reported `unconfirmed`, before that link's close event.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{Config, DropReason, Event, Input, Overflow, SendError, SendOutcome, Timer};

fn resend(on: bool) -> Config {
    let mut c = config();
    c.queue.resend = on;
    c
}

fn unconfirmed(p: &str) -> Event<String> {
    Event::Drop { payload: p.into(), reason: DropReason::Unconfirmed }
}

/// Index of the first log entry matching `pred` at or after `from`.
fn find(s: &Sim, from: usize, pred: impl Fn(&Did) -> bool) -> usize {
    from + s.log[from..].iter().position(|(_, d)| pred(d)).unwrap_or_else(|| panic!("not found: {:#?}", &s.log[from..]))
}

fn is_close_event(d: &Did) -> bool {
    matches!(d, Did::Event(Event::Close { .. }))
}

#[test]
fn a_pong_confirms_what_went_out_before_its_ping_and_nothing_after() {
    let mut s = Sim::connected(config());
    s.send("a").unwrap();
    s.send("b").unwrap();
    assert_eq!(s.m.stats().unconfirmed, 2);
    s.message(false); // an echo proves nothing about what the server read
    assert_eq!((s.m.stats().unconfirmed, s.m.stats().confirmed), (2, 0));
    s.progress_until(|d| matches!(d, Did::Ping(_)));
    s.send("c").unwrap();
    s.message(true);
    let st = s.m.stats();
    assert_eq!((st.confirmed, st.unconfirmed), (2, 1), "c went out after the ping");
    assert_eq!(s.m.pending_seqs(), (vec![3], vec![]));
}

#[test]
fn a_dead_link_reports_each_unconfirmed_message_in_order_before_its_close() {
    let mut s = Sim::connected(resend(false));
    s.send("hello").unwrap();
    s.progress_until(|d| matches!(d, Did::Ping(_)));
    s.message(true); // hello confirmed
    let from = s.log.len();
    s.send("a").unwrap();
    s.send("b").unwrap();
    // Blackholed: the next ping is never answered.
    s.progress_until(is_close_event);
    let drops: Vec<_> = s.events_since(from).into_iter().filter(|e| matches!(e, Event::Drop { .. })).collect();
    assert_eq!(drops, [unconfirmed("a"), unconfirmed("b")]);
    let first_drop = find(&s, from, |d| matches!(d, Did::Event(Event::Drop { .. })));
    assert!(first_drop < find(&s, from, is_close_event), "drops come before the close event");
    let st = s.m.stats();
    assert_eq!((st.confirmed, st.dropped, st.unconfirmed, st.resent), (1, 2, 0, 0));
    // Nothing is sent again on the next link.
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened_with("login");
    assert_eq!(s.transmitted().last().map(String::as_str), Some("login"));
}

#[test]
fn with_resend_they_go_out_again_after_the_login_and_connect_data_ahead_of_later_sends() {
    let mut s = Sim::connected(resend(true));
    let g1 = s.current();
    s.send("a").unwrap();
    s.send("b").unwrap();
    s.closed(1006); // a TCP reset
    assert!(s.drops().is_empty(), "nothing reported: they will be resent");
    assert_eq!((s.m.stats().resent, s.m.stats().queued), (2, 2));
    s.send("c").unwrap();
    s.input(Input::Connect { data: Some("hi".into()) });
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened_with("login");
    let g2 = s.current();
    let on_g2: Vec<_> = s.transmits().into_iter().filter(|(g, ..)| *g == g2).map(|(_, _, p)| p).collect();
    assert_eq!(on_g2, ["login", "hi", "a", "b", "c"]);
    assert!(s.transmits().iter().filter(|(g, ..)| *g == g1).count() == 2);
    assert_eq!(s.m.stats().unconfirmed, 4);
}

#[test]
fn confirmed_messages_are_never_resent() {
    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.progress_until(|d| matches!(d, Did::Ping(_)));
    s.send("b").unwrap();
    s.message(true);
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    assert_eq!(s.transmitted(), ["a", "b", "b"]);
    assert_eq!((s.m.stats().confirmed, s.m.stats().resent), (1, 1));
}

#[test]
fn a_give_up_reports_instead_of_resending() {
    let mut c = resend(true);
    c.reconnect = None;
    let mut s = Sim::connected(c);
    s.send("a").unwrap();
    s.closed(1006);
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
    assert_eq!(s.m.stats().resent, 0);
}

#[test]
fn a_server_initiated_clean_close_confirms_nothing() {
    let mut s = Sim::connected(resend(false));
    s.send("a").unwrap();
    s.closed(1001); // the server's close frame came first: it may not have read "a"
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
}

#[test]
fn a_manual_close_confirms_on_a_clean_handshake_and_reports_otherwise() {
    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.close(1000, "bye");
    assert_eq!(s.m.stats().unconfirmed, 1, "waits for the handshake");
    s.closed(1000);
    assert_eq!((s.m.stats().confirmed, s.m.stats().unconfirmed), (1, 0));
    assert!(s.drops().is_empty());

    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.close(1000, "bye");
    let from = s.log.len();
    s.closed(1006);
    assert_eq!(s.events_since(from)[0], unconfirmed("a"), "no resend after a manual close, and before close");
    assert!(s.events_since(from).iter().any(|e| matches!(e, Event::Close { .. })));

    // The socket never reports its close: given up on after CloseWait, reported the same.
    let mut s = Sim::connected(resend(false));
    s.send("a").unwrap();
    s.close(1000, "bye");
    s.progress_until(is_close_event);
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
}

#[test]
fn a_send_failure_during_the_close_handshake_spoils_its_confirmation() {
    let mut s = Sim::connected(resend(false));
    let g = s.current();
    s.send("a").unwrap();
    s.close(1000, "bye");
    s.send_failed(g, 1, "a");
    s.closed(1000);
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
}

#[test]
fn reconnect_confirms_by_a_clean_close_and_resends_otherwise() {
    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.input(Input::Reconnect);
    s.closed(1000);
    s.opened();
    assert_eq!(s.transmitted(), ["a"], "confirmed by the clean handshake");
    assert_eq!(s.m.stats().confirmed, 1);

    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.input(Input::Reconnect);
    s.closed(1006);
    s.opened();
    assert_eq!(s.transmitted(), ["a", "a"]);
    assert_eq!(s.m.stats().resent, 1);
}

#[test]
fn a_send_failure_on_the_open_link_settles_everything_in_flight() {
    let mut s = Sim::connected(resend(false));
    let g = s.current();
    s.send("a").unwrap();
    s.send("b").unwrap();
    s.send_failed(g, 2, "b");
    // "a" went out before the break and is in doubt; "b" failed, so it never reached the
    // server and goes back to the outbox even without resend.
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
    assert_eq!((s.m.stats().resent, s.m.pending_seqs()), (1, (vec![], vec![2])));
    // A late failure of the released socket changes nothing: already settled.
    let n = s.log.len();
    s.send_failed(g, 1, "a");
    assert_eq!(s.log.len(), n);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    assert_eq!(s.transmitted(), ["a", "b", "b"]);
}

#[test]
fn a_ping_goes_out_within_an_interval_of_a_send_despite_steady_echoes() {
    let mut s = Sim::connected(config()); // interval 1000, resetOnMessage
    s.advance(300);
    s.send("a").unwrap(); // at 300
    // An echo every 100 ms pushes the heartbeat's own ping back forever.
    while s.pings().is_empty() && s.now < 5000 {
        s.advance(100);
        s.message(false);
    }
    assert_eq!(s.pings(), [1300], "a ping exactly an interval after the send");
    s.message(true);
    assert_eq!(s.m.stats().confirmed, 1);
    // With nothing in flight, echoes push the ping back again.
    let pings = s.pings().len();
    for _ in 0..30 {
        s.advance(100);
        s.message(false);
    }
    assert_eq!(s.pings().len(), pings);
}

#[test]
fn a_message_sent_during_an_outstanding_ping_gets_its_own_ping_soon_after_the_pong() {
    let mut s = Sim::connected(config());
    s.progress_until(|d| matches!(d, Did::Ping(_))); // at 1000
    s.advance(200);
    s.send("a").unwrap(); // at 1200, after the ping
    s.advance(200);
    s.message(true); // pong at 1400 confirms nothing of "a"
    assert_eq!(s.m.stats().unconfirmed, 1);
    for _ in 0..10 {
        s.advance(100);
        s.message(false);
    }
    assert_eq!(s.pings(), [1000, 2200]);
}

#[test]
fn in_flight_counts_against_the_bound_and_the_bound_asks_for_confirmation() {
    let mut c = config();
    c.queue.max_messages = 4;
    let mut s = Sim::connected(c);
    s.send("a").unwrap();
    assert!(s.pings().is_empty());
    s.send("b").unwrap();
    assert_eq!(s.pings(), [0], "half full: a confirming ping at once");
    s.send("c").unwrap();
    s.send("d").unwrap();
    assert!(matches!(s.send("e"), Err(SendError::QueueFull(_))));
    assert_eq!(s.pings().len(), 1, "one ping outstanding at most");
    s.message(true);
    assert_eq!(s.m.stats().unconfirmed, 2);
    assert_eq!(s.send("e"), Ok(SendOutcome::Transmitted));
    assert_eq!(s.pings().len(), 2, "full again past half: another ping");

    let mut c = config();
    c.queue.max_messages = 2;
    c.queue.overflow = Overflow::DropOldest;
    let mut s = Sim::connected(c);
    s.send("a").unwrap();
    s.send("b").unwrap();
    s.send("c").unwrap();
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")], "the oldest, in flight, is evicted and reported");
    assert_eq!(s.m.pending_seqs(), (vec![2, 3], vec![]));

    let mut c = config();
    c.queue.max_messages = 1;
    c.queue.overflow = Overflow::DropNewest;
    let mut s = Sim::connected(c);
    s.send("a").unwrap();
    assert_eq!(s.send("b"), Ok(SendOutcome::Dropped));
    assert_eq!(s.drops(), [("b".into(), "queue-full")]);
}

#[test]
fn heartbeat_off_only_a_clean_close_confirms() {
    let mut c = resend(false);
    c.heartbeat = None;
    let mut s = Sim::connected(c.clone());
    s.send("a").unwrap();
    s.message(false);
    s.advance(60_000);
    assert_eq!(s.m.stats().unconfirmed, 1);
    s.closed(1006);
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);

    let mut s = Sim::connected(c);
    s.send("a").unwrap();
    s.close(1000, "");
    s.closed(1000);
    assert_eq!(s.m.stats().confirmed, 1);
}

#[test]
fn online_probes_an_open_link_and_cuts_a_backoff_short_without_offline_first() {
    let mut s = Sim::connected(config());
    s.input(Input::Online);
    assert_eq!(s.pings(), [0], "probed at once");
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.closed(1006); // the first retry failed: a backoff is pending
    assert!(s.m.timer_armed(Timer::Reconnect));
    let opens = s.opens().len();
    s.input(Input::Online);
    assert_eq!(s.opens().len(), opens + 1, "a network change retries now");
}

#[test]
fn free_reports_everything_in_flight_at_once() {
    let mut s = Sim::connected(resend(true));
    s.send("a").unwrap();
    s.input(Input::Offline);
    s.m.free();
    s.drain();
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
    assert_eq!(s.m.pending_seqs(), (vec![], vec![]));
}

#[test]
fn a_confirming_ping_goes_out_when_half_the_bound_is_in_flight() {
    let mut c = config();
    c.queue.max_messages = 10;
    let mut s = Sim::connected(c);
    let pings = |s: &Sim| s.pings().len();
    let before = pings(&s);
    for p in ["a", "b", "c", "d"] {
        s.send(p).unwrap();
    }
    assert_eq!(pings(&s), before, "4 of 10 in flight: no ping yet, the heartbeat's own schedule holds");
    s.send("e").unwrap();
    assert_eq!(pings(&s), before + 1, "5 of 10 in flight: a ping at once asks the server to confirm");
}
