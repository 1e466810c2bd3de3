//! The connection core: every decision heartsocket makes, as a pure state machine.
//!
//! Nothing here knows of JS, wasm, sockets, timers or clocks. Time is a number of milliseconds
//! the driver passes in; jitter comes from a seeded generator ([`rng::SplitMix64`]) the machine
//! owns. So the same inputs at the same times give the same effects, on any host, and the whole
//! behaviour is tested natively in milliseconds.
//!
//! # Driving loop
//!
//! A driver (the JS class over the wasm exports in `crate::wasm`, or a test harness) owns one
//! [`Machine`] and repeats:
//!
//! 1. something happens (a user call, a socket event, a timer firing, a page lifecycle change);
//! 2. it calls [`Machine::handle`] with the current time and the matching [`Input`]
//!    (or [`Machine::send`] for a user message, which also answers whether it went out now);
//! 3. it drains [`Machine::poll`] until `None`, applying each [`Effect`] in order:
//!    open/close/release a socket of a given [`Generation`], transmit a message or a ping,
//!    or collect an [`Event`] for the user;
//! 4. it arms its one host timer for [`Machine::poll_timeout`] (the earliest deadline of the
//!    core's [`Timer`]s) and, when that goes off, calls [`Machine::handle_timeout`] (step 2);
//! 5. only when every borrow of the machine is released does it dispatch the collected events
//!    to user callbacks, because a callback may call back into the driver (`send`, `close`,
//!    `connect`…), which starts again at step 2.
//!
//! ```
//! use heartsocket::core::{Config, Effect, Event, Input, Machine, Timer};
//!
//! let mut m: Machine<String> = Machine::new(Config::default(), 7).unwrap();
//! m.handle(0, Input::Connect { data: None });
//! let Some(Effect::OpenSocket { generation }) = m.poll() else { panic!() };
//! // ... the driver creates a socket; the connect timeout is set, and wakes the machine then:
//! assert_eq!(m.deadline(Timer::ConnectTimeout), m.poll_timeout());
//! m.handle(40, Input::SocketOpened { generation, open_message: None });
//! let effects: Vec<_> = std::iter::from_fn(|| m.poll()).collect();
//! assert!(effects.contains(&Effect::Emit(Event::Open { attempt: 0 })));
//! ```
//!
//! # Invariants (checked by the property tests in `tests/core_props.rs`)
//! - at most one socket generation is live (opening, open or being torn down) at any time;
//! - after a manual close, nothing but the final close/drop events, and no timer left set;
//! - every queued message is transmitted exactly once and in order, or reported in a `Drop`;
//! - backoff delays lie in `[minDelay, maxDelay]` and, before jitter, never decrease.

pub mod backoff;
pub mod config;
mod delivery;
pub mod event;
pub mod heartbeat;
pub mod inflight;
mod link;
pub mod machine;
pub mod outbox;
pub mod rng;
mod signals;
mod timer;
mod traffic;
pub mod wire;

pub use config::{Config, ConfigError, HeartbeatConfig, Overflow, PongMatcher, QueueConfig, ReconnectConfig};
pub use event::{
    Delivery, DropReason, Effect, Event, Generation, Input, Millis, Payload, ReadyState, SendError, SendOutcome, Seq,
    Stats, Timer,
};
pub use machine::Machine;
