//! A tap on an instance's sockets, to judge its heartbeat verdicts by its own timeline instead
//! of by wall-clock margins.
//!
//! Rows that delay pongs used to assert "no close": true only if the machine scheduled the
//! server's delay, the network and the page fast enough. The tap records, in the page's event
//! order and on the product's clock (`performance.now()`), every ping the instance hands its
//! socket, every pong the socket hands the instance, and the `heartbeat` and `close` events
//! the instance dispatched in return. [`Tap::check`] then holds the product to what it alone
//! decides: a pong handed over while its ping was outstanding is accepted at once (a
//! `heartbeat` event in the same task), and a link is declared dead for a heartbeat only when
//! its ping got no pong before the verdict and the verdict came a full timeout after the ping.
//! How late a loaded machine made a pong decides only which of the two happened.
#![allow(dead_code)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::*;

#[wasm_bindgen(inline_js = r#"
// The browser's WebSocket behind the instance, with every ping sent and pong received logged.
// `PingTap.log` is shared by every socket (`sock` tells them apart), in dispatch order.
export class PingTap {
  constructor(url, protocols) {
    this.sock = (PingTap.sockets = (PingTap.sockets || 0) + 1);
    this.ws = protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
    this.ws.onopen = (e) => this.onopen && this.onopen(e);
    this.ws.onmessage = (e) => {
      PingTap.log.push({ kind: e.data === PingTap.pong ? 'pong' : 'msg', sock: this.sock, t: performance.now() });
      if (this.onmessage) this.onmessage(e);
    };
    this.ws.onclose = (e) => this.onclose && this.onclose(e);
    this.ws.onerror = (e) => this.onerror && this.onerror(e);
  }
  get readyState() { return this.ws.readyState; }
  get protocol() { return this.ws.protocol; }
  get bufferedAmount() { return this.ws.bufferedAmount; }
  get binaryType() { return this.ws.binaryType; }
  set binaryType(v) { this.ws.binaryType = v; }
  send(data) {
    if (data === PingTap.ping) PingTap.log.push({ kind: 'ping', sock: this.sock, t: performance.now() });
    this.ws.send(data);
  }
  close(code, reason) { this.ws.close(code, reason); }
}
PingTap.log = [];
PingTap.ping = 'ping';
PingTap.pong = 'pong';
export function ping_tap_ctor() { PingTap.log = []; return PingTap; }
export function ping_tap_note(kind, rtt, reason) {
  PingTap.log.push({ kind, t: performance.now(), rtt, reason });
}
export function ping_tap_log() { return PingTap.log.map((e) => [e.kind, e.sock || 0, e.t, e.rtt === undefined ? -1 : e.rtt, e.reason || '']); }
"#)]
extern "C" {
    fn ping_tap_ctor() -> JsValue;
    fn ping_tap_note(kind: &str, rtt: f64, reason: &str);
    fn ping_tap_log() -> js_sys::Array;
}

/// One line of the tap's log.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `ping`, `pong`, `msg` (any other message) on a socket; `heartbeat` or `close` (events
    /// of the instance); a mark ([`Tap::mark`]).
    pub kind: String,
    /// Which socket of the instance (1, 2…; 0 for events).
    pub sock: u32,
    /// `performance.now()` when it happened.
    pub t: f64,
    /// `heartbeat.rtt` (else -1).
    pub rtt: f64,
    /// `close.reason`.
    pub reason: String,
}

/// What the instance decided about its pings, as [`Tap::check`] found it.
#[derive(Debug, Default, PartialEq)]
pub struct Verdicts {
    /// Pings whose pong was accepted: when the ping went out, and the round-trip time the
    /// instance reported.
    pub accepted: Vec<(f64, f64)>,
    /// Pings declared dead ("heartbeat timeout") with no pong handed over before the verdict.
    pub dead: usize,
    /// Pings still outstanding at the end, or whose socket went for another reason.
    pub open: usize,
}

/// The tap of one instance (one at a time per page: the log is global).
pub struct Tap {
    _keep: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Tap {
    /// Sets option `WebSocket` of `o` to the tapped socket and clears the log.
    pub fn install(o: &JsValue) {
        set(o, "WebSocket", &ping_tap_ctor());
    }

    /// Logs `ws`'s `heartbeat` and `close` events beside the socket traffic.
    pub fn attach(ws: &WebSocketClass) -> Tap {
        let mut keep = Vec::new();
        for kind in ["heartbeat", "close"] {
            let c = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let rtt = get(&e, "rtt").as_f64().unwrap_or(-1.0);
                ping_tap_note(kind, rtt, &get(&e, "reason").as_string().unwrap_or_default());
            });
            ws.add_event_listener(s(kind).unchecked_into(), c.as_ref().clone().unchecked_into(), None).unwrap();
            keep.push(c);
        }
        Tap { _keep: keep }
    }

    /// Adds a mark to the log: `"hidden"` before the page goes hidden (the instance then forgets
    /// its outstanding ping, and so does [`check`]).
    pub fn mark(kind: &str) {
        ping_tap_note(kind, -1.0, "");
    }

    /// The log so far.
    pub fn log(&self) -> Vec<Entry> {
        ping_tap_log()
            .iter()
            .map(|row| {
                let a = js_sys::Array::from(&row);
                Entry {
                    kind: a.get(0).as_string().unwrap_or_default(),
                    sock: a.get(1).as_f64().unwrap_or(0.0) as u32,
                    t: a.get(2).as_f64().unwrap_or(f64::NAN),
                    rtt: a.get(3).as_f64().unwrap_or(-1.0),
                    reason: a.get(4).as_string().unwrap_or_default(),
                }
            })
            .collect()
    }

    /// Checks every heartbeat decision against the instance's own timeline (`timeout_ms`: its
    /// heartbeat timeout) and says what it decided; panics, with the log, on a wrong verdict.
    pub fn check(&self, timeout_ms: f64) -> Verdicts {
        check(&self.log(), timeout_ms).unwrap_or_else(|e| panic!("{e}"))
    }
}

/// [`Tap::check`] on a log: what the instance decided, or the first wrong verdict and the log.
pub fn check(log: &[Entry], timeout_ms: f64) -> Result<Verdicts, String> {
    let dump = || log.iter().map(|e| format!("{} #{} {:.1} {} {}", e.kind, e.sock, e.t, e.rtt, e.reason)).collect::<Vec<_>>().join("\n");
    let mut v = Verdicts::default();
    // The outstanding ping: (socket, when). Pings answer in order and only one is outstanding
    // at a time (the heartbeat never sends a second before the first is settled).
    let mut outstanding: Option<(u32, f64)> = None;
    let mut i = 0;
    while i < log.len() {
        let e = &log[i];
        match e.kind.as_str() {
            "ping" => {
                if outstanding.is_some() {
                    return Err(format!("a second ping while one was outstanding (entry {i}):\n{}", dump()));
                }
                outstanding = Some((e.sock, e.t));
            }
            "pong" => {
                // Answers the outstanding ping of its socket: the instance must accept it in the
                // same task, before anything else happens.
                if outstanding.is_some_and(|(s, _)| s == e.sock) {
                    let Some(next) = log.get(i + 1).filter(|n| n.kind == "heartbeat") else {
                        return Err(format!("a pong handed over while its ping was outstanding was not accepted (entry {i}):\n{}", dump()));
                    };
                    v.accepted.push((outstanding.unwrap().1, next.rtt));
                    outstanding = None;
                    i += 1;
                }
            }
            // With `resetOnMessage` (the default) any message settles the ping; its pong then
            // answers nothing.
            "msg" if outstanding.is_some_and(|(s, _)| s == e.sock) => outstanding = None,
            "hidden" => outstanding = None,
            "heartbeat" => return Err(format!("a heartbeat event with no pong just before it (entry {i}):\n{}", dump())),
            "close" => {
                if e.reason == "heartbeat timeout" {
                    let Some((_, sent)) = outstanding else {
                        return Err(format!("declared dead with no ping outstanding (entry {i}):\n{}", dump()));
                    };
                    // The tap logs the ping right after the instance read its clock to send it,
                    // and both clocks are performance.now() truncated by the instance: 1 ms slack.
                    if e.t - sent < timeout_ms - 1.0 {
                        let early = e.t - sent;
                        return Err(format!("declared dead {early:.1} ms after the ping, before its {timeout_ms} ms timeout (entry {i}):\n{}", dump()));
                    }
                    v.dead += 1;
                } else if outstanding.is_some() {
                    v.open += 1;
                }
                outstanding = None;
            }
            _ => {}
        }
        i += 1;
    }
    v.open += usize::from(outstanding.is_some());
    Ok(v)
}
