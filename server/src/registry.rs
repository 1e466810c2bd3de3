//! Who is connected: the clients (by `client=` id), their live connections, and the commands a
//! control request can send to a connection.
//!
//! Counting lives here because its correctness is the point of the server: a connection is
//! counted open by [`Shared::register`] just before its `101` is sent, and uncounted exactly once
//! by [`Live::end`], which every ending path calls *before* the client can observe the end (the
//! close reply or the TCP FIN). So a client that reconnects after seeing the end can never be
//! seen with two connections open.

use crate::faults::{Clock, Effective, Faults};
use crate::stats::{Concurrency, Stats};
use bytes::Bytes;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{mpsc, Notify};
use tokio_tungstenite::tungstenite::Utf8Bytes;

/// What a connection's writer is asked to send.
#[derive(Debug)]
pub enum Out {
    /// A text message (echo or pong).
    Text(Utf8Bytes),
    /// A binary message (echo).
    Binary(Bytes),
    /// `n` generated messages of `size` bytes (see `/control/burst`).
    Burst {
        /// How many.
        n: u64,
        /// Bytes each.
        size: usize,
        /// Binary (index as u32 LE) rather than text (decimal index and a space).
        binary: bool,
    },
    /// A close frame, after which the connection waits briefly for the reply and ends.
    Close {
        /// Close code.
        code: u16,
        /// Close reason (≤ 123 bytes, checked by the control API).
        reason: String,
    },
}

/// How a control request reaches one live connection.
#[derive(Debug, Clone)]
pub struct ConnHandle {
    /// The connection's outgoing queue.
    pub out: mpsc::UnboundedSender<Out>,
    /// Notified to drop the connection without a close frame.
    pub kill: Arc<Notify>,
    /// Its counting token.
    pub live: Arc<Live>,
}

/// One client id's state.
#[derive(Debug, Default)]
pub struct Client {
    /// Faults scoped to this client.
    pub faults: Faults,
    /// Its counters and received log.
    pub stats: Stats,
    conns: Mutex<HashMap<u64, ConnHandle>>,
}

/// The counting token of one open connection; [`Live::end`] uncounts it once.
#[derive(Debug)]
pub struct Live {
    id: u64,
    client: Arc<Client>,
    concurrency: Arc<Concurrency>,
    ended: AtomicBool,
}

impl Live {
    /// Marks the connection ended: uncounted and unreachable by control requests. Returns
    /// `false` if it had already ended.
    pub fn end(&self) -> bool {
        if self.ended.swap(true, Relaxed) {
            return false;
        }
        lock(&self.client.conns).remove(&self.id);
        self.client.stats.closed();
        self.concurrency.closed();
        true
    }
}

/// A freshly registered connection: everything its task needs.
#[derive(Debug)]
pub struct Registered {
    /// Its client's state.
    pub client: Arc<Client>,
    /// Counting token; the task must call `end()` (it is also called on drop of [`EndOnDrop`]).
    pub live: Arc<Live>,
    /// Sender side of its outgoing queue (the reader queues echoes and pongs here).
    pub out_tx: mpsc::UnboundedSender<Out>,
    /// Receiver side, drained by the writer.
    pub out_rx: mpsc::UnboundedReceiver<Out>,
    /// Drop signal.
    pub kill: Arc<Notify>,
}

/// Ends a connection's count when dropped, so an upgrade failure or a panic cannot leave it open.
#[derive(Debug)]
pub struct EndOnDrop(pub Arc<Live>);

impl Drop for EndOnDrop {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// State shared by every request and connection.
#[derive(Debug)]
pub struct Shared {
    /// Time base of every fault deadline.
    pub clock: Clock,
    /// Faults set without `client=`.
    pub global_faults: Faults,
    /// Server-wide open/peak counts.
    pub concurrency: Arc<Concurrency>,
    /// Directory served by `files`.
    pub root: PathBuf,
    clients: Mutex<HashMap<String, Arc<Client>>>,
    next_id: AtomicU64,
    next_seq: AtomicU64,
}

/// Locks, shrugging off poisoning: every critical section leaves the data consistent.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Empty state serving files from `root`.
    pub fn new(root: PathBuf) -> Self {
        Self {
            clock: Clock::new(),
            global_faults: Faults::default(),
            concurrency: Arc::default(),
            root,
            clients: Mutex::default(),
            next_id: AtomicU64::new(1),
            next_seq: AtomicU64::new(0),
        }
    }

    /// The client named `name`, created if new.
    pub fn client(&self, name: &str) -> Arc<Client> {
        lock(&self.clients)
            .entry(name.to_owned())
            .or_default()
            .clone()
    }

    /// The given client, or every known client when `name` is `None`.
    pub fn clients(&self, name: Option<&str>) -> Vec<Arc<Client>> {
        let map = lock(&self.clients);
        match name {
            Some(n) => map.get(n).cloned().into_iter().collect(),
            None => map.values().cloned().collect(),
        }
    }

    /// The faults a connection of `client` is subject to.
    pub fn effective<'a>(&'a self, client: &'a Client) -> Effective<'a> {
        Effective {
            client: &client.faults,
            global: &self.global_faults,
        }
    }

    /// Counts a new connection of client `name` as open and makes it reachable.
    pub fn register(&self, name: &str) -> Registered {
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let kill = Arc::new(Notify::new());
        let id = self.next_id.fetch_add(1, Relaxed);
        // Held across the insert so a concurrent reset cannot discard this client meanwhile.
        let mut map = lock(&self.clients);
        let client = map.entry(name.to_owned()).or_default().clone();
        let live = Arc::new(Live {
            id,
            client: client.clone(),
            concurrency: self.concurrency.clone(),
            ended: AtomicBool::new(false),
        });
        let handle = ConnHandle {
            out: out_tx.clone(),
            kill: kill.clone(),
            live: live.clone(),
        };
        lock(&client.conns).insert(id, handle);
        client.stats.opened();
        self.concurrency.opened();
        drop(map);
        Registered {
            client,
            live,
            out_tx,
            out_rx,
            kill,
        }
    }

    /// Live connections of client `name`, or of everyone.
    pub fn connections(&self, name: Option<&str>) -> Vec<ConnHandle> {
        let mut all = Vec::new();
        for client in self.clients(name) {
            all.extend(lock(&client.conns).values().cloned());
        }
        all
    }

    /// Next server-wide arrival number for the received log.
    pub fn next_seq(&self) -> u64 {
        self.next_seq.fetch_add(1, Relaxed)
    }

    /// `/control/reset`: one client's faults and statistics, or everything (then clients with no
    /// open connection are forgotten, so ids used once by a test do not accumulate).
    pub fn reset(&self, name: Option<&str>) {
        let mut map = lock(&self.clients);
        match name {
            Some(n) => {
                if let Some(c) = map.get(n) {
                    c.faults.reset();
                    c.stats.reset();
                }
            }
            None => {
                self.global_faults.reset();
                self.concurrency.reset();
                map.retain(|_, c| {
                    c.faults.reset();
                    c.stats.reset();
                    !lock(&c.conns).is_empty()
                });
            }
        }
    }
}
