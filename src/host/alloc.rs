//! The global allocator of the wasm build: `lol_alloc`'s free-list allocator instead of the
//! standard library's dlmalloc.
//!
//! Why: dlmalloc is ~7 KB of wasm (its `malloc` alone 4.8 KB); this one is a few hundred
//! bytes, and the package's size is a feature. heartsocket allocates little per message (the
//! hot path borrows JS values, it does not copy them), so a simple allocator costs no
//! measurable speed. Freed blocks are kept sorted by address and merged with their
//! neighbours, so reconnect cycles do not fragment memory into growth.
//!
//! The allocator is wrapped so that its functions stay out of line: inlined into every
//! allocation site (LTO does that to a small allocator) it made the module *larger*.
//!
//! Sound only without threads: wasm32 without the `atomics` target feature runs one thread.

use core::alloc::{GlobalAlloc, Layout};

use lol_alloc::{AssumeSingleThreaded, FreeListAllocator};

/// [`GlobalAlloc`] through non-inlined calls.
struct OutOfLine<T>(T);

// SAFETY: every method forwards to `T`, which is itself a `GlobalAlloc` (its contract holds).
unsafe impl<T: GlobalAlloc> GlobalAlloc for OutOfLine<T> {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.alloc(layout)
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.0.dealloc(ptr, layout)
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        self.0.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
// SAFETY: this module is only compiled for wasm32 without atomics: a single thread.
static ALLOCATOR: OutOfLine<AssumeSingleThreaded<FreeListAllocator>> =
    OutOfLine(unsafe { AssumeSingleThreaded::new(FreeListAllocator::new()) });
