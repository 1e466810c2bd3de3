//! Counters, reset, static files, headers, and the process contract (listening line, signals).

mod common;
use common::*;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn stats_count_open_max_open_and_total() {
    let server = Server::start();
    let client = id("st");
    let w1 = server.connect(&client).await;
    let mut w2 = server.connect(&client).await;
    let stats = server.stats(&client).await;
    assert_eq!(
        (
            stats["open"].as_u64(),
            stats["max_open"].as_u64(),
            stats["total"].as_u64()
        ),
        (Some(2), Some(2), Some(2))
    );
    drop(w1);
    server.wait_stat(&client, "open", 1).await;
    assert_eq!(server.stats(&client).await["max_open"], 2);

    // Server-wide: the true peak of concurrent connections, sums of the rest.
    let other = server.connect(&id("st-other")).await;
    let all = server.stats("").await;
    assert_eq!(
        (
            all["open"].as_u64(),
            all["max_open"].as_u64(),
            all["total"].as_u64()
        ),
        (Some(2), Some(2), Some(3))
    );
    drop(other);

    // Reset forgets history but not the connection still open.
    send_text(&mut w2, "x").await;
    next_data(&mut w2).await;
    server.control("reset", &format!("client={client}")).await;
    let stats = server.stats(&client).await;
    assert_eq!(
        (
            stats["open"].as_u64(),
            stats["max_open"].as_u64(),
            stats["total"].as_u64(),
            stats["received"].as_u64()
        ),
        (Some(1), Some(1), Some(0), Some(0)),
        "{stats}"
    );
    assert_eq!(
        server
            .control("received", &format!("client={client}"))
            .await["messages"],
        serde_json::json!([])
    );
    w2.close(None).await.unwrap();
    server.wait_stat(&client, "open", 0).await;
    assert_eq!(server.stats("unknown-client").await["total"], 0);
}

#[tokio::test]
async fn reset_all_clears_every_client_and_global_fault() {
    let server = Server::start();
    let client = id("ra");
    let mut ws = server.connect(&client).await;
    send_text(&mut ws, "before").await;
    next_data(&mut ws).await;
    server.control("delay-pong", "ms=100000").await;
    server.control("reset", "").await;
    send_text(&mut ws, "ping").await;
    assert_eq!(next_data(&mut ws).await, Message::text("pong"));
    let stats = server.stats(&client).await;
    assert_eq!(
        (stats["open"].as_u64(), stats["received"].as_u64()),
        (Some(1), Some(0))
    );
}

#[tokio::test]
async fn control_endpoints_answer_get_and_post_with_json_and_reject_the_rest() {
    let server = Server::start();
    for method in ["GET", "POST"] {
        let (status, head, body) = server.http(method, "/control/stats").await;
        assert_eq!(status, 200);
        assert!(head.contains("content-type: application/json"));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        for field in ["open", "max_open", "total", "received", "received_bytes"] {
            assert!(v[field].is_u64(), "{field} in {v}");
        }
    }
    assert_eq!(server.http("PUT", "/control/stats").await.0, 405);
    assert_eq!(server.http("POST", "/control/nope").await.0, 404);
    assert_eq!(server.http("POST", "/control/delay-pong").await.0, 400);
    assert_eq!(server.http("POST", "/control/refuse?ms=-1").await.0, 400);
    assert_eq!(server.http("GET", "/ws").await.0, 426);
    let (status, head, _) = server.http("OPTIONS", "/control/drop").await;
    assert_eq!(status, 204);
    assert!(head.contains("access-control-allow-methods"));
}

fn temp_root() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hs-server-test-{}", std::process::id()));
    for (path, body) in [
        ("www/index.html", "<h1>demo</h1>"),
        ("www/app.mjs", "export {}"),
        ("pkg/heartsocket_bg.wasm", "\0asm"),
        ("pkg/heartsocket.js", "export default 1"),
        ("bench/page.html", "bench"),
        ("secret.txt", "no"),
    ] {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    dir
}

#[tokio::test]
async fn static_files_have_their_types_and_every_response_the_isolation_headers() {
    let root = temp_root();
    let server = Server::start_with_root(&root);
    let cases = [
        ("/www/", 200, Some("text/html")),
        ("/www/app.mjs", 200, Some("text/javascript")),
        ("/pkg/heartsocket_bg.wasm", 200, Some("application/wasm")),
        ("/pkg/heartsocket.js", 200, Some("text/javascript")),
        ("/bench/page.html", 200, Some("text/html")),
        ("/", 302, None),
        ("/www", 302, None),
        ("/secret.txt", 404, None),
        ("/www/../secret.txt", 404, None),
        ("/www/%2e%2e/secret.txt", 404, None),
        ("/www/missing.js", 404, None),
        ("/control/stats", 200, Some("application/json")),
    ];
    for (path, want, mime) in cases {
        let (status, head, body) = server.http("GET", path).await;
        assert_eq!(status, want, "{path}");
        if let Some(mime) = mime {
            assert!(
                head.contains(&format!("content-type: {mime}")),
                "{path}: {head}"
            );
        }
        for h in [
            "access-control-allow-origin: *",
            "cross-origin-opener-policy: same-origin",
            "cross-origin-embedder-policy: require-corp",
            "cross-origin-resource-policy: cross-origin",
            "cache-control: no-store",
        ] {
            assert!(head.contains(h), "{path} lacks {h}: {head}");
        }
        if path == "/www/" {
            assert_eq!(body, b"<h1>demo</h1>");
        }
    }
    assert!(server.http("GET", "/").await.1.contains("location: /www/"));
    assert!(server
        .http("GET", "/www")
        .await
        .1
        .contains("location: /www/"));
    drop(server);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn announces_its_port_and_exits_cleanly_on_sigterm_and_sigint() {
    for signal in ["-TERM", "-INT"] {
        let mut server = Server::start();
        assert!(
            server
                .line
                .starts_with("heartsocket-server listening on http://127.0.0.1:"),
            "{}",
            server.line
        );
        assert_ne!(server.addr, "127.0.0.1:0");
        let mut ws = server.connect(&id("sig")).await;
        send_text(&mut ws, "x").await;
        next_data(&mut ws).await;
        let killed = std::process::Command::new("kill")
            .args([signal, &server.pid().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = server.wait_exit(PATIENCE).expect("exits");
        assert!(status.success(), "{signal}: {status:?}");
    }
}
