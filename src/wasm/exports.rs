//! The exports `src/api/driver.js` calls: one [`Machine`] per instance behind a number, inputs
//! and effects as numbers. Each export is a plain `extern "C"` wasm function of numbers, not a
//! `#[wasm_bindgen]` one: no shim, no glue wrapper, nothing in the `.d.ts`, no JS value held by
//! the wasm (the JS side reaches them through `wasm_bindgen::exports()`, see `js_class`); the few values that do not fit an argument or a result
//! go through two buffers JS reads and writes in place: [`IO`] (numbers) and [`TEXT`] (a close
//! reason as UTF-16). The numbering of inputs, effects and fields is written once, in the
//! tables below, and read by `src/api/core.js` (`IN`, `FX`), which says so.

use alloc::boxed::Box;
use alloc::string::String;
use core::cell::UnsafeCell;

use wasm_bindgen::prelude::*;

use super::value::{self, Value};
use crate::core::{
    Config, Effect, Event, Generation, HeartbeatConfig, Input, Machine, Overflow, PongMatcher,
    QueueConfig, ReconnectConfig,
};
use crate::core::wire::close_code;

type M = Machine<Value>;

/// A buffer JS and the wasm share; one thread, and never borrowed across a call.
struct Shared<T>(UnsafeCell<T>);
unsafe impl<T> Sync for Shared<T> {}

/// Numbers too many for arguments: the options of [`hs_new`] (layout in `config`), an effect's
/// fields ([`hs_poll`]), the counters ([`hs_stats`]). Long enough for the longest
/// `reconnect.stopOnCodes` options.js accepts (`MAX_LIST`, 1024).
static IO: Shared<[f64; 1056]> = Shared(UnsafeCell::new([0.0; 1056]));
/// A close reason, UTF-16 (a WebSocket close reason is at most 123 UTF-8 bytes; a longer one
/// from a host is cut here).
static TEXT: Shared<[u16; 256]> = Shared(UnsafeCell::new([0; 256]));

pub(super) fn io() -> &'static mut [f64; 1056] {
    // Single-threaded, and no reference outlives the export that took it.
    unsafe { &mut *IO.0.get() }
}

pub(super) fn m<'a>(p: u32) -> &'a mut M {
    // `p` is a pointer `hs_new` returned and `hs_drop` has not freed: driver.js holds it in one
    // private field, cleared on `free()`.
    unsafe { &mut *(p as *mut M) }
}

/// Where [`IO`] is in linear memory.
#[no_mangle]
pub extern "C" fn hs_io() -> u32 {
    IO.0.get() as u32
}

/// Where [`TEXT`] is in linear memory.
#[no_mangle]
pub extern "C" fn hs_text() -> u32 {
    TEXT.0.get() as u32
}

fn text_in(len: f64) -> String {
    let t = unsafe { &*TEXT.0.get() };
    let n = (len as usize).min(t.len());
    core::char::decode_utf16(t[..n].iter().copied()).map(|c| c.unwrap_or('\u{FFFD}')).collect()
}

/// Writes `s` into [`TEXT`]; returns its length in UTF-16 units.
fn text_out(s: &str) -> f64 {
    let t = unsafe { &mut *TEXT.0.get() };
    let mut n = 0;
    for u in s.encode_utf16().take(t.len()) {
        t[n] = u;
        n += 1;
    }
    n as f64
}

/// A new machine from the options in [`IO`], in this order (what options.js checked):
/// 0 heartbeat on, 1 interval, 2 timeout, 3 resetOnMessage, 4 reconnect on, 5 minDelay,
/// 6 maxDelay, 7 factor, 8 jitter, 9 maxRetries (-1 none), 10 connectTimeout (-1 none),
/// 11 minUptime, 12 queue.maxMessages, 13 queue.maxBytes, 14 overflow (0 error, 1 drop-oldest,
/// 2 drop-newest), 15 resend, 16 the number of stopOnCodes, then the codes.
#[no_mangle]
pub extern "C" fn hs_new(seed: f64) -> u32 {
    let o = io();
    let opt = |v: f64| (v >= 0.0).then_some(v as u32);
    let heartbeat = (o[0] != 0.0).then(|| HeartbeatConfig {
        interval_ms: o[1] as u32,
        timeout_ms: o[2] as u32,
        // The ping's text and the pong matcher live in JS, which sends and matches.
        message: String::new(),
        pong: PongMatcher::Predicate,
        reset_on_message: o[3] != 0.0,
    });
    let reconnect = (o[4] != 0.0).then(|| ReconnectConfig {
        min_delay_ms: o[5] as u32,
        max_delay_ms: o[6] as u32,
        factor: o[7],
        jitter: o[8],
        max_retries: opt(o[9]),
        connect_timeout_ms: opt(o[10]),
        min_uptime_ms: o[11] as u32,
        stop_on_codes: o[17..17 + (o[16] as usize).min(o.len() - 17)].iter().map(|c| *c as u16).collect(),
    });
    let queue = QueueConfig {
        max_messages: o[12] as u32,
        max_bytes: o[13] as u64,
        overflow: match o[14] as u8 {
            1 => Overflow::DropOldest,
            2 => Overflow::DropNewest,
            _ => Overflow::Error,
        },
        resend: o[15] != 0.0,
    };
    match M::new(Config { heartbeat, reconnect, queue }, seed as u64) {
        Ok(machine) => Box::into_raw(Box::new(machine)) as u32,
        Err(_) => 0,
    }
}

/// Frees a machine (after [`hs_free`] reported what it held).
#[no_mangle]
pub extern "C" fn hs_drop(p: u32) {
    drop(unsafe { Box::from_raw(p as *mut M) });
}

/// `free()`: a close that cannot wait; the unconfirmed and queued messages come out as `Drop`
/// events ([`hs_poll`]).
#[no_mangle]
pub extern "C" fn hs_free(p: u32) {
    m(p).free();
}

/// Feeds input `kind` (core.js `IN`; a message is a slot from `hs_slot` with its size as
/// `Value::adopt` takes it): 0 connect (a: message slot or 0, b: size), 1 reconnect,
/// 2 close (a: code, b: reason length in TEXT), 3 socket opened (a: generation, b: open message
/// slot or 0, c: size), 4 socket message (a: generation, b: is pong), 5 socket error
/// (a: generation), 6 socket closed (a: generation, b: code as reported, c: reason length × 8 +
/// 1 clean + 2 hook answered + 4 hook said reconnect), 7 send failed (a: generation, b: seq,
/// c: message slot), 8 send rejected (a: size, b: seq, c: message slot), 9 online, 10 offline,
/// 11 hidden, 12 visible.
#[no_mangle]
pub extern "C" fn hs_input(p: u32, now: f64, kind: u32, a: f64, b: f64, c: f64) {
    let g = Generation(a as u32);
    let value = |id: f64, bytes: f64| (id > 0.0).then(|| Value::adopt(id as u32, bytes));
    let input = match kind {
        0 => Input::Connect { data: value(a, b) },
        1 => Input::Reconnect,
        2 => Input::Close { code: a as u16, reason: text_in(b) },
        3 => Input::SocketOpened { generation: g, open_message: value(b, c) },
        4 => Input::SocketMessage { generation: g, is_pong: b != 0.0 },
        5 => Input::SocketError { generation: g },
        6 => {
            let flags = c as u32;
            Input::SocketClosed {
                generation: g,
                code: close_code((!b.is_nan()).then_some(b)),
                reason: text_in(f64::from(flags >> 3)),
                was_clean: flags & 1 != 0,
                should_reconnect: (flags & 2 != 0).then_some(flags & 4 != 0),
            }
        }
        7 => Input::SendFailed { generation: g, seq: b as u64, payload: Value::adopt(c as u32, 0.0) },
        8 => Input::SendRejected { seq: b as u64, payload: Value::adopt(c as u32, a) },
        9 => Input::Online,
        10 => Input::Offline,
        11 => Input::Hidden,
        _ => Input::Visible,
    };
    m(p).handle(now as u64, input);
}

/// The host timer went off: every due deadline is handled.
#[no_mangle]
pub extern "C" fn hs_timeout(p: u32, now: f64) {
    m(p).handle_timeout(now as u64);
}

/// The earliest deadline (ms, on JS's clock), -1 for none.
#[no_mangle]
pub extern "C" fn hs_deadline(p: u32) -> f64 {
    m(p).poll_timeout().map_or(-1.0, |t| t as f64)
}

/// `readyState` (0-3).
#[no_mangle]
pub extern "C" fn hs_ready(p: u32) -> u32 {
    m(p).ready_state() as u32
}

/// The generation of the socket the core uses or waits on, -1 for none.
#[no_mangle]
pub extern "C" fn hs_current(p: u32) -> f64 {
    m(p).current_generation().map_or(-1.0, |g| f64::from(g.0))
}

/// The counters into IO[0..10]: reconnects, lastRtt (-1 none), queued, queuedBytes, sent,
/// received, dropped, confirmed, unconfirmed, resent.
#[no_mangle]
pub extern "C" fn hs_stats(p: u32) {
    let s = m(p).stats();
    let o = io();
    o[0] = s.reconnects.into();
    o[1] = s.last_rtt_ms.map_or(-1.0, |r| r as f64);
    o[2] = s.queued.into();
    o[3] = s.queued_bytes as f64;
    o[4] = s.sent as f64;
    o[5] = s.received as f64;
    o[6] = s.dropped as f64;
    o[7] = s.confirmed as f64;
    o[8] = s.unconfirmed.into();
    o[9] = s.resent as f64;
}

/// A slot for a message JS is about to hand over (in `hs_send` or an input); JS keeps the value
/// under it until `hs_freed` returns it.
#[no_mangle]
pub extern "C" fn hs_slot() -> u32 {
    value::take()
}

/// Slots whose values JS may let go of: up to 1,024 of them into IO, their number returned (JS
/// calls again while it gets a full batch).
#[no_mangle]
pub extern "C" fn hs_freed() -> u32 {
    let o = io();
    let mut n = 0;
    while n < o.len() {
        match value::freed() {
            0 => break,
            id => o[n] = id.into(),
        }
        n += 1;
    }
    n as u32
}

/// The next effect (core.js `FX`), its fields in IO; 0 when none. Socket effects:
/// 1 open (0: generation), 2 close (0: generation, 1: code, 2: reason length in TEXT),
/// 3 release (0: generation), 4 transmit (0: generation, 1: seq, 2: message id),
/// 5 ping (0: generation). Events: 10 open (0: attempt), 11 message, 12 error, 13 close
/// (0: code, 1: reason length, 2: clean, 3: will reconnect), 14 reconnecting (0: attempt,
/// 1: delay), 15 giveup (0: attempts), 16 heartbeat (0: rtt), 17 drop (0: message id,
/// 1: reason length in TEXT).
#[no_mangle]
pub extern "C" fn hs_poll(p: u32) -> u32 {
    let o = io();
    let Some(effect) = m(p).poll() else { return 0 };
    let gen = |g: Generation| f64::from(g.0);
    match effect {
        Effect::OpenSocket { generation } => {
            o[0] = gen(generation);
            1
        }
        Effect::CloseSocket { generation, code, reason } => {
            (o[0], o[1], o[2]) = (gen(generation), code.into(), text_out(&reason));
            2
        }
        Effect::ReleaseSocket { generation } => {
            o[0] = gen(generation);
            3
        }
        Effect::Transmit { generation, seq, payload } => {
            (o[0], o[1], o[2]) = (gen(generation), seq as f64, payload.id().into());
            4
        }
        Effect::Ping { generation } => {
            o[0] = gen(generation);
            5
        }
        Effect::Emit(event) => match event {
            Event::Open { attempt } => {
                o[0] = attempt.into();
                10
            }
            Event::Message => 11,
            Event::Error => 12,
            Event::Close { code, reason, was_clean, will_reconnect } => {
                (o[0], o[1]) = (code.into(), text_out(&reason));
                (o[2], o[3]) = (f64::from(u8::from(was_clean)), f64::from(u8::from(will_reconnect)));
                13
            }
            Event::Reconnecting { attempt, delay_ms } => {
                (o[0], o[1]) = (attempt.into(), delay_ms.into());
                14
            }
            Event::GiveUp { attempts } => {
                o[0] = attempts.into();
                15
            }
            Event::Heartbeat { rtt_ms } => {
                o[0] = rtt_ms as f64;
                16
            }
            Event::Drop { payload, reason } => {
                (o[0], o[1]) = (payload.id().into(), text_out(reason.as_str()));
                17
            }
        },
    }
}

#[wasm_bindgen(module = "/src/api/class.js")]
extern "C" {
    /// Hands the class the wasm's exports and memory (idempotent); returns the class.
    fn install(exports: JsValue, memory: JsValue, debug: bool) -> JsValue;
}

/// Installs the class when the module is instantiated (the glue calls this).
#[wasm_bindgen(start)]
fn start() {
    js_class();
}

/// The JS class `WebSocketClass` (the very class pkg/ exports), ready to construct; for Rust
/// callers (the browser tests drive the shipped class through it).
pub fn js_class() -> js_sys::Function {
    use wasm_bindgen::JsCast;
    install(wasm_bindgen::exports(), wasm_bindgen::memory(), cfg!(feature = "debug")).unchecked_into()
}

