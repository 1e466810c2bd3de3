//! The WebSocket endpoint `/ws?client=ID`: handshake (with the refuse and slow-handshake
//! faults), then one task per connection running a reader and a writer side by side.
//!
//! Reader and writer are two futures polled by the *same* task (not two tasks), so an echo
//! queued by the reader wakes the writer without a cross-thread hop: round trips stay short.

use crate::burst::burst;
use crate::gate::Gate;
use crate::http::{json_error, Body, Query};
use crate::registry::{EndOnDrop, Out, Registered, Shared};
use crate::stats::Received;
use futures_util::{SinkExt, StreamExt};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONNECTION, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY};
use hyper::header::{SEC_WEBSOCKET_PROTOCOL, SEC_WEBSOCKET_VERSION, UPGRADE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{frame::coding::CloseCode, CloseFrame, Role};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};
use tokio_tungstenite::WebSocketStream;

/// After a server-sent close frame, how long to wait for the client's reply before dropping.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// Answers an upgrade request on `/ws`: 503 while refused, held while slow, else `101`.
pub async fn upgrade(
    shared: Arc<Shared>,
    mut req: Request<Incoming>,
    query: &Query,
) -> Response<Body> {
    let headers = req.headers();
    let wants_ws = headers
        .get(UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(key) = headers.get(SEC_WEBSOCKET_KEY).filter(|_| wants_ws) else {
        return json_error(
            StatusCode::UPGRADE_REQUIRED,
            "this endpoint only speaks WebSocket",
        );
    };
    if headers
        .get(SEC_WEBSOCKET_VERSION)
        .is_some_and(|v| v.as_bytes() != b"13")
    {
        return json_error(StatusCode::BAD_REQUEST, "Sec-WebSocket-Version must be 13");
    }
    let accept = derive_accept_key(key.as_bytes());
    // The first protocol offered is accepted, whatever it is.
    let protocol = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find(|p| !p.is_empty())
        .map(str::to_owned);
    let name = query.get("client").unwrap_or("anon").to_owned();

    let client = shared.client(&name);
    if shared.effective(&client).refusing(shared.clock.now_ms()) {
        return json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "refused by /control/refuse",
        );
    }
    let hold = shared.effective(&client).slow_handshake_ms();
    drop(client);
    if hold > 0 {
        tokio::time::sleep(Duration::from_millis(hold)).await;
    }

    let on_upgrade = hyper::upgrade::on(&mut req);
    // Counted before the 101 leaves, so the count is up by the time the client sees `open`.
    let conn = shared.register(&name);
    tokio::spawn(async move {
        let guard = EndOnDrop(conn.live.clone());
        if let Ok(upgraded) = on_upgrade.await {
            run(shared, conn, TokioIo::new(upgraded)).await;
        }
        drop(guard);
    });

    let mut res = Response::new(Body::default());
    *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = res.headers_mut();
    h.insert(UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert(SEC_WEBSOCKET_ACCEPT, v);
    }
    if let Some(v) = protocol.and_then(|p| HeaderValue::from_str(&p).ok()) {
        h.insert(SEC_WEBSOCKET_PROTOCOL, v);
    }
    res
}

/// Serves one upgraded connection until it ends; uncounts it before the transport is dropped.
async fn run<T>(shared: Arc<Shared>, conn: Registered, io: T)
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let Registered {
        client,
        live,
        out_tx,
        out_rx,
        kill,
    } = conn;
    let io = Gate::new(io, shared.clone(), client.clone());
    let ws = WebSocketStream::from_raw_socket(io, Role::Server, None).await;
    let (sink, mut stream) = ws.split();

    let reader = async {
        while let Some(Ok(msg)) = stream.next().await {
            match msg {
                Message::Text(text) => on_text(&shared, &client, &out_tx, text),
                Message::Binary(data) => {
                    client
                        .stats
                        .record(shared.next_seq(), Received::Binary(data.clone()));
                    if !shared.effective(&client).blackholed(shared.clock.now_ms()) {
                        let _ = out_tx.send(Out::Binary(data));
                    }
                }
                // The peer's close frame is the end: uncount now, before tungstenite writes the
                // reply on the next poll (the reply is what lets the client reconnect).
                Message::Close(_) => {
                    live.end();
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
            }
        }
        // The stream is also dropped with `stream` below; the borrow ends here.
    };
    let writer = write_loop(sink, out_rx);
    tokio::pin!(reader, writer);

    let writer_ended = tokio::select! {
        _ = kill.notified() => false,
        _ = &mut reader => false,
        _ = &mut writer => true,
    };
    // The writer stops after sending a close frame, or when writing fails, e.g. an echo queued
    // just before the peer's close frame arrived: either way the reader still has to see the
    // peer's close (and write tungstenite's reply) or the transport's end.
    if writer_ended {
        let _ = tokio::time::timeout(CLOSE_WAIT, async {
            tokio::select! {
                _ = kill.notified() => {}
                _ = &mut reader => {}
            }
        })
        .await;
    }
    // Uncount first, then let the transport drop (TCP FIN, no close frame unless one was sent).
    live.end();
}

/// Heartbeat pings are answered (possibly late) and counted; other text is recorded and echoed.
fn on_text(
    shared: &Shared,
    client: &Arc<crate::registry::Client>,
    out_tx: &tokio::sync::mpsc::UnboundedSender<Out>,
    text: Utf8Bytes,
) {
    let pong = if text.as_str() == "ping" {
        Some(Utf8Bytes::from_static("pong"))
    } else if text.as_str().starts_with(r#"{"type":"ping""#) {
        Some(Utf8Bytes::from_static(r#"{"type":"pong"}"#))
    } else {
        None
    };
    let faults = shared.effective(client);
    let blackholed = faults.blackholed(shared.clock.now_ms());
    let Some(pong) = pong else {
        client
            .stats
            .record(shared.next_seq(), Received::Text(text.clone()));
        if !blackholed {
            let _ = out_tx.send(Out::Text(text));
        }
        return;
    };
    client.stats.ping();
    if blackholed {
        return;
    }
    match faults.delay_pong_ms() {
        0 => {
            if out_tx.send(Out::Text(pong)).is_ok() {
                client.stats.pong();
            }
        }
        ms => {
            let (out_tx, client) = (out_tx.clone(), client.clone());
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                if out_tx.send(Out::Text(pong)).is_ok() {
                    client.stats.pong();
                }
            });
        }
    }
}

/// Drains the outgoing queue, batching: everything already queued is fed, then flushed once.
/// Returns after sending a close frame or on the first write error.
async fn write_loop<S>(mut sink: S, mut rx: tokio::sync::mpsc::UnboundedReceiver<Out>)
where
    S: futures_util::Sink<Message, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(out) = next.take() {
            let fed = match out {
                Out::Text(t) => sink.feed(Message::Text(t)).await,
                Out::Binary(b) => sink.feed(Message::Binary(b)).await,
                Out::Burst { n, size, binary } => burst(&mut sink, n, size, binary).await,
                Out::Close { code, reason } => {
                    let frame = CloseFrame {
                        code: CloseCode::from(code),
                        reason: reason.into(),
                    };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    return;
                }
            };
            if fed.is_err() {
                return;
            }
            next = rx.try_recv().ok();
        }
        if sink.flush().await.is_err() {
            return;
        }
    }
}
