//! Messages handed to the current socket and not yet confirmed, in the order they went out.
//!
//! A WebSocket is one ordered stream, so a server that answers the heartbeat ping reads the ping
//! after everything sent before it: the pong to ping P confirms every message transmitted before
//! P. Each ping records a *mark* (how many tracked messages had gone out when it was sent); each
//! pong takes the oldest mark and confirms the messages before it. Pongs answer pings in order,
//! so a FIFO of marks stays right even when another message settled the heartbeat's ping first
//! (`resetOnMessage`) and a second ping went out before the first pong came.

use alloc::collections::VecDeque;
use core::cell::Cell;

use super::event::{Millis, Payload, Seq};

/// Marks remembered. A server that never answers pings would otherwise grow the list forever;
/// past this, a new ping joins the newest mark's group and confirms no more than that mark
/// (late confirmation, never a wrong one: the k-th pong still meets the k-th ping's group).
const MAX_MARKS: usize = 8;

/// The in-flight list of one socket.
#[derive(Debug)]
pub struct InFlight<P> {
    /// `(number, seq, payload)`: `number` counts tracked transmissions (marks refer to it).
    items: VecDeque<(u64, Seq, P)>,
    /// The sum of the messages' [`Payload::byte_bound`]s (exact sizes: [`InFlight::bytes`]).
    bound: u64,
    /// The exact sizes' sum of the messages numbered below `measured`: each message is measured
    /// once, and those not measured yet are always the newest (see [`InFlight::bytes`]).
    exact: Cell<u64>,
    measured: Cell<u64>,
    next: u64,
    /// `(mark, pings)`: a group of pings awaiting their pongs, the first of which confirms up to
    /// `mark`.
    marks: VecDeque<(u64, u32)>,
    /// When the oldest message not covered by an awaited ping went out.
    uncovered_since: Option<Millis>,
    /// A send on this socket failed: its close, however clean, cannot confirm everything.
    pub(crate) failed: bool,
}

impl<P: Payload> InFlight<P> {
    /// An empty list.
    pub fn new() -> Self {
        Self {
            items: VecDeque::new(),
            bound: 0,
            exact: Cell::new(0),
            measured: Cell::new(0),
            next: 0,
            marks: VecDeque::new(),
            uncovered_since: None,
            failed: false,
        }
    }

    /// Messages in flight.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing awaits confirmation.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes in flight, exact (see [`InFlight::bytes_bound`]). Only the messages that went out
    /// since the last call are measured, once each: a sum over the whole list per call made a
    /// send O(messages in flight) once the bound passed half the queue's bytes (100,000 sends
    /// into a blackholed link took 40 s instead of 0.1).
    pub fn bytes(&self) -> u64 {
        let from = self.measured.get();
        let new: u64 = self.items.iter().rev().take_while(|(k, _, _)| *k >= from).map(|(_, _, p)| p.byte_len()).sum();
        self.measured.set(self.next);
        self.exact.set(self.exact.get() + new);
        self.exact.get()
    }

    /// Message number `k` (`p`) leaves the list: its sizes leave the sums.
    fn forget(&mut self, k: u64, p: &P) {
        self.bound -= p.byte_bound();
        if k < self.measured.get() {
            self.exact.set(self.exact.get() - p.byte_len());
        }
    }

    /// An upper bound of [`InFlight::bytes`], kept as messages come and go: no measuring.
    pub fn bytes_bound(&self) -> u64 {
        self.bound
    }

    /// Sequence numbers in flight, oldest first.
    pub fn seqs(&self) -> impl Iterator<Item = Seq> + '_ {
        self.items.iter().map(|(_, s, _)| *s)
    }

    /// When the oldest message that no awaited ping covers was transmitted.
    pub fn uncovered_since(&self) -> Option<Millis> {
        self.uncovered_since
    }

    /// A message went out at `now()` (the clock is read only for the first message after a ping).
    pub fn push(&mut self, seq: Seq, payload: P, now: impl FnOnce() -> Millis) {
        self.bound += payload.byte_bound();
        self.items.push_back((self.next, seq, payload));
        self.next += 1;
        if self.uncovered_since.is_none() {
            self.uncovered_since = Some(now());
        }
    }

    /// A ping went out: its pong will confirm everything transmitted so far.
    pub fn ping_sent(&mut self) {
        let full = self.marks.len() >= MAX_MARKS;
        match self.marks.back_mut() {
            Some((_, pings)) if full => *pings += 1,
            _ => {
                self.marks.push_back((self.next, 1));
                self.uncovered_since = None;
            }
        }
    }

    /// A pong came: confirms what went out before the oldest awaited ping; returns how many.
    pub fn pong(&mut self) -> u64 {
        let Some((mark, pings)) = self.marks.front_mut() else { return 0 };
        let mark = *mark;
        *pings -= 1;
        if *pings == 0 {
            self.marks.pop_front();
        }
        let mut n = 0;
        while self.items.front().is_some_and(|(k, _, _)| *k < mark) {
            if let Some((k, _, p)) = self.items.pop_front() {
                self.forget(k, &p);
            }
            n += 1;
        }
        n
    }

    /// Removes the oldest message (evicted by `drop-oldest`).
    pub fn pop_oldest(&mut self) -> Option<P> {
        let (k, _, p) = self.items.pop_front()?;
        self.forget(k, &p);
        if self.items.is_empty() {
            self.uncovered_since = None;
        }
        Some(p)
    }

    /// Removes the message `seq` (refused by the socket); `None` if it is not in flight.
    pub fn remove(&mut self, seq: Seq) -> Option<P> {
        let at = self.items.iter().position(|(_, s, _)| *s == seq)?;
        let (k, _, p) = self.items.remove(at)?;
        self.forget(k, &p);
        if self.items.is_empty() {
            self.uncovered_since = None;
        }
        Some(p)
    }

    /// Takes the message `seq` and everything handed over after it (a failed send: the stream
    /// broke there, so none of them reached the server), in order; empty if `seq` is not here.
    pub fn split_from(&mut self, seq: Seq) -> VecDeque<(Seq, P)> {
        let Some(at) = self.items.iter().position(|(_, s, _)| *s == seq) else { return VecDeque::new() };
        let tail = self.items.split_off(at);
        for (k, _, p) in &tail {
            self.forget(*k, p);
        }
        tail.into_iter().map(|(_, s, p)| (s, p)).collect()
    }

    /// The socket is done with: everything it carried, in transmission order, and a fresh list.
    pub fn take_all(&mut self) -> VecDeque<(Seq, P)> {
        let items = core::mem::take(&mut self.items);
        *self = Self { next: self.next, ..Self::new() };
        items.into_iter().map(|(_, s, p)| (s, p)).collect()
    }
}

impl<P: Payload> Default for InFlight<P> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(msgs: &[&'static str]) -> InFlight<&'static str> {
        let mut f = InFlight::new();
        for (i, m) in msgs.iter().enumerate() {
            f.push(i as Seq + 1, *m, || 10 * i as Millis);
        }
        f
    }

    #[test]
    fn a_pong_confirms_what_went_out_before_its_ping() {
        let mut f = list(&["a", "bb"]);
        assert_eq!(f.uncovered_since(), Some(0));
        f.ping_sent();
        assert_eq!(f.uncovered_since(), None);
        f.push(3, "ccc", || 50);
        assert_eq!(f.uncovered_since(), Some(50));
        f.ping_sent();
        assert_eq!((f.len(), f.bytes()), (3, 6));
        assert_eq!(f.pong(), 2);
        assert_eq!((f.len(), f.bytes()), (1, 3));
        assert_eq!(f.pong(), 1);
        assert_eq!(f.pong(), 0, "a pong with no ping awaited confirms nothing");
        assert!(f.is_empty());
    }

    #[test]
    fn marks_are_bounded_and_an_unremembered_ping_confirms_nothing() {
        let mut f = list(&["a"]);
        for _ in 0..MAX_MARKS {
            f.ping_sent();
        }
        f.push(2, "b", || 5);
        f.ping_sent();
        assert_eq!(f.uncovered_since(), Some(5), "the ninth ping joins the eighth's group");
        let confirmed: Vec<u64> = (0..MAX_MARKS + 1).map(|_| f.pong()).collect();
        assert_eq!(confirmed[0], 1);
        assert_eq!(f.len(), 1, "the ninth pong confirms no more than the eighth ping's mark");
        f.ping_sent();
        assert_eq!(f.pong(), 1, "a ping after the groups drained is remembered again");
    }

    #[test]
    fn remove_evict_and_take_keep_the_counts() {
        let mut f = list(&["a", "bb", "ccc"]);
        let mut g = list(&["a", "bb", "ccc"]);
        assert_eq!(g.split_from(9), VecDeque::new());
        assert_eq!(g.split_from(2), VecDeque::from([(2, "bb"), (3, "ccc")]));
        assert_eq!((g.len(), g.bytes()), (1, 1));
        assert_eq!(f.remove(2), Some("bb"));
        assert_eq!(f.remove(2), None);
        assert_eq!(f.pop_oldest(), Some("a"));
        assert_eq!(f.bytes(), 3);
        f.failed = true;
        f.ping_sent();
        let all: Vec<_> = f.take_all().into_iter().collect();
        assert_eq!(all, [(3, "ccc")]);
        assert!(f.is_empty() && !f.failed && f.uncovered_since().is_none());
        assert_eq!(f.pong(), 0, "marks went with the socket");
        assert_eq!(f.pop_oldest(), None);
        f.push(4, "d", || 0);
        assert_eq!(f.pop_oldest(), Some("d"));
        assert_eq!(f.uncovered_since(), None);
    }
}
