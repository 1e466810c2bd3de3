//! Per-client counters and the log of received messages.
//!
//! Counters are atomics so `/control/count` (polled by the benchmarks while 100,000 messages
//! arrive) never contends with the readers. A message is appended to the log *before* its count is
//! bumped, so a reader that sees `received == N` finds at least N entries in the log.

use bytes::Bytes;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// The log stops growing past this many bytes per client (counts go on), so a benchmark
/// flooding binary data cannot exhaust memory; `/control/received` then says `truncated`.
pub const LOG_CAP_BYTES: usize = 64 * 1024 * 1024;
/// Rough bookkeeping cost of one log entry, charged against [`LOG_CAP_BYTES`].
const ENTRY_OVERHEAD: usize = 48;

/// One received data message, kept zero-copy (the echo shares the same buffer).
#[derive(Debug, Clone)]
pub enum Received {
    /// A text message.
    Text(Utf8Bytes),
    /// A binary message.
    Binary(Bytes),
}

impl Received {
    /// Payload length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Received::Text(t) => t.len(),
            Received::Binary(b) => b.len(),
        }
    }
}

#[derive(Debug, Default)]
struct Log {
    /// (server-wide arrival sequence number, message): the sequence merges clients' logs in order.
    entries: Vec<(u64, Received)>,
    bytes: usize,
    truncated: bool,
}

/// A snapshot of one client's counters (or of their sum).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// Connections open now.
    pub open: u64,
    /// The most connections open at once since the last reset.
    pub max_open: u64,
    /// Connections accepted since the last reset.
    pub total: u64,
    /// Data messages received (heartbeat pings excluded).
    pub received: u64,
    /// Their payload bytes.
    pub received_bytes: u64,
    /// Heartbeat pings received (`ping` or `{"type":"ping"…`).
    pub pings: u64,
    /// Pongs handed to a connection's writer (after any `delay-pong`): a test can tell that a
    /// pong is on its way without guessing how long the delay took on a loaded machine.
    pub pongs: u64,
}

impl Snapshot {
    /// The JSON body of `/control/stats`.
    pub fn to_json(self) -> Value {
        json!({
            "open": self.open, "max_open": self.max_open, "total": self.total,
            "received": self.received, "received_bytes": self.received_bytes, "pings": self.pings, "pongs": self.pongs,
        })
    }
}

/// Counters and received log of one client.
#[derive(Debug, Default)]
pub struct Stats {
    open: AtomicU64,
    max_open: AtomicU64,
    total: AtomicU64,
    received: AtomicU64,
    received_bytes: AtomicU64,
    pings: AtomicU64,
    pongs: AtomicU64,
    log: Mutex<Log>,
}

impl Stats {
    /// A connection completed its handshake. Returns the number open now.
    pub fn opened(&self) -> u64 {
        let now = self.open.fetch_add(1, Relaxed) + 1;
        self.max_open.fetch_max(now, Relaxed);
        self.total.fetch_add(1, Relaxed);
        now
    }

    /// A connection ended (called exactly once per [`Stats::opened`]).
    pub fn closed(&self) {
        self.open.fetch_sub(1, Relaxed);
    }

    /// Records a data message under server-wide sequence number `seq`.
    pub fn record(&self, seq: u64, msg: Received) {
        let len = msg.len();
        {
            let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
            if !log.truncated && log.bytes + len + ENTRY_OVERHEAD <= LOG_CAP_BYTES {
                log.bytes += len + ENTRY_OVERHEAD;
                log.entries.push((seq, msg));
            } else {
                log.truncated = true;
            }
        }
        self.received_bytes.fetch_add(len as u64, Relaxed);
        self.received.fetch_add(1, Relaxed);
    }

    /// Counts a heartbeat ping.
    pub fn ping(&self) {
        self.pings.fetch_add(1, Relaxed);
    }

    /// Counts a pong handed to the writer.
    pub fn pong(&self) {
        self.pongs.fetch_add(1, Relaxed);
    }

    /// Data messages received so far.
    pub fn received(&self) -> u64 {
        self.received.load(Relaxed)
    }

    /// The current counters.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            open: self.open.load(Relaxed),
            max_open: self.max_open.load(Relaxed),
            total: self.total.load(Relaxed),
            received: self.received.load(Relaxed),
            received_bytes: self.received_bytes.load(Relaxed),
            pings: self.pings.load(Relaxed),
            pongs: self.pongs.load(Relaxed),
        }
    }

    /// Appends this client's log entries (text only unless `binary`) to `out`; returns whether
    /// the log was truncated.
    pub fn collect(&self, binary: bool, out: &mut Vec<(u64, Received)>) -> bool {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        out.extend(
            log.entries
                .iter()
                .filter(|(_, m)| binary || matches!(m, Received::Text(_)))
                .cloned(),
        );
        log.truncated
    }

    /// Forgets everything but the connections still open: they stay counted in `open`, and
    /// `max_open` restarts from there.
    pub fn reset(&self) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        *log = Log::default();
        self.max_open.store(self.open.load(Relaxed), Relaxed);
        self.total.store(0, Relaxed);
        self.received.store(0, Relaxed);
        self.received_bytes.store(0, Relaxed);
        self.pings.store(0, Relaxed);
        self.pongs.store(0, Relaxed);
    }
}

/// Server-wide concurrency, so that `/control/stats` without `client` reports the true peak
/// rather than a sum of per-client peaks.
#[derive(Debug, Default)]
pub struct Concurrency {
    open: AtomicU64,
    max_open: AtomicU64,
}

impl Concurrency {
    /// One more connection open.
    pub fn opened(&self) {
        let now = self.open.fetch_add(1, Relaxed) + 1;
        self.max_open.fetch_max(now, Relaxed);
    }

    /// One connection fewer.
    pub fn closed(&self) {
        self.open.fetch_sub(1, Relaxed);
    }

    /// (open now, peak since reset).
    pub fn get(&self) -> (u64, u64) {
        (self.open.load(Relaxed), self.max_open.load(Relaxed))
    }

    /// Restarts the peak from the connections open now.
    pub fn reset(&self) {
        self.max_open.store(self.open.load(Relaxed), Relaxed);
    }
}
