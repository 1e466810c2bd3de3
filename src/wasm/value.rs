//! A user message as the core holds it: the id under which JS keeps the value, and its size.
//!
//! The core clones a message it hands to a socket (one copy goes out in the `Transmit`
//! effect, one stays in flight until a pong confirms it), so ids are reference-counted here:
//! when the last copy is dropped the id goes on the freed list, which JS drains (`hs_freed`)
//! to let go of the value. So a message JS keeps is exactly one the core still holds.

use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::core::Payload;

/// One message: its JS id and byte size.
#[derive(Debug, PartialEq)]
struct Slot {
    id: u32,
    bytes: u64,
}

impl Drop for Slot {
    fn drop(&mut self) {
        FREED.push(self.id);
    }
}

/// A message handed over by JS (id >= 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Value(Rc<Slot>);

impl Value {
    /// The message JS keeps under `id`, of `bytes` bytes.
    pub fn new(id: u32, bytes: f64) -> Self {
        Value(Rc::new(Slot { id, bytes: bytes as u64 }))
    }

    /// Its JS id.
    pub fn id(&self) -> u32 {
        self.0.id
    }
}

impl Payload for Value {
    fn byte_len(&self) -> u64 {
        self.0.bytes
    }
}

/// Ids whose last copy was dropped, oldest first.
pub struct Freed(RefCell<Vec<u32>>);

// The wasm build runs one thread (no `atomics` target feature): the list is never shared.
unsafe impl Sync for Freed {}

impl Freed {
    fn push(&self, id: u32) {
        self.0.borrow_mut().push(id);
    }
    /// The next freed id, 0 when none is left.
    pub fn pop(&self) -> u32 {
        self.0.borrow_mut().pop().unwrap_or(0)
    }
}

/// The freed ids of every instance (ids are unique across instances: one JS counter).
pub static FREED: Freed = Freed(RefCell::new(Vec::new()));
