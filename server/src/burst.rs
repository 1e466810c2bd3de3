//! `/control/burst` message generation: as fast as the socket takes them.
//!
//! Messages are only fed (buffered by tungstenite, which writes whenever its buffer passes
//! 128 KiB); the writer flushes once at the end. Each message costs one allocation of exactly its
//! size, which it needs anyway since every message carries its own index.

use bytes::{BufMut, BytesMut};
use futures_util::{Sink, SinkExt};
use std::fmt::Write as _;
use tokio_tungstenite::tungstenite::{Error, Message};

/// Feeds `n` messages of `size` bytes into `sink`.
///
/// Text message `i` is the decimal `i`, a space, then `x` up to `size` ASCII chars (never
/// shorter than the index and its space). Binary message `i` is `i` as u32 little-endian, then
/// zeros up to `size` bytes (never shorter than those 4 bytes).
pub async fn burst<S>(sink: &mut S, n: u64, size: usize, binary: bool) -> Result<(), Error>
where
    S: Sink<Message, Error = Error> + Unpin,
{
    if binary {
        for i in 0..n {
            sink.feed(Message::Binary(binary_message(i, size).freeze()))
                .await?;
        }
    } else {
        let pad = "x".repeat(size);
        for i in 0..n {
            sink.feed(Message::Text(text_message(i, size, &pad).into()))
                .await?;
        }
    }
    Ok(())
}

/// Text message `i` (see [`burst`]); `pad` is at least `size` `x`s.
pub fn text_message(i: u64, size: usize, pad: &str) -> String {
    let mut s = String::with_capacity(size.max(21));
    // Writing to a String cannot fail.
    let _ = write!(s, "{i} ");
    let fill = size.saturating_sub(s.len()).min(pad.len());
    s.push_str(&pad[..fill]);
    s
}

/// Binary message `i` (see [`burst`]); the index wraps past `u32::MAX` (the control API caps `n`).
pub fn binary_message(i: u64, size: usize) -> BytesMut {
    let mut b = BytesMut::with_capacity(size.max(4));
    b.put_u32_le(i as u32);
    b.resize(size.max(4), 0);
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_messages_carry_their_index_and_size() {
        let pad = "x".repeat(64);
        assert_eq!(text_message(0, 8, &pad), "0 xxxxxx");
        assert_eq!(text_message(12345, 64, &pad).len(), 64);
        assert!(text_message(12345, 64, &pad).starts_with("12345 x"));
        assert_eq!(text_message(12345, 3, &pad), "12345 ");
    }

    #[test]
    fn binary_messages_carry_their_index_little_endian() {
        let b = binary_message(0x0102_0304, 16);
        assert_eq!(&b[..], &[4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(binary_message(7, 1).len(), 4);
    }
}
