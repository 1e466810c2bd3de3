//! heartsocket: a WebSocket that stays alive, for web pages and mini-programs.
//!
//! - [`core`]: the pure, deterministic connection state machine (heartbeat, reconnect, outbox).
//! - `host` and `api` (wasm32 only): the thin driver that runs the core over a browser
//!   `WebSocket` or a mini-program socket facade and exports the JS class `WebSocketClass`.
#![warn(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub use api::WebSocketClass;
