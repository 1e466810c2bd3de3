//! `memcpy` and `memmove` for the WebAssembly 1.0 build, as byte loops.
//!
//! Without the bulk-memory proposal there is no `memory.copy` instruction, so the build links
//! compiler_builtins' versions: word-wise and unrolled, 2.6 KB of the module. heartsocket copies
//! little and small (strings, the elements of a growing queue; messages stay JS values), so a
//! byte loop costs nothing measurable. compiler_builtins defines these symbols weak: these win.
//! Volatile accesses keep LLVM from recognising the loops as a copy and calling them from
//! themselves.

use core::ptr::{read_volatile, write_volatile};

/// Copies `n` bytes from `src` to `dest`, which do not overlap.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    let mut i = 0;
    while i < n {
        write_volatile(dest.add(i), read_volatile(src.add(i)));
        i += 1;
    }
    dest
}

/// Copies `n` bytes from `src` to `dest`, which may overlap.
#[no_mangle]
pub unsafe extern "C" fn memmove(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dest as usize) <= (src as usize) {
        return memcpy(dest, src, n);
    }
    let mut i = n;
    while i > 0 {
        i -= 1;
        write_volatile(dest.add(i), read_volatile(src.add(i)));
    }
    dest
}
