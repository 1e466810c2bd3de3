//! heartsocket: a WebSocket that stays alive, for web pages and mini-programs.
//!
//! - [`core`]: the pure, deterministic connection state machine (heartbeat, reconnect, outbox).
//! - `wasm` (wasm32 only): the core exported to JS with numbers only; the JS class
//!   `WebSocketClass` that drives it over a socket, timers and page lifecycle is written in JS
//!   (`src/api/*.js`), see docs/ARCHITECTURE.md.
#![warn(missing_docs)]
// The wasm build has no `std`: the release target is `wasm32v1-none` (WebAssembly 1.0, see
// scripts/build.sh), whose standard library is only `core` + `alloc`. Natively (the core's
// tests, the server) and in unit-test builds std is there as usual.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub use wasm::js_class;
