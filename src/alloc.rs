//! The global allocator: mimalloc, called directly.
//!
//! The `mimalloc` crate's allocator asks for an aligned block on every allocation
//! (`mi_malloc_aligned`), which costs about 25 instructions more than `mi_malloc` on the
//! fast path. Every heap object, string buffer and vector goes through here, so the plain
//! path is used whenever its guaranteed alignment suffices.

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned};
use std::alloc::{GlobalAlloc, Layout};

/// Alignment every `mi_malloc` block has (mimalloc aligns blocks to the machine word).
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

pub struct MiMalloc;

// SAFETY: mimalloc returns blocks of at least the requested size, aligned to the machine
// word by `mi_malloc`/`mi_realloc` and to `align` by the `_aligned` variants (which are used
// for anything needing more), or null on failure; `mi_free` accepts any of them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain C allocation calls with a size (and a power-of-two alignment).
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from `alloc`/`realloc` above (the GlobalAlloc contract).
        unsafe { mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps its
        // alignment (the same choice of call as `alloc`).
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}
