//! The outbox: user messages waiting for an open link, in send order. Its bounds are applied by
//! the machine (`Machine::send`), over the outbox and the in-flight list together.

use alloc::collections::VecDeque;

use super::event::{Payload, Seq};

/// Messages in send order with their sequence numbers.
#[derive(Debug)]
pub struct Outbox<P> {
    items: VecDeque<(Seq, P)>,
    bytes: u64,
}

impl<P: Payload> Outbox<P> {
    /// An empty outbox.
    pub fn new() -> Self {
        Self { items: VecDeque::new(), bytes: 0 }
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

    /// Sequence numbers waiting, in order.
    pub fn seqs(&self) -> impl Iterator<Item = Seq> + '_ {
        self.items.iter().map(|(s, _)| *s)
    }

    /// Appends a message the machine admitted.
    pub fn push(&mut self, seq: Seq, payload: P) {
        self.bytes += payload.byte_len();
        self.items.push_back((seq, payload));
    }

    /// Puts back a message at its place by sequence number. It was accepted once, so it is not
    /// subject to the bounds again: nothing accepted is lost to a failure.
    pub fn requeue(&mut self, seq: Seq, payload: P) {
        self.bytes += payload.byte_len();
        let at = self.items.partition_point(|(s, _)| *s < seq);
        self.items.insert(at, (seq, payload));
    }

    /// Puts messages a dead link never confirmed back at the head, in the order they went out,
    /// ahead of everything sent after them (not bounded again either).
    pub fn prepend(&mut self, items: VecDeque<(Seq, P)>) {
        for (seq, p) in items.into_iter().rev() {
            self.bytes += p.byte_len();
            self.items.push_front((seq, p));
        }
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

impl<P: Payload> Default for Outbox<P> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seqs(o: &mut Outbox<String>) -> Vec<Seq> {
        o.drain().map(|(s, _)| s).collect()
    }

    #[test]
    fn keeps_order_and_counts_bytes() {
        let mut o = Outbox::new();
        for i in 1..=3 {
            o.push(i, "ab".repeat(i as usize));
        }
        assert_eq!((o.len(), o.bytes()), (3, 12));
        assert_eq!(o.pop_front(), Some((1, "ab".into())));
        assert_eq!(o.bytes(), 10);
        assert_eq!(seqs(&mut o), [2, 3]);
        assert_eq!(o.bytes(), 0);
    }

    #[test]
    fn requeue_goes_back_to_its_place() {
        let mut o = Outbox::new();
        o.push(5, "e".into());
        o.push(7, "g".into());
        o.requeue(6, "f".into());
        o.requeue(2, "b".into());
        o.requeue(9, "i".into());
        assert_eq!(o.bytes(), 5);
        assert_eq!(seqs(&mut o), [2, 5, 6, 7, 9]);
    }

    #[test]
    fn prepend_keeps_transmission_order_ahead_of_later_sends() {
        let mut o = Outbox::new();
        o.push(9, "later".into());
        o.prepend(VecDeque::from([(5, "e".into()), (1, "a".to_owned())]));
        assert_eq!(o.bytes(), 7);
        assert_eq!(seqs(&mut o), [5, 1, 9]);
    }
}
