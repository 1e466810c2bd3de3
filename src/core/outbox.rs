//! The outbox: user messages waiting for an open link, bounded in count and bytes, in send order.

use alloc::vec::Vec;
use alloc::collections::VecDeque;

use super::config::{Overflow, QueueConfig};
use super::event::{Payload, Seq};

/// What [`Outbox::push`] did.
#[derive(Debug, PartialEq)]
pub enum Pushed<P> {
    /// Queued; `evicted` were pushed out by `drop-oldest` (to be reported as drops).
    Queued {
        /// Oldest messages evicted to make room.
        evicted: Vec<P>,
    },
    /// Not queued, with `drop-newest` (or a message larger than the whole outbox): report it.
    Dropped(P),
    /// Not queued, with `error`: hand it back to the caller.
    Refused(P),
}

/// Messages in send order with their sequence numbers.
#[derive(Debug)]
pub struct Outbox<P> {
    items: VecDeque<(Seq, P)>,
    bytes: u64,
    limits: QueueConfig,
}

impl<P: Payload> Outbox<P> {
    /// An empty outbox with these bounds.
    pub fn new(limits: QueueConfig) -> Self {
        Self { items: VecDeque::new(), bytes: 0, limits }
    }

    /// Messages waiting.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes waiting.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    fn fits(&self, extra_bytes: u64) -> bool {
        (self.items.len() as u64) < u64::from(self.limits.max_messages)
            && self.bytes.saturating_add(extra_bytes) <= self.limits.max_bytes
    }

    /// Appends a new message, applying the overflow policy when it does not fit.
    pub fn push(&mut self, seq: Seq, payload: P) -> Pushed<P> {
        let size = payload.byte_len();
        if self.fits(size) {
            self.insert_back(seq, payload, size);
            return Pushed::Queued { evicted: Vec::new() };
        }
        match self.limits.overflow {
            Overflow::Error => Pushed::Refused(payload),
            Overflow::DropNewest => Pushed::Dropped(payload),
            Overflow::DropOldest => {
                // A message that cannot fit even in an empty outbox evicts nothing.
                let alone_fits = self.limits.max_messages > 0 && size <= self.limits.max_bytes;
                if !alone_fits {
                    return Pushed::Dropped(payload);
                }
                let mut evicted = Vec::new();
                while !self.fits(size) {
                    match self.pop_front() {
                        Some((_, p)) => evicted.push(p),
                        None => break,
                    }
                }
                self.insert_back(seq, payload, size);
                Pushed::Queued { evicted }
            }
        }
    }

    fn insert_back(&mut self, seq: Seq, payload: P, size: u64) {
        self.bytes += size;
        self.items.push_back((seq, payload));
    }

    /// Puts back a message whose send failed, at its place by sequence number. It was accepted
    /// once, so it is not subject to the bounds again: nothing accepted is lost to a failure.
    pub fn requeue(&mut self, seq: Seq, payload: P) {
        self.bytes += payload.byte_len();
        let at = self.items.partition_point(|(s, _)| *s < seq);
        self.items.insert(at, (seq, payload));
    }

    /// Takes the oldest message.
    pub fn pop_front(&mut self) -> Option<(Seq, P)> {
        let (seq, p) = self.items.pop_front()?;
        self.bytes -= p.byte_len();
        Some((seq, p))
    }

    /// Takes everything, oldest first.
    pub fn drain(&mut self) -> impl Iterator<Item = (Seq, P)> + '_ {
        self.bytes = 0;
        self.items.drain(..)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox(max_messages: u32, max_bytes: u64, overflow: Overflow) -> Outbox<String> {
        Outbox::new(QueueConfig { max_messages, max_bytes, overflow })
    }

    fn seqs(o: &mut Outbox<String>) -> Vec<Seq> {
        o.drain().map(|(s, _)| s).collect()
    }

    #[test]
    fn keeps_order_and_counts_bytes() {
        let mut o = outbox(10, 100, Overflow::Error);
        for i in 1..=3 {
            assert_eq!(o.push(i, "ab".repeat(i as usize)), Pushed::Queued { evicted: vec![] });
        }
        assert_eq!((o.len(), o.bytes()), (3, 12));
        assert_eq!(o.pop_front(), Some((1, "ab".into())));
        assert_eq!(o.bytes(), 10);
        assert_eq!(seqs(&mut o), [2, 3]);
        assert_eq!(o.bytes(), 0);
    }

    #[test]
    fn error_refuses_at_either_bound() {
        let mut o = outbox(2, 5, Overflow::Error);
        o.push(1, "a".into());
        assert_eq!(o.push(2, "abcde".into()), Pushed::Refused("abcde".into()));
        o.push(3, "b".into());
        assert_eq!(o.push(4, "c".into()), Pushed::Refused("c".into()));
        assert_eq!(o.len(), 2);
    }

    #[test]
    fn drop_newest_reports_the_new_message() {
        let mut o = outbox(1, 100, Overflow::DropNewest);
        o.push(1, "a".into());
        assert_eq!(o.push(2, "b".into()), Pushed::Dropped("b".into()));
        assert_eq!(seqs(&mut o), [1]);
    }

    #[test]
    fn drop_oldest_evicts_until_it_fits() {
        let mut o = outbox(10, 6, Overflow::DropOldest);
        o.push(1, "aa".into());
        o.push(2, "bb".into());
        o.push(3, "cc".into());
        assert_eq!(o.push(4, "dddd".into()), Pushed::Queued { evicted: vec!["aa".into(), "bb".into()] });
        assert_eq!(o.bytes(), 6);
        assert_eq!(o.push(5, "toolongtofit".into()), Pushed::Dropped("toolongtofit".into()));
        assert_eq!(seqs(&mut o), [3, 4]);
        let mut none = outbox(0, 100, Overflow::DropOldest);
        assert_eq!(none.push(1, "x".into()), Pushed::Dropped("x".into()));
    }

    #[test]
    fn requeue_goes_back_to_its_place() {
        let mut o = outbox(10, 100, Overflow::Error);
        o.push(5, "e".into());
        o.push(7, "g".into());
        o.requeue(6, "f".into());
        o.requeue(2, "b".into());
        o.requeue(9, "i".into());
        assert_eq!(o.bytes(), 5);
        assert_eq!(seqs(&mut o), [2, 5, 6, 7, 9]);
    }
}
