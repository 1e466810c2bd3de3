//! Shared test harness: the real `heartsocket-server` binary on port 0, a raw HTTP/1.1 client
//! for the control API, and a tokio-tungstenite WebSocket client.
#![allow(dead_code)] // each test file uses a different subset

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long any awaited condition may take before the test fails. Generous: the machine is
/// shared and slow; tests never assert speed, only that things happen.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A server process, killed (by its own PID) when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The line it printed on start.
    pub line: String,
}

impl Server {
    /// Starts the server serving the repository root.
    pub fn start() -> Self {
        Self::start_with_root(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
    }

    /// Starts the server on a free port with `--root root`.
    pub fn start_with_root(root: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_heartsocket-server"))
            .args(["--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn heartsocket-server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let line = line.trim_end().to_owned();
        let addr = line
            .strip_prefix("heartsocket-server listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server { child, addr, line }
    }

    /// The server's PID, for signal tests.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit (after a signal).
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// `ws://ADDR/ws?client=ID`
    pub fn ws_url(&self, client: &str) -> String {
        format!("ws://{}/ws?client={client}", self.addr)
    }

    /// Opens a WebSocket as `client`.
    pub async fn connect(&self, client: &str) -> Ws {
        let (ws, _) = tokio_tungstenite::connect_async(self.ws_url(client))
            .await
            .expect("connect");
        ws
    }

    /// Opens a WebSocket with extra request headers; returns the handshake response too.
    pub async fn connect_with(
        &self,
        client: &str,
        headers: &[(&'static str, &str)],
    ) -> Result<
        (
            Ws,
            tokio_tungstenite::tungstenite::handshake::client::Response,
        ),
        tokio_tungstenite::tungstenite::Error,
    > {
        let mut req = self.ws_url(client).into_client_request().unwrap();
        for (k, v) in headers {
            req.headers_mut().insert(*k, v.parse().unwrap());
        }
        tokio_tungstenite::connect_async(req).await
    }

    /// Raw HTTP request; returns (status, lower-cased header block, body).
    pub async fn http(&self, method: &str, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).await.unwrap();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("header end");
        let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, head, raw[split + 4..].to_vec())
    }

    /// `POST /control/{name}?{query}` → JSON body; panics unless 200.
    pub async fn control(&self, name: &str, query: &str) -> Value {
        let (status, _, body) = self.http("POST", &format!("/control/{name}?{query}")).await;
        assert_eq!(
            status,
            200,
            "/control/{name}?{query}: {}",
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).unwrap()
    }

    /// `/control/stats` for `client` (or all with `""`).
    pub async fn stats(&self, client: &str) -> Value {
        let q = if client.is_empty() {
            String::new()
        } else {
            format!("client={client}")
        };
        self.control("stats", &q).await
    }

    /// Polls `stats[field]` until it equals `want`.
    pub async fn wait_stat(&self, client: &str, field: &str, want: u64) {
        let ok = wait_until(|| async { self.stats(client).await[field] == want }).await;
        assert!(
            ok,
            "stats({client}).{field} never became {want}: {}",
            self.stats(client).await
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `cond` every 10 ms until it holds or [`PATIENCE`] runs out.
pub async fn wait_until<F, Fut>(mut cond: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if cond().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

/// The next message within `timeout`: `Some(Ok(msg))`, `Some(Err(..))` on a transport error,
/// `None` if the stream ended or nothing came in time (see [`silent_for`] to tell them apart).
pub async fn next_within(ws: &mut Ws, timeout: Duration) -> Option<Result<Message, String>> {
    match tokio::time::timeout(timeout, ws.next()).await {
        Ok(Some(r)) => Some(r.map_err(|e| e.to_string())),
        Ok(None) | Err(_) => None,
    }
}

/// The next data message (text or binary), skipping protocol pings/pongs.
pub async fn next_data(ws: &mut Ws) -> Message {
    loop {
        match next_within(ws, PATIENCE).await {
            Some(Ok(m @ (Message::Text(_) | Message::Binary(_) | Message::Close(_)))) => return m,
            Some(Ok(_)) => continue,
            other => panic!("expected a message, got {other:?}"),
        }
    }
}

/// Asserts nothing at all arrives for `quiet` and the connection is still up.
pub async fn silent_for(ws: &mut Ws, quiet: Duration) {
    match tokio::time::timeout(quiet, ws.next()).await {
        Err(_) => {}
        Ok(got) => panic!("expected silence, got {got:?}"),
    }
}

/// How a connection ended, as the client saw it.
#[derive(Debug, PartialEq)]
pub enum Ending {
    /// A close frame arrived (code, reason).
    CloseFrame(u16, String),
    /// The stream ended without a close frame (the browser would report 1006).
    Abrupt,
}

/// Reads (discarding data) until the connection ends; reports how.
pub async fn ending(ws: &mut Ws) -> Ending {
    loop {
        match tokio::time::timeout(PATIENCE, ws.next()).await {
            Err(_) => panic!("connection did not end"),
            Ok(Some(Ok(Message::Close(frame)))) => {
                let (code, reason) = frame
                    .map(|f| (u16::from(f.code), f.reason.to_string()))
                    .unwrap_or((1005, String::new()));
                return Ending::CloseFrame(code, reason);
            }
            Ok(Some(Ok(_))) => continue,
            Ok(Some(Err(_)) | None) => return Ending::Abrupt,
        }
    }
}

/// Sends a text message.
pub async fn send_text(ws: &mut Ws, text: &str) {
    ws.send(Message::text(text)).await.unwrap();
}

/// A fresh client id, unique within the test process.
pub fn id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}", N.fetch_add(1, Ordering::Relaxed))
}
