//! The hot paths of the exports: a send and a received message, each one call (or none: the
//! allowances JS spends on its own, `src/api/allowance.js`). Results are bits; the rest goes
//! through the shared number buffer (`exports.rs` `IO`).

use wasm_bindgen::prelude::*;

use super::exports::{io, m};
use super::value::{self, Value};
use crate::core::{Delivery, Effect, Generation, SendError, SendOutcome};

/// Result bits of [`hs_send`] and [`hs_message`]: effects wait in `hs_poll`.
const EFFECTS: u32 = 4;
/// The earliest deadline came sooner, or appeared, or went: read `hs_deadline` again. One that
/// only moved later needs nothing (driver.js's timer goes off early, finds nothing due, and is
/// armed again).
const DEADLINE: u32 = 8;

fn moved(before: Option<u64>, after: Option<u64>) -> u32 {
    match (before, after) {
        (Some(b), Some(a)) if a >= b => 0,
        (None, None) => 0,
        _ => DEADLINE,
    }
}

#[wasm_bindgen(module = "/src/api/core.js")]
extern "C" {
    /// The driver's clock (ms, never decreasing), read only when the time matters: a send or a
    /// message reads it only for the heartbeat's sake, and most do not.
    #[wasm_bindgen(js_name = now)]
    fn clock() -> f64;
}

/// `send` of a message of size `bytes` (as [`Value::adopt`] takes it), given a new slot, which
/// JS finds in IO[2] afterwards (during the call, `utf8At` of that slot measures the message
/// being sent: core.js `incoming`). The low two bits say 0 queued (or dropped), 1 sent now,
/// 2 refused (queue full).
/// The common case, this message going out alone on the open socket, is answered here: its
/// generation and seq in IO[0], IO[1], no effect to poll, and in bits 4 and up how many of the
/// next messages JS may send itself on that socket (their bound in bytes in IO[3]; see
/// [`hs_direct`]). Else bit [`EFFECTS`] is set.
#[no_mangle]
pub extern "C" fn hs_send(p: u32, bytes: f64) -> u32 {
    let id = value::take();
    io()[2] = id.into();
    let machine = m(p);
    let before = machine.poll_timeout();
    let code = match machine.send(|| clock() as u64, Value::adopt(id, bytes)) {
        Ok(SendOutcome::Transmitted) => 1,
        Ok(SendOutcome::Queued | SendOutcome::Dropped) => 0,
        Err(SendError::QueueFull(_)) => 2,
    };
    let moved = moved(before, machine.poll_timeout());
    if code == 1 && machine.effects.len() == 1 {
        if let Some(Effect::Transmit { generation, seq, payload }) = machine.effects.front() {
            if payload.id() == id {
                let (g, o) = (*generation, io());
                (o[0], o[1]) = (f64::from(g.0), *seq as f64);
                o[2] = id.into();
                machine.effects.clear();
                let direct = match machine.direct_sends() {
                    Some((open, n, bytes)) if open == g => {
                        o[3] = bytes as f64;
                        n.min(DIRECT_MAX) << 4
                    }
                    _ => 0,
                };
                return code | moved | direct;
            }
        }
    }
    code | moved | if machine.effects.is_empty() { 0 } else { EFFECTS }
}

/// Most messages JS may send itself before it tells [`hs_direct`] (what IO holds).
const DIRECT_MAX: u32 = 1024;

/// `n` messages JS sent itself on the open socket (within what [`hs_send`] allowed), their sizes
/// in IO[0..n] as [`Value::adopt`] takes them, told before it feeds anything else: each is given
/// a slot, which JS finds in IO[i] afterwards.
#[no_mangle]
pub extern "C" fn hs_direct(p: u32, n: u32) {
    let machine = m(p);
    let o = io();
    for slot in o.iter_mut().take(n.min(DIRECT_MAX) as usize) {
        let id = value::take();
        machine.sent_directly(Value::adopt(id, *slot));
        *slot = id.into();
    }
}

/// Most messages JS may deliver without [`hs_message`] (the result's bits 4 and up).
const SKIP_MAX: u32 = 1 << 20;

/// A message that is not a pong, on socket `g`, after `skipped` messages JS delivered on it
/// without asking: bit 1 deliver it, plus [`DEADLINE`] when it settled the outstanding ping;
/// bits 4 and up: how many of the next messages on `g` JS may deliver without asking (until it
/// feeds anything else or a ping goes out: `Machine::skippable_messages`). The clock is read
/// only when the core needs the time (src/core/heartbeat.rs: not for most messages).
#[no_mangle]
pub extern "C" fn hs_message(p: u32, g: u32, skipped: u32) -> u32 {
    let machine = m(p);
    if skipped > 0 {
        machine.skipped_messages(skipped);
    }
    let r = match machine.message(Generation(g), || clock() as u64) {
        Delivery::Ignore => 0,
        Delivery::Deliver => 1,
        Delivery::DeliverTimersMoved => 1 | DEADLINE,
    };
    r | machine.skippable_messages().min(SKIP_MAX) << 4
}

/// `n` messages JS delivered without [`hs_message`], told before it feeds anything else.
#[no_mangle]
pub extern "C" fn hs_skipped(p: u32, n: u32) {
    m(p).skipped_messages(n);
}

