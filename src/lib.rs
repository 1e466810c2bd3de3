//! heartsocket: a WebSocket that stays alive, for web pages and mini-programs.
//!
//! - [`core`]: the pure, deterministic connection state machine (heartbeat, reconnect, outbox).
//! - `host` and `api` (wasm32 only): the thin driver that runs the core over a browser
//!   `WebSocket` or a mini-program socket facade and exports the JS class `WebSocketClass`.
#![warn(missing_docs)]
// The wasm build has no `std`: the release target is `wasm32v1-none` (WebAssembly 1.0, see
// scripts/build.sh), whose standard library is only `core` + `alloc`. Natively (the core's
// tests, the server) and in unit-test builds std is there as usual.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub use api::WebSocketClass;
