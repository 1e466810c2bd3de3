//! The outbox: sends made while the link is down wait, in order, bounded; nothing is lost
//! silently; a failed send goes back to its place and the link is treated as dead.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::{Config, DropReason, Event, Input, Overflow, SendError, SendOutcome, Stats};

/// No heartbeat, and an outbox with these bounds.
fn cfg(max_messages: u32, max_bytes: u64, overflow: Overflow) -> Config {
    let mut c = config();
    c.heartbeat = None;
    c.queue.max_messages = max_messages;
    c.queue.max_bytes = max_bytes;
    c.queue.overflow = overflow;
    c
}

fn roomy() -> Config {
    cfg(1000, 1 << 20, Overflow::Error)
}

fn dropped(p: &str, reason: DropReason) -> Event<String> {
    Event::Drop { payload: p.into(), reason }
}

#[test]
fn sends_while_down_are_flushed_in_order_after_the_open_message_and_connect_data() {
    let mut s = Sim::new(roomy());
    assert_eq!(s.send("a"), Ok(SendOutcome::Queued), "CLOSED queues");
    s.input(Input::Connect { data: Some("hello".into()) });
    assert_eq!(s.send("b"), Ok(SendOutcome::Queued), "CONNECTING queues");
    assert!(s.transmitted().is_empty());
    assert_eq!(s.m.stats().queued, 2);
    s.opened_with("login");
    let g = s.current();
    assert_eq!(
        s.transmits(),
        [(g, 0, "login".into()), (g, 2, "hello".into()), (g, 1, "a".into()), (g, 3, "b".into())]
    );
    // The user hears of the open once everything waiting is on the wire.
    assert!(matches!(s.last_effect(), Some((_, Did::Event(Event::Open { attempt: 0 })))));
    assert_eq!(s.m.stats().queued, 0);
    assert_eq!(s.m.stats().sent, 3, "the open message is not a user message");
}

#[test]
fn send_while_open_goes_out_now() {
    let mut s = Sim::connected(roomy());
    let g = s.current();
    let from = s.log.len();
    assert_eq!(s.send("now"), Ok(SendOutcome::Transmitted));
    assert_eq!(s.since(from), [Did::Transmit(g, 1, "now".into())]);
    assert_eq!(s.m.stats().sent, 1);
}

#[test]
fn the_open_message_goes_first_on_every_reopen_connect_data_only_once() {
    let mut s = Sim::new(roomy());
    s.input(Input::Connect { data: Some("hello".into()) });
    s.opened_with("login-1");
    s.closed(1006);
    s.send("queued").unwrap();
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened_with("login-2");
    assert_eq!(s.transmitted(), ["login-1", "hello", "login-2", "queued"]);
}

#[test]
fn connect_data_while_open_goes_out_at_once() {
    let mut s = Sim::connected(roomy());
    let g = s.current();
    s.input(Input::Connect { data: Some("late".into()) });
    assert_eq!(s.transmits(), [(g, 1, "late".into())]);
    assert_eq!(s.opens().len(), 1, "connect while open opens nothing");
}

#[test]
fn a_second_connect_data_before_open_keeps_the_first_at_its_place() {
    let mut s = Sim::new(roomy());
    s.input(Input::Connect { data: Some("x".into()) });
    s.send("a").unwrap();
    s.input(Input::Connect { data: Some("y".into()) });
    s.opened();
    // The first connect's data leads; the later one waits in the outbox in send order.
    assert_eq!(s.transmitted(), ["x", "a", "y"]);
    assert_eq!(s.opens().len(), 1);
}

#[test]
fn overflow_error_refuses_and_hands_the_message_back() {
    let mut s = Sim::new(cfg(2, 1 << 20, Overflow::Error));
    s.send("a").unwrap();
    s.send("b").unwrap();
    assert_eq!(s.send("c"), Err(SendError::QueueFull("c".into())));
    assert!(s.events().is_empty(), "a refusal is the caller's error, not a drop");
    assert_eq!((s.m.stats().queued, s.m.stats().dropped), (2, 0));
    s.connect();
    s.opened();
    assert_eq!(s.transmitted(), ["a", "b"]);
    // Open: the bounds cover what is in flight too (a, b are not confirmed: no heartbeat).
    assert_eq!(s.send("0"), Err(SendError::QueueFull("0".into())));
    s.close(1000, "");
    s.closed(1000);
    assert_eq!(s.m.stats().confirmed, 2, "the clean close confirmed them");
}

#[test]
fn overflow_drop_oldest_evicts_with_a_drop_event() {
    let mut s = Sim::new(cfg(2, 1 << 20, Overflow::DropOldest));
    for p in ["a", "b", "c", "d"] {
        assert_eq!(s.send(p), Ok(SendOutcome::Queued));
    }
    assert_eq!(s.events(), [dropped("a", DropReason::QueueFull), dropped("b", DropReason::QueueFull)]);
    assert_eq!((s.m.stats().queued, s.m.stats().dropped), (2, 2));
    s.connect();
    s.opened();
    assert_eq!(s.transmitted(), ["c", "d"]);
}

#[test]
fn overflow_drop_newest_reports_the_new_message() {
    let mut s = Sim::new(cfg(2, 1 << 20, Overflow::DropNewest));
    s.send("a").unwrap();
    s.send("b").unwrap();
    assert_eq!(s.send("c"), Ok(SendOutcome::Dropped));
    assert_eq!(s.events(), [dropped("c", DropReason::QueueFull)]);
    assert_eq!(s.m.stats().dropped, 1);
    s.connect();
    s.opened();
    assert_eq!(s.transmitted(), ["a", "b"]);
}

#[test]
fn max_bytes_bounds_the_outbox() {
    let mut s = Sim::new(cfg(100, 6, Overflow::Error));
    s.send("abc").unwrap();
    s.send("de").unwrap();
    assert_eq!(s.m.stats().queued_bytes, 5);
    assert_eq!(s.send("fg"), Err(SendError::QueueFull("fg".into())));
    assert_eq!(s.send("f"), Ok(SendOutcome::Queued), "exactly at the bound fits");
    assert_eq!(s.m.stats().queued_bytes, 6);

    let mut s = Sim::new(cfg(100, 6, Overflow::DropOldest));
    s.send("abc").unwrap();
    s.send("de").unwrap();
    s.send("fghi").unwrap();
    assert_eq!(s.events(), [dropped("abc", DropReason::QueueFull)], "evicts only as much as needed");
    assert_eq!(s.m.stats().queued_bytes, 6);
    // Larger than the whole outbox: dropped itself, evicting nothing.
    assert_eq!(s.send("0123456"), Ok(SendOutcome::Dropped));
    assert_eq!(s.events().last(), Some(&dropped("0123456", DropReason::QueueFull)));
    assert_eq!((s.m.stats().queued, s.m.stats().queued_bytes), (2, 6));
    // Exactly the whole outbox: it fits alone, so everything else is evicted for it.
    assert_eq!(s.send("012345"), Ok(SendOutcome::Queued));
    assert_eq!(s.events()[s.events().len() - 2..], [dropped("de", DropReason::QueueFull), dropped("fghi", DropReason::QueueFull)]);
    assert_eq!((s.m.stats().queued, s.m.stats().queued_bytes), (1, 6));

    let mut s = Sim::new(cfg(100, 6, Overflow::DropNewest));
    s.send("abcdef").unwrap();
    assert_eq!(s.send("g"), Ok(SendOutcome::Dropped));
}

#[test]
fn max_messages_zero_means_no_queue() {
    let mut s = Sim::new(cfg(0, 1 << 20, Overflow::Error));
    assert_eq!(s.send("a"), Err(SendError::QueueFull("a".into())));
    let mut s = Sim::new(cfg(0, 1 << 20, Overflow::DropOldest));
    assert_eq!(s.send("a"), Ok(SendOutcome::Dropped));
    // Nothing can be in flight either: an open link refuses too (the bound is on what is
    // unconfirmed, and every message is unconfirmed when it goes out).
    let mut s = Sim::connected(cfg(0, 1 << 20, Overflow::Error));
    assert_eq!(s.send("a"), Err(SendError::QueueFull("a".into())));
}

#[test]
fn a_failed_send_goes_back_to_its_place_and_kills_the_link() {
    let mut s = Sim::connected(roomy());
    let g1 = s.current();
    for p in ["a", "b", "c"] {
        s.send(p).unwrap();
    }
    assert_eq!(s.m.stats().sent, 3);
    let from = s.log.len();
    s.send_failed(g1, 2, "b");
    let since = s.since(from);
    assert!(since.contains(&Did::Close(g1, 4000, "send failed".into())), "{since:?}");
    assert!(since.contains(&Did::Event(Event::Close {
        code: 1006,
        reason: "send failed".into(),
        was_clean: false,
        will_reconnect: true
    })));
    // "a" went out before the break: in doubt, reported (no heartbeat confirmed it). "b" and
    // what followed it never reached the server: back in the outbox, ahead of later sends.
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
    s.send("d").unwrap();
    // The other failures of the dying socket come in late and out of order: already settled.
    s.send_failed(g1, 3, "c");
    s.send_failed(g1, 1, "a");
    assert_eq!(s.close_events().len(), 1, "one loss, reported once");
    let st = s.m.stats();
    assert_eq!((st.queued, st.queued_bytes, st.resent), (3, 3, 2));
    s.closed_gen(g1, 1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    let g2 = s.current();
    let tail: Vec<_> = s.transmits().into_iter().filter(|t| t.0 == g2).collect();
    assert_eq!(tail, [(g2, 2, "b".into()), (g2, 3, "c".into()), (g2, 4, "d".into())]);
}

#[test]
fn a_failed_open_message_kills_the_link_but_is_not_retried() {
    let mut s = Sim::new(roomy());
    s.connect();
    s.opened_with("login");
    let g1 = s.current();
    s.send_failed(g1, 0, "login");
    assert_eq!(s.close_events().len(), 1);
    assert_eq!(s.m.stats().queued, 0);
    s.closed_gen(g1, 1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    assert_eq!(s.transmitted(), ["login"], "only the host's fresh open message would go out");
}

#[test]
fn a_send_failing_after_close_is_reported_dropped() {
    let mut s = Sim::connected(roomy());
    let g = s.current();
    s.send("a").unwrap();
    s.close(1000, "bye");
    s.send_failed(g, 1, "a");
    assert!(s.drops().is_empty(), "settled when the close completes");
    // The failure spoils the clean close: "a" cannot be confirmed by it.
    s.closed(1000);
    assert_eq!(s.drops(), [("a".into(), "unconfirmed")]);
    assert_eq!(s.m.stats().queued, 0);
    assert_eq!(s.m.stats().sent, 0);
    assert_eq!(s.m.stats().dropped, 1);
}

#[test]
fn every_message_is_delivered_exactly_once_over_reconnects() {
    // With resend, what a dead link never confirmed goes out again on the next one.
    let mut c = roomy();
    c.queue.resend = true;
    let mut s = Sim::connected(c);
    let mut sent = Vec::new();
    for round in 0..8 {
        for k in 0..3 {
            let p = format!("m{round}.{k}");
            s.send(&p).unwrap();
            sent.push(p);
        }
        let p = format!("m{round}.down");
        match round % 3 {
            0 => {
                s.closed(1006);
                s.send(&p).unwrap();
                s.progress_until(|d| matches!(d, Did::Open(_)));
            }
            1 => {
                let old = s.current();
                s.input(Input::Reconnect);
                s.send(&p).unwrap();
                s.closed_gen(old, 1000);
            }
            _ => {
                s.closed(1006);
                s.progress_until(|d| matches!(d, Did::Open(_)));
                let opening = s.current();
                s.input(Input::Offline);
                s.send(&p).unwrap();
                s.closed_gen(opening, 1006);
                s.input(Input::Online);
            }
        }
        sent.push(p);
        s.opened();
    }
    // No heartbeat here: only the clean closes of round 1, 4, 7 (`reconnect()`) confirm; the
    // rest is resent, so the last copy of each message comes in send order.
    let mut last: Vec<String> = Vec::new();
    for p in s.transmitted() {
        last.retain(|q| *q != p);
        last.push(p);
    }
    assert_eq!(last, sent);
    assert!(s.drops().is_empty());
    assert_eq!(s.m.stats().sent, s.transmitted().len() as u64);
}

#[test]
fn stats_count_what_happened() {
    let mut s = Sim::new(cfg(3, 100, Overflow::DropOldest));
    for p in ["one", "two", "three", "four"] {
        s.send(p).unwrap();
    }
    assert_eq!(
        s.m.stats(),
        Stats { queued: 3, queued_bytes: 12, dropped: 1, ..Stats::default() }
    );
    s.connect();
    s.opened();
    s.message(false);
    s.message(false);
    s.closed(1006);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    s.message(false);
    assert_eq!(
        s.m.stats(),
        // The three sent on the first link were never confirmed (no heartbeat): reported.
        Stats { reconnects: 1, last_rtt_ms: None, queued: 0, queued_bytes: 0, sent: 3, received: 3, dropped: 4, ..Stats::default() }
    );
    let mut h = Sim::connected(config());
    h.progress();
    h.advance(77);
    h.message(true);
    assert_eq!(h.m.stats().last_rtt_ms, Some(77));
    assert_eq!(h.m.stats().received, 0);
}

#[test]
fn a_message_the_socket_refuses_is_dropped_as_rejected_and_the_link_stays_up() {
    use heartsocket::core::{DropReason, Event, Input, ReadyState};
    let mut s = core_harness::Sim::connected(core_harness::config());
    s.send("a").unwrap();
    let before = s.m.stats().sent;
    s.input(Input::SendRejected { seq: 1, payload: "a".into() });
    assert_eq!(s.events().last(), Some(&Event::Drop { payload: "a".into(), reason: DropReason::Rejected }));
    assert_eq!(s.m.stats().sent, before - 1);
    assert_eq!(s.m.stats().dropped, 1);
    assert_eq!(s.state(), ReadyState::Open);
    assert_eq!(s.max_sockets, 1);
    assert_eq!(DropReason::Rejected.as_str(), "rejected");
}

#[test]
fn a_late_failure_from_a_replaced_socket_changes_nothing() {
    let mut s = Sim::connected(roomy());
    let g1 = s.current();
    s.send("a").unwrap();
    s.send("b").unwrap();
    s.closed(1006);
    // Settled with their link: reported (resend is off), so never sent twice.
    assert_eq!(s.drops(), [("a".into(), "unconfirmed"), ("b".into(), "unconfirmed")]);
    s.progress_until(|d| matches!(d, Did::Open(_)));
    s.opened();
    // The old socket's host reports, late, that "a" never left: already settled.
    let from = s.log.len();
    s.send_failed(g1, 1, "a");
    assert_eq!(s.since(from), []);
    assert_eq!(s.state(), heartsocket::core::ReadyState::Open);
    assert_eq!(s.close_events().len(), 1);
    assert_eq!(s.transmitted(), ["a", "b"]);
}

#[test]
fn a_rejected_message_is_dropped_and_the_link_stays_up() {
    let mut s = Sim::connected(roomy());
    s.send("a").unwrap();
    s.send("b").unwrap();
    let from = s.log.len();
    s.input(Input::SendRejected { seq: 1, payload: "a".into() });
    assert_eq!(s.since(from), [Did::Event(dropped("a", DropReason::Rejected))]);
    assert_eq!(s.drops(), [("a".into(), "rejected")]);
    let st = s.m.stats();
    assert_eq!((st.sent, st.dropped, st.queued), (1, 1, 0));
    assert_eq!(s.state(), heartsocket::core::ReadyState::Open);
    // A rejected open message is reported too, and is not counted as a user send.
    s.input(Input::SendRejected { seq: 0, payload: "login".into() });
    assert_eq!(s.drops().last(), Some(&("login".into(), "rejected")));
    assert_eq!(s.m.stats().sent, 1);
    assert_eq!(s.send("c"), Ok(SendOutcome::Transmitted));
}

#[test]
fn the_outbox_reports_emptiness_and_order() {
    use heartsocket::core::outbox::Outbox;
    let mut o: Outbox<String> = Outbox::new();
    assert!(o.is_empty());
    o.push(3, "c".into());
    o.requeue(1, "a".into());
    assert!(!o.is_empty());
    assert_eq!((o.len(), o.bytes()), (2, 2));
    assert_eq!(o.pop_front(), Some((1, "a".into())));
    assert_eq!(o.drain().collect::<Vec<_>>(), [(3, "c".into())]);
    assert!(o.is_empty());
    assert_eq!(o.bytes(), 0);
    // A message put back goes to the head of whatever is at or after its place.
    o.push(2, "queued".into());
    o.requeue(2, "failed".into());
    assert_eq!(o.drain().map(|(_, p)| p).collect::<Vec<_>>(), ["failed", "queued"]);
}
