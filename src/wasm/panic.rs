//! The panic handler of the `no_std` WebAssembly 1.0 build (target `wasm32v1-none`).
//!
//! Release: a trap, nothing else. std's handler formatted its message with `core::fmt` (the
//! `Formatter`, `Display` of integers and locations: ~4 KB of the module, see docs/SIZE.md),
//! for a text no user sees; a trap surfaces in JS as a `RuntimeError: unreachable` thrown from
//! the call that panicked. No panic is expected: this is the last line, not a code path.
//! With the `debug` feature the message is written to `console.error` first, as
//! console_error_panic_hook did.

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    #[cfg(feature = "debug")]
    web_sys::console::error_1(&alloc::format!("heartsocket panicked: {info}").into());
    let _ = info;
    core::arch::wasm32::unreachable()
}
