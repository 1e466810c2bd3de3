//! The core exported to JS: numbers in, numbers out.
//!
//! The JS class `WebSocketClass` (`src/api/class.js`, `driver.js`, `events.js`, `lifecycle.js`)
//! owns everything that touches JS: sockets, the one timer, listeners, page lifecycle, the
//! messages themselves. The wasm holds one [`crate::core::Machine`] per instance and decides.
//! Messages cross as numbers (`value.rs`): JS keeps each value under an id, the core keeps the
//! id and the byte size. Close reasons cross as UTF-16 in a shared buffer (`exports.rs`).
//!
//! Why the split: every JS value held by the wasm (wasm-bindgen's closures, its heap of
//! values, the shims of each import and export) cost size and a boundary crossing per call;
//! docs/SIZE.md row 21 measured what this layout saves.

mod exports;
mod hot;
mod value;
mod typescript;
#[cfg(not(target_feature = "atomics"))]
mod alloc;
#[cfg(target_os = "none")]
mod mem;
#[cfg(target_os = "none")]
mod panic;

pub use exports::js_class;

// wasm-bindgen copies into pkg/snippets/ only the JS files Rust names; class.js imports the
// others. One (unused) import each names them: an unused import costs nothing in the module.
macro_rules! js_modules {
    ($($file:literal, $export:ident;)*) => {$(
        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(module = $file)]
            extern "C" {
                #[allow(dead_code)]
                fn $export();
            }
        };
    )*};
}
js_modules! {
    "/src/api/driver.js", sizeOf;
    "/src/api/core.js", bind;
    "/src/api/events.js", logError;
    "/src/api/sockets.js", Sockets;
    "/src/api/allowance.js", Allowance;
    "/src/api/handlers.js", sizeOf;
    "/src/api/lifecycle.js", browser;
    "/src/api/counts.js", counts;
    "/src/api/host.js", construct;
    "/src/api/options.js", parseOptions;
}
