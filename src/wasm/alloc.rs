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

    // A zero-size block was never allocated: wasm-bindgen's `__wbindgen_malloc(0, align)` hands
    // out the dangling pointer `align`, and its `__wbindgen_realloc` passes such a pointer on
    // unchecked (the glue did, for a non-string given where Rust takes `&str`). Freed here it
    // became a free-list node at address 1 and the next allocation looped forever. So a zero-size
    // block is never freed, and never grown in place.
    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() != 0 {
            self.0.dealloc(ptr, layout)
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.size() == 0 || new_size == 0 {
            self.dealloc(ptr, layout);
            // `GlobalAlloc` callers never ask for size 0; wasm-bindgen's glue could.
            return if new_size == 0 { layout.align() as *mut u8 } else { self.0.alloc(Layout::from_size_align_unchecked(new_size, layout.align())) };
        }
        self.0.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
// SAFETY: this module is only compiled for wasm32 without atomics: a single thread.
static ALLOCATOR: OutOfLine<AssumeSingleThreaded<FreeListAllocator>> =
    OutOfLine(unsafe { AssumeSingleThreaded::new(FreeListAllocator::new()) });
