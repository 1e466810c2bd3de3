//! The vocabulary between the core and its driver: inputs in, effects out, events for the user.

use alloc::string::String;
use alloc::vec::Vec;

/// Milliseconds on the driver's monotonic clock (`performance.now()` rounded, or a fake clock).
pub type Millis = u64;

/// Number of a socket opened by the core. Events carrying an older generation are stale and
/// ignored: that is the reconnect lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Generation(pub u32);

/// Sequence number of a user message, in send order. A failed send comes back with it so the
/// message re-enters the outbox at its place.
pub type Seq = u64;

/// What the core needs to know of a message without seeing it: its size in bytes.
/// The wasm layer implements it for its JS value slot; tests use `String`/`Vec<u8>`.
pub trait Payload {
    /// Bytes the message occupies on the wire (UTF-8 length for text).
    fn byte_len(&self) -> u64;

    /// A cheap upper bound of [`Payload::byte_len`] that never changes for a given message
    /// (3 bytes per UTF-16 unit for a JS string, whose exact size costs a walk of the string).
    /// The in-flight list counts these, and the exact sizes are asked for only near the
    /// bounds of the queue; so a message sent on an open link is never measured.
    fn byte_bound(&self) -> u64 {
        self.byte_len()
    }
}

impl Payload for String {
    fn byte_len(&self) -> u64 {
        self.len() as u64
    }
}

impl Payload for Vec<u8> {
    fn byte_len(&self) -> u64 {
        self.len() as u64
    }
}

impl Payload for &'static str {
    fn byte_len(&self) -> u64 {
        self.len() as u64
    }
}

/// The core's timers. One of each at most: setting one replaces the previous one of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Timer {
    /// When the next ping is due.
    Heartbeat,
    /// When an unanswered ping means a dead link.
    PongDeadline,
    /// When the next connection attempt starts.
    Reconnect,
    /// When a socket still opening is abandoned.
    ConnectTimeout,
    /// When a socket being torn down is given up on (it never reported its close).
    CloseWait,
}

impl Timer {
    /// Every timer, in the order ties are handled.
    pub const ALL: [Timer; 5] =
        [Timer::Heartbeat, Timer::PongDeadline, Timer::Reconnect, Timer::ConnectTimeout, Timer::CloseWait];

    /// Index into a `[T; 5]` slot array.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Something that happened, fed to [`crate::core::Machine::handle`] with the current time.
#[derive(Clone, Debug, PartialEq)]
pub enum Input<P> {
    /// The user asked to connect. A no-op while connecting or open. `data`, if any, is sent
    /// once, right after the next open's open message (seed 002's `connect(data)`).
    Connect {
        /// One-shot message for the next open.
        data: Option<P>,
    },
    /// Drop the current socket and connect again now, backoff reset (`ws.reconnect()`).
    Reconnect,
    /// The socket of `generation` opened. `open_message` is sent first (the host computes it
    /// afresh for each open: a login with a fresh token, say).
    SocketOpened {
        /// Which socket.
        generation: Generation,
        /// The open (login) message for this open, if any.
        open_message: Option<P>,
    },
    /// A message arrived on `generation`; `is_pong` is the host's verdict from the pong matcher.
    SocketMessage {
        /// Which socket.
        generation: Generation,
        /// Whether the message is a heartbeat reply (hidden from the user).
        is_pong: bool,
    },
    /// The socket of `generation` reported an error (a close follows on every host).
    SocketError {
        /// Which socket.
        generation: Generation,
    },
    /// The socket of `generation` closed.
    SocketClosed {
        /// Which socket.
        generation: Generation,
        /// Close code as reported (1006 for an abnormal close).
        code: u16,
        /// Close reason as reported.
        reason: String,
        /// Whether the closing handshake completed.
        was_clean: bool,
        /// The user's `shouldReconnect` verdict for this close, if the user gave a hook.
        should_reconnect: Option<bool>,
    },
    /// The host could not hand a message to the socket (threw, or a mini-program `fail`).
    /// The message goes back to the outbox at its place and the link is treated as dead.
    SendFailed {
        /// Which socket.
        generation: Generation,
        /// The message's sequence number from [`Effect::Transmit`].
        seq: Seq,
        /// The message itself.
        payload: P,
    },
    /// The socket refused a message itself while open (it threw for that value: a type it
    /// cannot send). Unlike a failure, retrying cannot help: the message is reported in a
    /// `Drop` with [`DropReason::Rejected`] and the link stays up.
    SendRejected {
        /// The message's sequence number from [`Effect::Transmit`].
        seq: Seq,
        /// The message itself.
        payload: P,
    },
    /// The user closed the instance: no reconnect, ever (until an explicit `Connect`).
    Close {
        /// Close code to send (validated by the host).
        code: u16,
        /// Close reason to send (validated by the host).
        reason: String,
    },
    /// The network came back: reconnect at once, backoff reset.
    Online,
    /// The network went away: stop waiting on a doomed socket.
    Offline,
    /// The page or app went to the background: pause pong deadlines.
    Hidden,
    /// The page or app came back: probe the link at once.
    Visible,
}

/// What the driver must do, taken from [`crate::core::Machine::poll`] in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<P> {
    /// Create a socket for `generation` (resolve the URL, `new WebSocket`, attach handlers).
    OpenSocket {
        /// The new socket's number.
        generation: Generation,
    },
    /// Close the socket of `generation` (`socket.close(code, reason)`); keep its handlers: the
    /// core waits for its `SocketClosed` (or the `CloseWait` timer) before opening another.
    CloseSocket {
        /// Which socket.
        generation: Generation,
        /// Close code to send.
        code: u16,
        /// Close reason to send.
        reason: String,
    },
    /// The core is done with the socket of `generation`: detach its handlers
    /// (`onopen = null` …) and drop its closures. Always follows its `SocketClosed` or the
    /// `CloseWait` timer. Only a late `SendFailed` may still name that generation (its message
    /// goes back to the outbox); any other input naming it is ignored.
    ReleaseSocket {
        /// Which socket.
        generation: Generation,
    },
    /// Hand a message to the socket of `generation`.
    Transmit {
        /// Which socket.
        generation: Generation,
        /// The message's sequence number (0 for open and connect messages, which are not retried).
        seq: Seq,
        /// The message.
        payload: P,
    },
    /// Send the configured ping message on `generation`.
    Ping {
        /// Which socket.
        generation: Generation,
    },
    /// Tell the user something. Emit these after releasing every borrow of the machine.
    Emit(Event<P>),
}

/// Why a message was dropped rather than delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// The outbox was full (`overflow` was `drop-oldest` or `drop-newest`).
    QueueFull,
    /// The instance closed or gave up with this message still queued.
    Closed,
    /// The socket refused the message itself (a type that host cannot send).
    Rejected,
    /// The message was handed to a socket that died (or closed uncleanly) before the server
    /// confirmed it: it may or may not have arrived. Only with `queue.resend` false.
    Unconfirmed,
}

impl DropReason {
    /// The JS spelling carried by the `drop` event's `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::QueueFull => "queue-full",
            Self::Closed => "closed",
            Self::Rejected => "rejected",
            Self::Unconfirmed => "unconfirmed",
        }
    }
}

/// What the user is told.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<P> {
    /// The link is open (after a connect or a reconnect).
    Open {
        /// 0 for a first connect, n for the n-th reconnect attempt that succeeded.
        attempt: u32,
    },
    /// Deliver the message being handled to the user (the driver holds its JS value).
    Message,
    /// A socket error was reported.
    Error,
    /// The link closed.
    Close {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
        /// Whether the closing handshake completed.
        was_clean: bool,
        /// Whether the core will try again.
        will_reconnect: bool,
    },
    /// A reconnect attempt is scheduled.
    Reconnecting {
        /// 1 for the first retry after a loss.
        attempt: u32,
        /// Delay before it starts, ms.
        delay_ms: u32,
    },
    /// Reconnecting stopped for good (retries exhausted, a stop code, or the hook said no).
    GiveUp {
        /// Attempts made since the link was last up.
        attempts: u32,
    },
    /// A heartbeat reply arrived.
    Heartbeat {
        /// Round-trip time of the ping, ms.
        rtt_ms: u64,
    },
    /// A message will never be sent.
    Drop {
        /// The message.
        payload: P,
        /// Why.
        reason: DropReason,
    },
}

/// The connection state, with the W3C numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadyState {
    /// A socket is opening or a reconnect is pending.
    Connecting = 0,
    /// The link is open.
    Open = 1,
    /// `close()` was called; the socket is not gone yet.
    Closing = 2,
    /// Not started, closed by the user, or given up.
    Closed = 3,
}

/// Counters for `ws.stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Successful reconnects (opens after the first).
    pub reconnects: u32,
    /// Round-trip time of the last answered ping, ms.
    pub last_rtt_ms: Option<u64>,
    /// Messages waiting in the outbox.
    pub queued: u32,
    /// Bytes waiting in the outbox.
    pub queued_bytes: u64,
    /// User messages handed to a socket.
    pub sent: u64,
    /// Messages received and delivered to the user (pongs excluded).
    pub received: u64,
    /// Messages dropped (each reported in a `Drop` event).
    pub dropped: u64,
    /// Messages the server confirmed (a pong to a later ping, or a clean close we initiated).
    pub confirmed: u64,
    /// Messages handed to the current socket and not confirmed yet.
    pub unconfirmed: u32,
    /// Messages put back in the outbox because the link died before confirming them.
    pub resent: u64,
}

/// Why [`crate::core::Machine::send`] refused a message.
#[derive(Clone, Debug, PartialEq)]
pub enum SendError<P> {
    /// The outbox is full and `overflow` is `"error"`; the message is handed back.
    QueueFull(P),
}

/// What [`crate::core::Machine::send`] did with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// Handed to the open socket now (a [`Effect::Transmit`] is waiting in `poll`).
    Transmitted,
    /// Waiting in the outbox for the next open.
    Queued,
    /// Refused by `drop-newest` (a `Drop` event is waiting in `poll`).
    Dropped,
}

/// What [`crate::core::Machine::message`] decided about a message that is not a pong.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Not the open socket's: ignore it.
    Ignore,
    /// Deliver it; no deadline moved.
    Deliver,
    /// Deliver it; it settled the outstanding ping, so deadlines moved: ask
    /// [`crate::core::Machine::poll_timeout`] again.
    DeliverTimersMoved,
}
