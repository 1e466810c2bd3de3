//! The HTTP control API under `/control/` (contract: `docs/SERVER.md`).
//!
//! Every endpoint answers at once. `drop` and `close` uncount the matched connections before
//! answering, so a `/control/stats` issued after them already sees them gone.

use crate::http::{json_error, json_response, Body, Query};
use crate::registry::{Out, Shared};
use crate::stats::{Received, Snapshot};
use hyper::{Response, StatusCode};
use serde_json::{json, Value};

/// Largest burst accepted, in messages and in total bytes: enough for any benchmark, small
/// enough that a typo cannot make the server allocate without bound.
const MAX_BURST_N: u64 = 10_000_000;
const MAX_BURST_BYTES: u64 = 4 << 30;
/// Largest single burst message (browsers take more; tungstenite clients default to 16 MiB).
const MAX_BURST_SIZE: u64 = 16 << 20;
/// A close reason is at most 123 UTF-8 bytes (RFC 6455 §5.5).
const MAX_REASON_BYTES: usize = 123;

type Answer = Result<Value, String>;

/// Handles `/control/{name}`.
pub fn handle(shared: &Shared, name: &str, q: &Query) -> Response<Body> {
    let client = q.get("client");
    let answer = match name {
        "drop" => Ok(drop_conns(shared, client)),
        "close" => close(shared, client, q),
        "blackhole" => number(q, "ms").map(|ms| {
            let now = shared.clock.now_ms();
            with_faults(shared, client, |f| f.set_blackhole(now, ms))
        }),
        "delay-pong" => {
            required(q, "ms").map(|ms| with_faults(shared, client, |f| f.set_delay_pong(ms)))
        }
        "refuse" => required(q, "ms").map(|ms| {
            let now = shared.clock.now_ms();
            with_faults(shared, client, |f| f.set_refuse(now, ms))
        }),
        "slow-handshake" => {
            required(q, "ms").map(|ms| with_faults(shared, client, |f| f.set_slow_handshake(ms)))
        }
        "burst" => burst(shared, client, q),
        "stats" => Ok(stats(shared, client).to_json()),
        "received" => flag(q, "binary").map(|binary| received(shared, client, binary)),
        "count" => Ok(json!({ "received": count(shared, client) })),
        "reset" => {
            shared.reset(client);
            Ok(json!({ "ok": true }))
        }
        _ => {
            return json_error(
                StatusCode::NOT_FOUND,
                &format!("no control endpoint {name:?}"),
            )
        }
    };
    match answer {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(message) => json_error(StatusCode::BAD_REQUEST, &message),
    }
}

/// Optional unsigned integer argument.
fn number(q: &Query, key: &str) -> Result<Option<u64>, String> {
    q.get(key)
        .map(|v| {
            v.parse::<u64>()
                .map_err(|_| format!("{key} must be an unsigned integer, got {v:?}"))
        })
        .transpose()
}

/// Required unsigned integer argument.
fn required(q: &Query, key: &str) -> Result<u64, String> {
    number(q, key)?.ok_or_else(|| format!("{key} is required"))
}

/// Boolean argument: `0`/`1`/`false`/`true`, absent = false.
fn flag(q: &Query, key: &str) -> Result<bool, String> {
    match q.get(key) {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(v) => Err(format!("{key} must be 0 or 1, got {v:?}")),
    }
}

/// Applies a lasting fault to the client's scope, or server-wide without `client`.
fn with_faults(
    shared: &Shared,
    client: Option<&str>,
    set: impl FnOnce(&crate::faults::Faults),
) -> Value {
    match client {
        Some(name) => set(&shared.client(name).faults),
        None => set(&shared.global_faults),
    }
    json!({ "ok": true })
}

fn drop_conns(shared: &Shared, client: Option<&str>) -> Value {
    let mut matched = 0;
    for conn in shared.connections(client) {
        if conn.live.end() {
            conn.kill.notify_one();
            matched += 1;
        }
    }
    json!({ "ok": true, "matched": matched })
}

fn close(shared: &Shared, client: Option<&str>, q: &Query) -> Answer {
    let code = number(q, "code")?.unwrap_or(1000);
    let code = u16::try_from(code)
        .ok()
        .filter(|c| (1000..=4999).contains(c))
        .ok_or_else(|| format!("code must be within 1000..=4999, got {code}"))?;
    let reason = q.get("reason").unwrap_or("");
    if reason.len() > MAX_REASON_BYTES {
        return Err(format!(
            "reason must be at most {MAX_REASON_BYTES} UTF-8 bytes, got {}",
            reason.len()
        ));
    }
    let mut matched = 0;
    for conn in shared.connections(client) {
        // Uncounted as the close frame is queued: the client may reconnect as soon as it reads it.
        if conn.live.end() {
            let _ = conn.out.send(Out::Close {
                code,
                reason: reason.to_owned(),
            });
            matched += 1;
        }
    }
    Ok(json!({ "ok": true, "matched": matched }))
}

fn burst(shared: &Shared, client: Option<&str>, q: &Query) -> Answer {
    let n = required(q, "n")?;
    let size = number(q, "size")?.unwrap_or(64);
    let binary = flag(q, "binary")?;
    if n > MAX_BURST_N || size > MAX_BURST_SIZE || n.saturating_mul(size) > MAX_BURST_BYTES {
        return Err(format!(
            "burst too large: n ≤ {MAX_BURST_N}, size ≤ {MAX_BURST_SIZE}, n × size ≤ {MAX_BURST_BYTES}"
        ));
    }
    let size = usize::try_from(size).map_err(|_| "size does not fit in memory".to_owned())?;
    let mut matched = 0;
    for conn in shared.connections(client) {
        if conn.out.send(Out::Burst { n, size, binary }).is_ok() {
            matched += 1;
        }
    }
    Ok(json!({ "ok": true, "matched": matched }))
}

/// One client's counters, or everyone's: sums, except that `open`/`max_open` are the
/// server-wide concurrency (the true peak, not a sum of per-client peaks).
fn stats(shared: &Shared, client: Option<&str>) -> Snapshot {
    let clients = shared.clients(client);
    if client.is_some() {
        return clients
            .first()
            .map(|c| c.stats.snapshot())
            .unwrap_or_default();
    }
    let mut sum = Snapshot::default();
    for c in &clients {
        let s = c.stats.snapshot();
        sum.total += s.total;
        sum.received += s.received;
        sum.received_bytes += s.received_bytes;
        sum.pings += s.pings;
        sum.pongs += s.pongs;
    }
    (sum.open, sum.max_open) = shared.concurrency.get();
    sum
}

fn count(shared: &Shared, client: Option<&str>) -> u64 {
    shared
        .clients(client)
        .iter()
        .map(|c| c.stats.received())
        .sum()
}

/// The received log, merged across clients in arrival order when `client` is absent.
fn received(shared: &Shared, client: Option<&str>, binary: bool) -> Value {
    let mut entries = Vec::new();
    let mut truncated = false;
    for c in shared.clients(client) {
        truncated |= c.stats.collect(binary, &mut entries);
    }
    entries.sort_unstable_by_key(|(seq, _)| *seq);
    let messages: Vec<Value> = entries
        .into_iter()
        .map(|(_, m)| match m {
            Received::Text(t) => Value::String(t.as_str().to_owned()),
            Received::Binary(b) => Value::Array(b.iter().map(|&x| Value::from(x)).collect()),
        })
        .collect();
    json!({ "messages": messages, "truncated": truncated })
}
