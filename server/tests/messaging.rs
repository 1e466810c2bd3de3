//! Echo, heartbeat replies, the received log, subprotocols and origins, against the real binary.

mod common;
use common::*;
use futures_util::SinkExt;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn echoes_text_and_binary_unchanged() {
    let server = Server::start();
    let mut ws = server.connect(&id("echo")).await;
    send_text(&mut ws, "héllo wörld").await;
    assert_eq!(next_data(&mut ws).await, Message::text("héllo wörld"));
    let bytes: Vec<u8> = (0..=255).collect();
    ws.send(Message::binary(bytes.clone())).await.unwrap();
    assert_eq!(next_data(&mut ws).await, Message::binary(bytes));
    send_text(&mut ws, "").await;
    assert_eq!(next_data(&mut ws).await, Message::text(""));
}

#[tokio::test]
async fn ping_gets_pong_and_json_ping_gets_json_pong() {
    let server = Server::start();
    let client = id("hb");
    let mut ws = server.connect(&client).await;
    send_text(&mut ws, "ping").await;
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));
    send_text(&mut ws, r#"{"type":"ping","t":12}"#).await;
    assert_eq!(
        next_data(&mut ws).await,
        Message::text(r#"{"type":"pong"}"#)
    );
    // Near misses are ordinary messages, echoed.
    send_text(&mut ws, "ping ").await;
    assert_eq!(next_data(&mut ws).await, Message::text("ping "));
    send_text(&mut ws, r#"{"type": "ping"}"#).await;
    assert_eq!(
        next_data(&mut ws).await,
        Message::text(r#"{"type": "ping"}"#)
    );
    let stats = server.stats(&client).await;
    assert_eq!(stats["pings"], 2);
    assert_eq!(
        stats["pongs"], 2,
        "both pongs were read here, so both were counted: {stats}"
    );
    assert_eq!(stats["received"], 2, "pings are not data: {stats}");
}

#[tokio::test]
async fn received_log_keeps_order_and_excludes_pings() {
    let server = Server::start();
    let client = id("log");
    let mut ws = server.connect(&client).await;
    for m in ["a", "ping", "b"] {
        send_text(&mut ws, m).await;
    }
    ws.send(Message::binary(vec![1u8, 2, 255])).await.unwrap();
    send_text(&mut ws, "c").await;
    server.wait_stat(&client, "received", 4).await;

    let text = server
        .control("received", &format!("client={client}"))
        .await;
    assert_eq!(text["messages"], serde_json::json!(["a", "b", "c"]));
    assert_eq!(text["truncated"], false);
    let all = server
        .control("received", &format!("client={client}&binary=1"))
        .await;
    assert_eq!(
        all["messages"],
        serde_json::json!(["a", "b", [1, 2, 255], "c"])
    );
    let stats = server.stats(&client).await;
    assert_eq!(stats["received_bytes"], 6);
    assert_eq!(
        server.control("count", &format!("client={client}")).await,
        serde_json::json!({"received": 4})
    );
}

#[tokio::test]
async fn received_log_without_client_merges_clients_in_arrival_order() {
    let server = Server::start();
    let (a, b) = (id("ma"), id("mb"));
    let mut wa = server.connect(&a).await;
    let mut wb = server.connect(&b).await;
    // Each send waits for its echo, so the arrival order at the server is fixed.
    for (on_a, text) in [(true, "1"), (false, "2"), (true, "3")] {
        let ws = if on_a { &mut wa } else { &mut wb };
        send_text(ws, text).await;
        next_data(ws).await;
    }
    let all = server.control("received", "").await;
    assert_eq!(all["messages"], serde_json::json!(["1", "2", "3"]));
    assert_eq!(server.control("count", "").await["received"], 3);
}

#[tokio::test]
async fn first_offered_subprotocol_is_accepted_and_any_origin_is_welcome() {
    let server = Server::start();
    let (mut ws, res) = server
        .connect_with(
            &id("proto"),
            &[
                ("sec-websocket-protocol", "chat.v2, chat.v1"),
                ("origin", "https://elsewhere.example"),
            ],
        )
        .await
        .expect("handshake");
    assert_eq!(res.headers()["sec-websocket-protocol"], "chat.v2");
    send_text(&mut ws, "x").await;
    assert_eq!(next_data(&mut ws).await, Message::text("x"));

    let (_ws, res) = server
        .connect_with(&id("noproto"), &[])
        .await
        .expect("handshake");
    assert!(res.headers().get("sec-websocket-protocol").is_none());
}

#[tokio::test]
async fn many_messages_are_all_counted_and_echoed() {
    let server = Server::start();
    let client = id("many");
    let mut ws = server.connect(&client).await;
    let n = 100_000u64;
    let payload = "m".repeat(64);
    let start = std::time::Instant::now();
    let (mut sink, mut stream) = futures_util::StreamExt::split(ws);
    let send = async {
        for _ in 0..n {
            sink.feed(Message::text(payload.clone())).await.unwrap();
        }
        sink.flush().await.unwrap();
        sink
    };
    let recv = async {
        let mut got = 0u64;
        while got < n {
            match futures_util::StreamExt::next(&mut stream).await {
                Some(Ok(Message::Text(t))) => {
                    assert_eq!(t.len(), 64);
                    got += 1;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        got
    };
    let (sink, got) = tokio::join!(send, recv);
    assert_eq!(got, n);
    server.wait_stat(&client, "received", n).await;
    eprintln!(
        "100,000 x 64 B sent, counted and echoed in {:?} (debug build)",
        start.elapsed()
    );
    ws = sink.reunite(stream).unwrap();
    ws.close(None).await.unwrap();
    let _ = next_within(&mut ws, Duration::from_secs(1)).await;
}
