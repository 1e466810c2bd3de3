//! Every fault of the control API, seen from a real WebSocket client.

mod common;
use common::*;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::{self, Message};

#[tokio::test]
async fn drop_ends_the_connection_without_a_close_frame() {
    let server = Server::start();
    let client = id("drop");
    let mut ws = server.connect(&client).await;
    let res = server.control("drop", &format!("client={client}")).await;
    assert_eq!(res["matched"], 1);
    // Uncounted before the answer: no polling needed.
    assert_eq!(server.stats(&client).await["open"], 0);
    assert_eq!(ending(&mut ws).await, Ending::Abrupt);
    assert_eq!(
        server.control("drop", &format!("client={client}")).await["matched"],
        0
    );
}

#[tokio::test]
async fn close_sends_the_code_and_reason() {
    let server = Server::start();
    let client = id("close");
    let mut ws = server.connect(&client).await;
    let res = server
        .control(
            "close",
            &format!("client={client}&code=4001&reason=going%20away"),
        )
        .await;
    assert_eq!(res["matched"], 1);
    assert_eq!(server.stats(&client).await["open"], 0);
    assert_eq!(
        ending(&mut ws).await,
        Ending::CloseFrame(4001, "going away".into())
    );

    let mut ws = server.connect(&client).await;
    server.control("close", &format!("client={client}")).await;
    assert_eq!(
        ending(&mut ws).await,
        Ending::CloseFrame(1000, String::new())
    );
}

#[tokio::test]
async fn close_rejects_bad_codes_and_long_reasons() {
    let server = Server::start();
    for q in [
        "code=999",
        "code=5000",
        "code=x",
        &format!("reason={}", "r".repeat(124)),
    ] {
        let (status, _, body) = server.http("POST", &format!("/control/close?{q}")).await;
        assert_eq!(status, 400, "{q}: {}", String::from_utf8_lossy(&body));
    }
    let (status, _, _) = server
        .http(
            "POST",
            &format!("/control/close?reason={}", "r".repeat(123)),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn blackhole_silences_everything_but_keeps_reading() {
    let server = Server::start();
    let client = id("bh");
    let mut ws = server.connect(&client).await;
    server
        .control("blackhole", &format!("client={client}"))
        .await;
    send_text(&mut ws, "lost echo").await;
    send_text(&mut ws, "ping").await;
    silent_for(&mut ws, Duration::from_millis(300)).await;
    let stats = server.stats(&client).await;
    assert_eq!(
        (
            stats["open"].as_u64(),
            stats["received"].as_u64(),
            stats["pings"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );

    // A new connection of the same client is blackholed too.
    let mut ws2 = server.connect(&client).await;
    send_text(&mut ws2, "ping").await;
    silent_for(&mut ws2, Duration::from_millis(300)).await;

    // The client's close frame still ends the connection (and gets no reply).
    ws.close(None).await.unwrap();
    server.wait_stat(&client, "open", 1).await;
    assert_eq!(ending(&mut ws).await, Ending::Abrupt);
    // So does EOF.
    drop(ws2);
    server.wait_stat(&client, "open", 0).await;
    assert_eq!(server.stats(&client).await["max_open"], 2);
}

#[tokio::test]
async fn blackhole_with_ms_lifts_by_itself_and_reset_lifts_it_early() {
    let server = Server::start();
    let client = id("bhms");
    let mut ws = server.connect(&client).await;
    server
        .control("blackhole", &format!("client={client}&ms=300"))
        .await;
    send_text(&mut ws, "ping").await;
    silent_for(&mut ws, Duration::from_millis(150)).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    send_text(&mut ws, "ping").await;
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));

    server
        .control("blackhole", &format!("client={client}"))
        .await;
    send_text(&mut ws, "ping").await;
    silent_for(&mut ws, Duration::from_millis(200)).await;
    server.control("reset", &format!("client={client}")).await;
    send_text(&mut ws, "ping").await;
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));
}

#[tokio::test]
async fn delay_pong_delays_only_pongs() {
    let server = Server::start();
    let client = id("dp");
    let mut ws = server.connect(&client).await;
    server
        .control("delay-pong", &format!("client={client}&ms=500"))
        .await;
    let sent = Instant::now();
    send_text(&mut ws, "ping").await;
    send_text(&mut ws, "echo me").await;
    // The echo overtakes the delayed pong.
    assert_eq!(next_data(&mut ws).await, Message::text("echo me"));
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));
    assert!(
        sent.elapsed() >= Duration::from_millis(500),
        "pong came after {:?}",
        sent.elapsed()
    );

    server
        .control("delay-pong", &format!("client={client}&ms=0"))
        .await;
    send_text(&mut ws, "ping").await;
    send_text(&mut ws, "after").await;
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));
    assert_eq!(next_data(&mut ws).await, Message::text("after"));
    // Counted when handed to the writer, so each one read here was counted, delayed or not.
    assert_eq!(server.stats(&client).await["pongs"], 2);
}

fn status_of(err: tungstenite::Error) -> u16 {
    match err {
        tungstenite::Error::Http(res) => res.status().as_u16(),
        other => panic!("expected an HTTP error, got {other}"),
    }
}

#[tokio::test]
async fn refuse_answers_503_for_a_while() {
    let server = Server::start();
    let (client, other) = (id("refused"), id("welcome"));
    server
        .control("refuse", &format!("client={client}&ms=600"))
        .await;
    let err = server
        .connect_with(&client, &[])
        .await
        .expect_err("refused");
    assert_eq!(status_of(err), 503);
    server
        .connect_with(&other, &[])
        .await
        .expect("other clients are not refused");
    assert!(wait_until(|| async { server.connect_with(&client, &[]).await.is_ok() }).await);
    let stats = server.stats(&client).await;
    assert_eq!(
        stats["total"], 1,
        "refused upgrades are not connections: {stats}"
    );
}

#[tokio::test]
async fn slow_handshake_holds_the_upgrade() {
    let server = Server::start();
    let client = id("slow");
    server
        .control("slow-handshake", &format!("client={client}&ms=500"))
        .await;
    let started = Instant::now();
    let connecting = tokio::spawn({
        let url = server.ws_url(&client);
        async move {
            tokio_tungstenite::connect_async(url)
                .await
                .map(|(ws, _)| (ws, Instant::now()))
        }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.stats(&client).await["total"],
        0,
        "not counted while held"
    );
    let (_ws, opened) = connecting
        .await
        .unwrap()
        .expect("handshake completes after the hold");
    assert!(opened - started >= Duration::from_millis(500));
    assert_eq!(server.stats(&client).await["open"], 1);

    server
        .control("slow-handshake", &format!("client={client}&ms=0"))
        .await;
    server.connect(&client).await;
}

#[tokio::test]
async fn faults_stay_with_their_client() {
    let server = Server::start();
    let (a, b) = (id("a"), id("b"));
    let mut wa = server.connect(&a).await;
    let mut wb = server.connect(&b).await;

    server.control("blackhole", &format!("client={a}")).await;
    server
        .control("delay-pong", &format!("client={a}&ms=5000"))
        .await;
    send_text(&mut wb, "ping").await;
    assert_eq!(next_data(&mut wb).await, Message::text("pong"));
    assert_eq!(
        server.control("drop", &format!("client={a}")).await["matched"],
        1
    );
    assert_eq!(ending(&mut wa).await, Ending::Abrupt);
    send_text(&mut wb, "still here").await;
    assert_eq!(next_data(&mut wb).await, Message::text("still here"));
    assert_eq!(server.stats(&b).await["open"], 1);

    // Without `client`, a fault hits everyone.
    let mut wa = server.connect(&a).await;
    assert_eq!(server.control("drop", "").await["matched"], 2);
    assert_eq!(ending(&mut wa).await, Ending::Abrupt);
    assert_eq!(ending(&mut wb).await, Ending::Abrupt);
    server.control("refuse", "ms=60000").await;
    assert_eq!(
        status_of(server.connect_with(&b, &[]).await.expect_err("refused")),
        503
    );
    server.control("reset", "").await;
    server.connect(&b).await;
}

#[tokio::test]
async fn reconnecting_after_each_fault_never_shows_two_open() {
    let server = Server::start();
    let client = id("cycle");
    for round in 0..30 {
        let mut ws = server.connect(&client).await;
        send_text(&mut ws, "ping").await;
        assert_eq!(next_data(&mut ws).await, Message::text("pong"));
        match round % 3 {
            0 => drop(server.control("drop", &format!("client={client}")).await),
            1 => drop(
                server
                    .control("close", &format!("client={client}&code=1012"))
                    .await,
            ),
            _ => ws.close(None).await.unwrap(),
        }
        ending(&mut ws).await;
        // Reconnect at once, like a client with no backoff.
    }
    let stats = server.stats(&client).await;
    assert_eq!(
        (stats["max_open"].as_u64(), stats["total"].as_u64()),
        (Some(1), Some(30)),
        "{stats}"
    );
    server.wait_stat(&client, "open", 0).await;
}
