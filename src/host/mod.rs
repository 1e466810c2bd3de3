//! Host adapters: the thin layer between the pure core and a JS runtime.
//!
//! Everything here reaches JS through duck-typed, structural bindings found on `globalThis`
//! (never `window`), so the same code drives a browser `WebSocket`, Node's `ws` and the
//! mini-program socket facades.

pub mod clock;
pub mod counts;
pub mod js;
#[cfg(not(target_feature = "atomics"))]
mod alloc;
pub mod lifecycle;
#[cfg(target_os = "none")]
mod mem;
#[cfg(target_os = "none")]
mod panic;
pub mod payload;
pub mod socket;
pub mod timers;
