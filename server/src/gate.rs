//! The blackhole: an I/O wrapper that swallows every byte written while its connection is
//! blackholed.
//!
//! Filtering at the byte level rather than the message level is what makes the blackhole total:
//! besides our echoes and pongs it also silences what tungstenite writes on its own (the close
//! reply, automatic pongs to protocol-level pings), which the message API cannot suppress.
//! Reads pass through untouched, so the server still sees the client's messages, close frame
//! and EOF.

use crate::registry::{Client, Shared};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Wraps a connection's transport; see the module docs.
#[derive(Debug)]
pub struct Gate<T> {
    inner: T,
    shared: Arc<Shared>,
    client: Arc<Client>,
}

impl<T> Gate<T> {
    /// Gates `inner` by the faults of `client` (and the server-wide ones).
    pub fn new(inner: T, shared: Arc<Shared>, client: Arc<Client>) -> Self {
        Self {
            inner,
            shared,
            client,
        }
    }

    fn closed(&self) -> bool {
        self.shared
            .effective(&self.client)
            .blackholed(self.shared.clock.now_ms())
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Gate<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Gate<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.closed() {
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.closed() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
