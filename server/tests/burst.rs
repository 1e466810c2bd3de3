//! `/control/burst`: content, indices and completeness of server pushes.

mod common;
use common::*;
use std::time::Instant;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn text_burst_numbers_every_message() {
    let server = Server::start();
    let client = id("bt");
    let mut ws = server.connect(&client).await;
    let n = 100_000;
    let start = Instant::now();
    let res = server
        .control("burst", &format!("client={client}&n={n}&size=64"))
        .await;
    assert_eq!(res["matched"], 1);
    for i in 0..n {
        let Message::Text(t) = next_data(&mut ws).await else {
            panic!("expected text")
        };
        assert_eq!(t.len(), 64);
        let (index, rest) = t.split_once(' ').unwrap();
        assert_eq!(index.parse::<u64>().unwrap(), i);
        assert!(rest.bytes().all(|b| b == b'x'));
    }
    eprintln!(
        "100,000 x 64 B text burst received in {:?} (debug build)",
        start.elapsed()
    );
    send_text(&mut ws, "after").await;
    assert_eq!(next_data(&mut ws).await, Message::text("after"));
}

#[tokio::test]
async fn binary_burst_carries_little_endian_indices() {
    let server = Server::start();
    let client = id("bb");
    let mut ws = server.connect(&client).await;
    let n = 2_000u32;
    let start = Instant::now();
    server
        .control(
            "burst",
            &format!("client={client}&n={n}&size=65536&binary=1"),
        )
        .await;
    for i in 0..n {
        let Message::Binary(b) = next_data(&mut ws).await else {
            panic!("expected binary")
        };
        assert_eq!(b.len(), 65536);
        assert_eq!(u32::from_le_bytes(b[..4].try_into().unwrap()), i);
    }
    eprintln!(
        "2,000 x 64 KiB binary burst received in {:?} (debug build)",
        start.elapsed()
    );
}

#[tokio::test]
async fn burst_goes_to_every_matching_connection_and_checks_its_size() {
    let server = Server::start();
    let (a, b) = (id("ba"), id("bx"));
    let mut wa1 = server.connect(&a).await;
    let mut wa2 = server.connect(&a).await;
    let mut wb = server.connect(&b).await;
    assert_eq!(
        server
            .control("burst", &format!("client={a}&n=3&size=5"))
            .await["matched"],
        2
    );
    for ws in [&mut wa1, &mut wa2] {
        for i in 0..3 {
            assert_eq!(next_data(ws).await, Message::text(format!("{i} xxx")));
        }
    }
    silent_for(&mut wb, std::time::Duration::from_millis(200)).await;
    for q in [
        "n=x",
        "size=1",
        "n=20000000",
        "n=100000&size=16777216",
        "n=1&binary=2",
    ] {
        let (status, _, _) = server.http("POST", &format!("/control/burst?{q}")).await;
        assert_eq!(status, 400, "{q}");
    }
}
