//! A user message as the core holds it: the slot under which JS keeps the value, and its size.
//!
//! The core clones a message it hands to a socket (one copy goes out in the `Transmit` effect,
//! one stays in flight until a pong confirms it), so slots are reference-counted here: when the
//! last copy is dropped the slot goes on the freed list, which JS drains (`hs_freed`) to let go of
//! the value. So a value JS keeps is exactly one the core still holds. A slot is reused only once
//! JS has drained it (a value stored under a reused slot is never cleared by a late drain).
//!
//! No allocation per message: slots are indices into two vectors that grow to the most messages
//! held at once and stay (a heap block per message cost the free-list allocator a walk of its
//! list per send: ~1 µs per message at 1,000 in flight, measured in the synthetic bench).

use alloc::vec::Vec;
use core::cell::UnsafeCell;

use crate::core::Payload;

struct Slots {
    /// References per slot (index 0 unused: slot 0 means "no message" in the exports).
    refs: Vec<u32>,
    /// Per slot: the exact size, or -1 (a string not measured yet), and the size's upper bound.
    bytes: Vec<(f64, f64)>,
    /// Slots whose count fell to 0, not yet drained by JS.
    freed: Vec<u32>,
    /// Slots drained by JS, ready for reuse.
    spare: Vec<u32>,
}

struct Shared(UnsafeCell<Slots>);
// The wasm build runs one thread (no `atomics` target feature): never shared.
unsafe impl Sync for Shared {}

static SLOTS: Shared = Shared(UnsafeCell::new(Slots { refs: Vec::new(), bytes: Vec::new(), freed: Vec::new(), spare: Vec::new() }));

fn slots() -> &'static mut Slots {
    // Single-threaded, and no reference outlives the function that took it.
    unsafe { &mut *SLOTS.0.get() }
}

/// A new slot holding one reference, which [`Value::adopt`] takes over.
pub fn take() -> u32 {
    let s = slots();
    if let Some(i) = s.spare.pop() {
        s.refs[i as usize] = 1;
        return i;
    }
    if s.refs.is_empty() {
        s.refs.push(0);
        s.bytes.push((0.0, 0.0));
    }
    s.refs.push(1);
    s.bytes.push((0.0, 0.0));
    (s.refs.len() - 1) as u32
}

/// The next slot JS may let go of (and which becomes reusable), 0 when none is left.
pub fn freed() -> u32 {
    let s = slots();
    match s.freed.pop() {
        Some(i) => {
            s.spare.push(i);
            i
        }
        None => 0,
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/api/core.js")]
extern "C" {
    /// The UTF-8 size of the string in slot `slot`, measured in JS.
    #[wasm_bindgen(js_name = utf8At)]
    fn utf8_at(slot: u32) -> f64;
}

/// One message: its slot (the size is the slot's).
#[derive(Debug, PartialEq)]
pub struct Value {
    slot: u32,
}

impl Value {
    /// Takes over the reference of slot `slot` (from [`take`]), a message of `bytes` bytes; a
    /// negative `bytes` is a string of `-1 - bytes` UTF-16 units, measured only if asked.
    pub fn adopt(slot: u32, bytes: f64) -> Self {
        slots().bytes[slot as usize] = if bytes < 0.0 { (-1.0, (-1.0 - bytes) * 3.0) } else { (bytes, bytes) };
        Value { slot }
    }

    /// Its slot.
    pub fn id(&self) -> u32 {
        self.slot
    }
}

impl Clone for Value {
    fn clone(&self) -> Self {
        slots().refs[self.slot as usize] += 1;
        Value { slot: self.slot }
    }
}

impl Drop for Value {
    fn drop(&mut self) {
        let s = slots();
        let r = &mut s.refs[self.slot as usize];
        *r -= 1;
        if *r == 0 {
            s.freed.push(self.slot);
        }
    }
}

impl Payload for Value {
    fn byte_len(&self) -> u64 {
        let b = &mut slots().bytes[self.slot as usize];
        if b.0 < 0.0 {
            b.0 = utf8_at(self.slot);
        }
        b.0 as u64
    }

    fn byte_bound(&self) -> u64 {
        slots().bytes[self.slot as usize].1 as u64
    }
}
