//! The JS API: the exported class [`WebSocketClass`], its options and events, and the driver
//! that runs the core over the host adapters of [`crate::host`].

pub mod class;
mod driver;
mod emit;
pub mod events;
mod handlers;
mod limits;
pub mod options;
mod sockets;
pub(crate) mod text;
mod typescript;
pub mod validate;

pub use class::WebSocketClass;
