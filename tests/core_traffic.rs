//! Incoming traffic on the hot path (`Machine::message`): what is delivered, when the clock is
//! read (with `resetOnMessage`: the first `TIMED` messages of each heartbeat period, then one in
//! `TIMED`), and that sampling the time never makes a ping late: a dead link is found as soon
//! as if every message had been timed, and steady traffic still keeps pings away.
#![cfg(not(target_arch = "wasm32"))]

mod core_harness;
use core_harness::{config, Did, Sim};
use heartsocket::core::heartbeat::TIMED;
use heartsocket::core::{Config, Delivery, Event, Generation, Input, Millis, Overflow, SendError, SendOutcome, Timer};

/// The harness config (interval 1000 ms, timeout 500 ms) with `resetOnMessage` as given.
fn cfg(reset_on_message: bool) -> Config {
    let mut c = config();
    if let Some(h) = c.heartbeat.as_mut() {
        h.reset_on_message = reset_on_message;
    }
    c
}

/// `n` messages on the hot path at the simulated time; how many read the clock.
fn burst(s: &mut Sim, n: u32) -> u32 {
    let (g, now) = (s.current(), s.now);
    let mut reads = 0;
    for _ in 0..n {
        let d = s.m.message(g, || {
            reads += 1;
            now
        });
        assert_eq!(d, Delivery::Deliver);
    }
    reads
}

#[test]
fn the_hot_path_delivers_only_the_open_sockets_messages_and_queues_no_effect() {
    // Without resetOnMessage the time of a message never matters: the clock is not read.
    let mut s = Sim::connected(cfg(false));
    let g = s.current();
    assert_eq!(s.m.message(g, || panic!("clock read")), Delivery::Deliver);
    assert_eq!(s.m.message(Generation(g.0 + 1), || panic!("clock read")), Delivery::Ignore, "another socket's");
    assert_eq!(s.m.poll(), None, "delivering is the caller's job");
    assert_eq!(s.m.stats().received, 1);
    // With it, a message settles an outstanding ping exactly as `Input::SocketMessage` does
    // (core_heartbeat.rs): the clock read once, the next ping one interval later.
    let mut s = Sim::connected(cfg(true));
    let g = s.current();
    s.progress(); // ping at 1000
    let mut reads = 0;
    let d = s.m.message(g, || {
        reads += 1;
        1100
    });
    assert_eq!(d, Delivery::DeliverTimersMoved);
    assert_eq!((reads, s.m.poll(), s.m.deadline(Timer::PongDeadline)), (1, None, None));
    assert_eq!(s.m.poll_timeout(), Some(2100));
    s.close(1000, "");
    assert_eq!(s.m.message(g, || panic!("clock read")), Delivery::Ignore, "nothing after a close");
}

#[test]
fn the_first_messages_of_a_period_are_timed_then_one_in_timed() {
    let mut s = Sim::connected(cfg(true));
    s.advance(100);
    assert_eq!(burst(&mut s, TIMED), TIMED, "each of the first {TIMED} read the clock");
    assert_eq!(burst(&mut s, 10 * TIMED), 10, "then one in {TIMED}");
    assert_eq!(s.m.stats().received, u64::from(11 * TIMED));
    // The heartbeat timer starts a new period: its first messages are timed again.
    assert_eq!(s.progress(), Some(Timer::Heartbeat));
    assert_eq!((s.now, s.pings()), (1000, vec![]), "traffic at 100 pushed the ping back");
    assert_eq!(burst(&mut s, TIMED + 1), TIMED);
}

#[test]
fn untimed_messages_can_make_a_ping_early_never_late() {
    let mut s = Sim::connected(cfg(true));
    s.advance(100);
    burst(&mut s, 3 * TIMED); // the last timed at 100, then TIMED - 1 untimed
    s.advance(500);
    assert_eq!(burst(&mut s, TIMED / 2), 0, "not timed: the stride is not reached");
    s.run_until(2000);
    // Exact timing would have pinged at 600 + 1000; the core knew only of 100.
    assert_eq!(s.pings(), [1100]);
    assert!(s.pings()[0] <= 600 + 1000);
}

#[test]
fn a_link_that_dies_after_traffic_is_found_within_interval_plus_timeout_at_any_rate() {
    // Messages at `per_ms` a millisecond (0: one every 90 ms) until `last`, then silence: the
    // verdict comes no later than interval + timeout after the last message, however few of
    // them were timed.
    for per_ms in [0, 1, 3, 50] {
        let mut s = Sim::connected(cfg(true));
        let last: Millis = 2345;
        while s.now < last {
            if per_ms > 0 || s.now % 90 == 0 {
                burst(&mut s, per_ms.max(1));
            }
            s.advance(1);
        }
        assert!(s.pings().is_empty(), "{per_ms}/ms: no ping while traffic flows: {:?}", s.pings());
        let dead = s.progress_until(|d| matches!(d, Did::Event(Event::Close { .. })));
        assert!(dead <= last + 1000 + 500, "{per_ms}/ms: dead at {dead}, last message at {last}");
        assert_eq!(s.pings().len(), 1);
    }
}

#[test]
fn steady_traffic_keeps_pings_away_at_any_rate() {
    // One message every 900 ms (each timed), or 20 a millisecond (sampled): over ten intervals
    // no ping goes out, and the heartbeat timer wakes about once an interval.
    for (every, per) in [(900, 1), (1, 20)] {
        let mut s = Sim::connected(cfg(true));
        let mut wakes = 0;
        while s.now < 10_000 {
            if s.now % every == 0 {
                burst(&mut s, per);
            }
            if s.m.poll_timeout() == Some(s.now + 1) {
                wakes += 1;
            }
            s.advance(1);
        }
        assert!(s.pings().is_empty(), "every {every} ms: {:?}", s.pings());
        assert!(wakes <= 20, "every {every} ms: {wakes} wakes");
    }
}

/// Plays `per_tick` messages a millisecond for `ms` on `s`, the way the wasm driver does when
/// `skipping`: a message goes through `Machine::message` only when the core's allowance is spent
/// (the others are counted and told with `skipped_messages` before the next message it sees or
/// the next wake). Returns the clock reads.
fn traffic(s: &mut Sim, per_tick: u32, ms: Millis, skipping: bool) -> u32 {
    let (mut reads, mut skip, mut skipped) = (0, 0, 0);
    for _ in 0..ms {
        let (g, now) = (s.current(), s.now);
        for _ in 0..per_tick {
            if skipping && skip > 0 {
                skip -= 1;
                skipped += 1;
                continue;
            }
            s.m.skipped_messages(skipped);
            skipped = 0;
            let d = s.m.message(g, || {
                reads += 1;
                now
            });
            assert_ne!(d, Delivery::Ignore);
            skip = s.m.skippable_messages();
        }
        // A wake (or any input) comes only after the driver told what it skipped.
        s.m.skipped_messages(skipped);
        skipped = 0;
        skip = 0;
        s.advance(1);
    }
    reads
}

#[test]
fn skipping_what_the_core_allows_changes_nothing_it_decides() {
    // The same traffic (dense, then sparse, then silence until the link is found dead), once
    // through `message` for every message and once skipping what the core allows: the same
    // clock reads, pings, deadlines and counts.
    let run = |skipping: bool| {
        let mut s = Sim::connected(cfg(true));
        let reads = traffic(&mut s, 40, 1500, skipping) + traffic(&mut s, 1, 300, skipping);
        let dead = s.progress_until(|d| matches!(d, Did::Event(Event::Close { .. })));
        (reads, s.pings(), dead, s.m.stats().received, s.log.len())
    };
    let (all, skipped) = (run(false), run(true));
    assert_eq!(all, skipped);
    assert_eq!(all.3, 40 * 1500 + 300);
}

#[test]
fn the_allowance_is_none_while_a_ping_awaits_or_the_first_messages_are_timed() {
    let mut s = Sim::connected(cfg(true));
    let g = s.current();
    assert_eq!(s.m.skippable_messages(), 0, "the period's first messages are timed");
    burst(&mut s, TIMED);
    assert_eq!(s.m.skippable_messages(), TIMED - 1, "then the stride: all but the next timed one");
    s.m.skipped_messages(TIMED - 1);
    assert_eq!(s.m.skippable_messages(), 0);
    assert_eq!(s.m.message(g, || 0), Delivery::Deliver);
    assert_eq!(s.m.skippable_messages(), TIMED - 1);
    s.run_until(1000);
    s.progress(); // ping at 1000: the next message must settle it
    assert_eq!(s.pings(), [1000]);
    assert_eq!(s.m.skippable_messages(), 0);
    // Without resetOnMessage only the count matters; with no socket open, nothing may be skipped.
    let mut s = Sim::connected(cfg(false));
    assert_eq!(s.m.skippable_messages(), u32::MAX);
    s.close(1000, "");
    assert_eq!(s.m.skippable_messages(), 0);
}

/// Sends `rate(t)` messages in millisecond `t` for `ms`, the server answering each ping `rtt` ms later,
/// the way the wasm driver does when `direct`: within `Machine::direct_sends` it transmits a
/// message itself and tells `sent_directly` before it feeds the core anything else. Returns
/// every transmission in wire order as (generation, seq, message), and how many went directly.
fn sends(s: &mut Sim, rate: impl Fn(Millis) -> u32, ms: Millis, rtt: Millis, direct: bool) -> (Vec<(Generation, u64, String)>, usize) {
    let mut wire = Vec::new();
    let mut directs = 0;
    let mut pongs_at = Vec::new();
    let mut lane: Option<(Generation, u32, u64)> = None;
    let mut held: Vec<(Generation, String)> = Vec::new();
    // Tells the core what went out directly (as the driver's catch-up does).
    let catch_up = |s: &mut Sim, held: &mut Vec<(Generation, String)>, wire: &mut Vec<_>| {
        for (g, m) in held.drain(..) {
            s.m.sent_directly(m.clone());
            wire.push((g, *s.m.pending_seqs().0.last().unwrap(), m));
        }
    };
    for t in 0..ms {
        for i in 0..rate(t) {
            let msg = format!("m{t}.{i}");
            if let Some((g, k, b)) = lane.filter(|l| direct && l.1 > 0 && msg.len() as u64 <= l.2) {
                lane = Some((g, k - 1, b - msg.len() as u64));
                held.push((g, msg));
                directs += 1;
                continue;
            }
            catch_up(s, &mut held, &mut wire);
            let from = s.log.len();
            s.send(&msg).unwrap();
            lane = s.m.direct_sends();
            for (_, d) in &s.log[from..] {
                match d {
                    Did::Transmit(g, seq, m) => wire.push((*g, *seq, m.clone())),
                    Did::Ping(_) => pongs_at.push(s.now + rtt),
                    _ => {}
                }
            }
        }
        // The driver tells the core before a timer or a pong wakes it, not otherwise.
        let next = |at: Option<Millis>| at.is_some_and(|at| at <= s.now + 1);
        if next(s.m.poll_timeout()) || next(pongs_at.first().copied()) {
            catch_up(s, &mut held, &mut wire);
            lane = None;
        }
        let from = s.log.len();
        s.advance(1);
        pongs_at.extend(s.log[from..].iter().filter(|(_, d)| matches!(d, Did::Ping(_))).map(|(at, _)| at + rtt));
        while pongs_at.first().is_some_and(|&at| at <= s.now) {
            pongs_at.remove(0);
            s.message(true);
        }
    }
    catch_up(s, &mut held, &mut wire);
    (wire, directs)
}

#[test]
fn sending_directly_what_the_core_allows_changes_nothing_it_decides() {
    // Bursts faster than the round trip (the in-flight list fills to half and pings for
    // confirmation), then a trickle: the same transmissions, pings, confirmations and counts
    // whether every message goes through `send` or most go out directly.
    let run = |direct: bool| {
        let mut s = Sim::connected(config());
        let (wire, directs) = sends(&mut s, |t| if t < 40 { 20 } else { 1 }, 3040, 30, direct);
        let stats = s.m.stats();
        ((wire, s.pings(), stats.sent, stats.confirmed, stats.unconfirmed, s.m.pending_seqs()), directs)
    };
    let ((all, none), (direct, directs)) = (run(false), run(true));
    assert_eq!((all.0.len(), none), (20 * 40 + 3000, 0));
    assert!(all.3 > 0, "pongs confirmed messages");
    assert!(directs > 3000, "{directs} of {} sent directly", all.0.len());
    assert_eq!(all, direct);
}

#[test]
fn direct_sends_are_allowed_only_on_an_open_link_with_an_empty_outbox_under_half_the_bounds() {
    let mut s = Sim::connected(config()); // queue: 1000 messages, 1 MiB
    assert_eq!(s.m.direct_sends(), None, "nothing waits for a ping yet: the first send reads the clock");
    s.send("a").unwrap();
    let g = s.current();
    assert_eq!(s.m.direct_sends(), Some((g, 498, 512 * 1024 - 2)), "499 in flight stay under half");
    for _ in 0..498 {
        s.m.sent_directly("b".to_owned());
    }
    assert_eq!(s.m.direct_sends(), None);
    assert_eq!((s.m.stats().sent, s.m.stats().unconfirmed), (499, 499));
    s.send("c").unwrap();
    assert_eq!(s.pings().len(), 1, "the 500th: half full, a ping asks for confirmation");
    s.close(1000, "");
    assert_eq!(s.m.direct_sends(), None);
}

/// A message whose exact size costs something to learn (a JS string: a walk of its UTF-16
/// units); its cheap bound is 3 × the exact size. Counts how often the exact size is asked.
#[derive(Clone, Debug)]
struct Measured {
    bytes: u64,
    asked: std::rc::Rc<std::cell::Cell<u32>>,
}

impl heartsocket::core::Payload for Measured {
    fn byte_len(&self) -> u64 {
        self.asked.set(self.asked.get() + 1);
        self.bytes
    }
    fn byte_bound(&self) -> u64 {
        3 * self.bytes
    }
}

#[test]
fn sizes_are_measured_only_near_the_bound_and_the_bound_stays_exact() {
    use heartsocket::core::{Effect, Machine};
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let msg = || Measured { bytes: 5, asked: asked.clone() };
    let mut cfg = config();
    cfg.heartbeat = None;
    cfg.queue.max_messages = 1000;
    cfg.queue.max_bytes = 300;
    cfg.queue.overflow = Overflow::Error;
    let mut m: Machine<Measured> = Machine::new(cfg, 1).unwrap();
    m.handle(0, Input::Connect { data: None });
    let Some(Effect::OpenSocket { generation }) = m.poll() else { panic!("no socket asked for") };
    m.handle(1, Input::SocketOpened { generation, open_message: None });
    while m.poll().is_some() {}
    // Four messages: their bounds (4 × 15) are far from 300 bytes (and from half of it, where a
    // probe would go out), nothing is measured.
    for _ in 0..4 {
        assert!(matches!(m.send(|| 2, msg()), Ok(SendOutcome::Transmitted)));
    }
    assert_eq!(asked.get(), 0, "far from the bound, no message is measured");
    // Past the bounds' reach the exact sizes decide: 60 messages of 5 bytes fit in 300, exactly.
    for _ in 4..60 {
        assert!(matches!(m.send(|| 3, msg()), Ok(SendOutcome::Transmitted)));
    }
    assert!(asked.get() > 0, "near the bound the exact sizes are asked for");
    assert!(matches!(m.send(|| 4, msg()), Err(SendError::QueueFull(_))), "the 61st (305 > 300 bytes) does not fit");
    assert_eq!(m.stats().unconfirmed, 60);
}

#[test]
fn each_message_is_measured_once_however_many_sends_need_the_exact_size() {
    use heartsocket::core::{Effect, Machine};
    // Bounds (15 B each) pass half of 100,000 × 5 B at the 16,667th message: from there every
    // send needs the exact size in flight. Measuring the whole list each time made 100,000
    // sends into a blackholed link take 40 s; each message is measured once now.
    let asked = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut cfg = config();
    cfg.heartbeat = None;
    cfg.queue.max_messages = 100_000;
    cfg.queue.max_bytes = 500_000;
    let mut m: Machine<Measured> = Machine::new(cfg, 1).unwrap();
    m.handle(0, Input::Connect { data: None });
    let Some(Effect::OpenSocket { generation }) = m.poll() else { panic!("no socket asked for") };
    m.handle(1, Input::SocketOpened { generation, open_message: None });
    for _ in 0..40_000 {
        let sent = m.send(|| 2, Measured { bytes: 5, asked: asked.clone() });
        assert!(matches!(sent, Ok(SendOutcome::Transmitted)));
        while m.poll().is_some() {}
    }
    // At most twice each: in `fits` as the new message, then in the list (this payload does
    // not cache its size; a wasm message's slot does).
    assert!(asked.get() > 0 && asked.get() <= 80_000, "{} measurements for 40,000 messages", asked.get());
    // Leaving the list (a failed send puts the tail back in the outbox) keeps the sum exact.
    m.handle(3, Input::SendFailed { generation, seq: 30_001, payload: Measured { bytes: 5, asked: asked.clone() } });
    assert_eq!((m.stats().unconfirmed, m.stats().queued), (0, 10_000));
}
