//! Delivery on silent faults (issue 10), against the real server: messages sent into a link that
//! is dead but not yet known to be (a blackhole, a TCP reset the page has not heard of) are
//! resent after the next login (`queue.resend: true`) or reported `unconfirmed`, before that
//! link's `close` — never lost without a word. Confirmed messages are never sent again, and a
//! steady stream of echoes does not hold confirmation back. Every row ends in `Row::finish`.
#![cfg(target_arch = "wasm32")]

mod web;
mod web_faults;

use wasm_bindgen_test::*;
use web::*;
use web_faults::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(resend: bool) -> String {
    format!(
        r#"{{"openMessage":"login","heartbeat":{{"interval":300,"timeout":400}},
            "reconnect":{{"minDelay":50,"maxDelay":200,"connectTimeout":2000}},"queue":{{"resend":{resend}}}}}"#
    )
}

/// The server's log of this row's client from the last `login` on (the latest link), once the
/// server has read the logins of `links` links.
async fn last_link(row: &Row) -> Vec<String> {
    let links = row.rec.count("open");
    let t0 = now_ms();
    let mut all = received(&row.id).await;
    while all.iter().filter(|m| *m == "login").count() < links && now_ms() - t0 < 5000.0 {
        sleep(20).await;
        all = received(&row.id).await;
    }
    let at = all.iter().rposition(|m| m == "login").expect("a login on the server");
    all[at + 1..].to_vec()
}

/// The link is dead (fault already injected); sends `n` messages while the page still thinks it
/// is open, and returns those that went out on it (`send` returned true).
fn send_into_the_dead_link(row: &Row, n: usize) -> Vec<String> {
    let mut on_dead_link = Vec::new();
    for _ in 0..n {
        if row.send() == Some(true) {
            on_dead_link.push(row.sent.borrow().last().unwrap().clone());
        }
    }
    on_dead_link
}

/// Checks a row after a silent fault: with resend, the messages sent into the dead link come
/// first on the next link, right after the login, in send order, and nothing is dropped;
/// without, each is reported `unconfirmed`, in send order, before the first `close` event.
async fn check_settled(row: &Row, resend: bool, doubtful: &[String]) {
    if resend {
        // Confirmed on the new link: the server read the copies there.
        row.wait_confirmed(10_000).await;
        let next = last_link(row).await;
        assert_eq!(next[..doubtful.len()], doubtful[..], "{}: resent right after the login, in order", row.name);
        assert!(row.drops().is_empty(), "{}: nothing reported with resend: {:?}", row.name, row.drops());
        assert_eq!(row.stat("resent"), doubtful.len() as f64);
    } else {
        let drops = row.drops();
        let expected: Vec<(String, String)> = doubtful.iter().map(|m| (m.clone(), "unconfirmed".into())).collect();
        assert_eq!(drops, expected, "{}: each reported unconfirmed, in send order", row.name);
        let kinds = row.rec.kinds();
        let last_drop = kinds.iter().rposition(|k| k == "drop").unwrap();
        let first_close = kinds.iter().position(|k| k == "close").unwrap();
        assert!(last_drop < first_close, "{}: drops before the close event: {kinds:?}", row.name);
        let next = last_link(row).await;
        assert!(doubtful.iter().all(|m| !next.contains(m)), "{}: not resent: {next:?}", row.name);
        assert_eq!(row.stat("resent"), 0.0);
    }
}

async fn blackhole_row(resend: bool) {
    let row = Row::new(&format!("delivery-blackhole-{resend}"), &options(resend));
    row.open().await;
    row.send_n(3);
    row.wait_confirmed(5000).await;
    assert_eq!(row.stat("confirmed"), 3.0);
    // Hidden while the link goes silent: no ping, so no verdict, until the page is shown again
    // (a ping sent just before the fault could otherwise be judged before the sends below, if
    // the control call outlasted its timeout on a loaded machine).
    set_visibility("hidden");
    row.fault("blackhole", &[]).await;
    let doubtful = send_into_the_dead_link(&row, 3);
    assert_eq!(doubtful.len(), 3, "the page cannot know yet: send() says sent");
    set_visibility("visible"); // the probe on return goes unanswered: that is the verdict
    row.rec.wait("close", 1, 5000).await;
    assert_eq!(closes(&row.rec)[0].1, "heartbeat timeout");
    row.fault("blackhole", &[("ms", "0")]).await;
    row.opened(2).await;
    check_settled(&row, resend, &doubtful).await;
    row.send_n(2);
    let p = row.finish().await;
    assert_eq!(p.sent, 8);
}

#[wasm_bindgen_test]
async fn blackholed_sends_are_resent_after_the_login_with_resend() {
    blackhole_row(true).await;
}

#[wasm_bindgen_test]
async fn blackholed_sends_are_reported_unconfirmed_without_resend() {
    blackhole_row(false).await;
}

async fn reset_row(resend: bool) {
    let row = Row::new(&format!("delivery-reset-{resend}"), &options(resend));
    row.open().await;
    let mut doubtful = Vec::new();
    let mut surely = Vec::new();
    for round in 1..=3 {
        row.wait_confirmed(5000).await;
        // Sent a moment before the server cuts TCP, and racing the page learning of it: the page
        // hears of the reset milliseconds later. Hidden meanwhile, so no ping goes out and these
        // two are surely unconfirmed when the link dies (visible, a ping could confirm them
        // during the control call, if it outlasted the interval on a loaded machine).
        set_visibility("hidden");
        row.send_n(2);
        surely.extend(row.sent.borrow()[row.sent.borrow().len() - 2..].iter().cloned());
        doubtful.extend(row.sent.borrow()[row.sent.borrow().len() - 2..].iter().cloned());
        row.fault("drop", &[]).await;
        doubtful.extend(send_into_the_dead_link(&row, 2));
        row.opened(round + 1).await;
        set_visibility("visible"); // the probe confirms what the new link carried
    }
    row.wait_confirmed(10_000).await;
    // Each message in doubt ended one way: confirmed (a pong beat the reset), resent or reported.
    let drops: Vec<String> = row.drops().into_iter().map(|(m, _)| m).collect();
    let resent = row.stat("resent") as usize;
    if resend {
        assert!(drops.is_empty(), "nothing reported with resend: {drops:?}");
        assert!(resent >= surely.len() && resent <= doubtful.len(), "{resent} resent of {} in doubt ({} surely)", doubtful.len(), surely.len());
    } else {
        assert_eq!(resent, 0);
        assert!(surely.iter().all(|m| drops.contains(m)), "each message surely in doubt is reported: {drops:?}, {surely:?}");
        assert!(drops.iter().all(|m| doubtful.contains(m)), "only messages in doubt reported: {drops:?}");
        let order: Vec<&String> = doubtful.iter().filter(|m| drops.contains(m)).collect();
        assert_eq!(drops.iter().collect::<Vec<_>>(), order, "reported in send order");
    }
    let p = row.finish().await;
    assert_eq!(p.sent, 12);
    wasm_bindgen_test::console_log!(
        "reset resend={resend}: {} in doubt, {resent} resent, {} reported",
        doubtful.len(),
        drops.len()
    );
}

#[wasm_bindgen_test]
async fn sends_racing_a_tcp_reset_are_resent_with_resend() {
    reset_row(true).await;
}

#[wasm_bindgen_test]
async fn sends_racing_a_tcp_reset_are_reported_without_resend() {
    reset_row(false).await;
}

#[wasm_bindgen_test]
async fn confirmed_messages_are_never_sent_again_after_a_later_drop() {
    let row = Row::new("delivery-confirmed", &options(true));
    row.open().await;
    row.send_n(3);
    row.wait_confirmed(5000).await;
    row.fault("drop", &[]).await;
    row.opened(2).await;
    row.send_n(1);
    row.wait_delivered(5000).await;
    let got = row.server_got().await;
    assert_eq!(got, ["m1", "m2", "m3", "m4"], "nothing confirmed is resent");
    assert_eq!(row.stat("resent"), 0.0);
    row.finish().await;
}

#[wasm_bindgen_test]
async fn a_steady_stream_of_echoes_does_not_hold_confirmation_back() {
    // Each send is echoed at once, so with resetOnMessage the heartbeat alone would never ping.
    let row = Row::new("delivery-stream", r#"{"heartbeat":{"interval":300,"timeout":2000,"resetOnMessage":true}}"#);
    row.open().await;
    // Counted, not timed: the stream goes on until something was confirmed (bounded at 400
    // sends, 20 s); how many sends that took depends on this machine, and is only reported.
    // (No `heartbeat` event need come: an echo settles the ping first, and its pong then only
    // confirms.)
    let mut n = 0;
    while row.stat("confirmed") == 0.0 {
        assert!(n < 400, "400 echoes every 50 ms and nothing confirmed: the stream held confirmation back");
        row.send();
        n += 1;
        sleep(50).await;
    }
    row.send_n(5);
    row.wait_confirmed(5000).await;
    assert_eq!(row.stat("confirmed"), (n + 5) as f64);
    let p = row.finish().await;
    assert_eq!((p.sent, p.delivered, p.dropped), (n + 5, n + 5, 0));
    wasm_bindgen_test::console_log!("stream: first confirmation after {n} sends");
}
