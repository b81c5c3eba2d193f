//! The safe mapping API: an owned mapping, [`Mmap`], that unmaps on drop,
//! built by [`MapOptions`], with its access rights in its type.
//!
//! Coming from memmap2: [`migration`] lists every item of memmap2 0.9 and
//! what it is here. In short: [`MapOptions`] is `MmapOptions` (file
//! mappings shared unless [`map_copy`](MapOptions::map_copy) or
//! [`private`](MapOptions::private) say otherwise, as memmap2's; any
//! offset; length 0 an empty mapping), [`Mmap`] is `Mmap`, [`MmapMut`] is
//! `MmapMut`, [`MmapRaw`] is `MmapRaw`.
//!
//! The access rights are a type parameter ([`NoAccess`], [`Read`],
//! [`ReadWrite`], [`ReadExec`]): only a [`Readable`] mapping gives out
//! `&[u8]` and only a [`Writable`] one `&mut [u8]`. Changing them with
//! `mprotect` changes the type ([`Mmap::make_read_only`], …).
//!
//! # Pages past the end of the file
//!
//! A file mapping may be longer than the file. The bytes from the end of the
//! file to the end of its last page read as zero and take writes (which never
//! reach the file), but a page wholly past the end of the file raises
//! `SIGBUS` when touched. The slices of a file mapping therefore stop at the
//! end of the last page of the file *as it was when it was mapped*
//! ([`Mmap::view_len`]); the pages after it are reachable only through the
//! raw pointers [`Mmap::as_ptr`] and [`Mmap::as_mut_ptr`].
//!
//! # `SIGBUS` from memory the kernel cannot supply
//!
//! Stopping the slices at the end of the file keeps them off the pages that
//! *always* raise `SIGBUS`. It does not make every access through a slice
//! free of it: the kernel also raises `SIGBUS` when it cannot supply a page
//! at fault time, and a safe index (`m[i]`) is then what faults. This
//! happens with:
//!
//! - [`MapOptions::huge_pages`] (or a file on hugetlbfs) together with
//!   [`MapOptions::no_reserve`]: without the reservation `mmap` otherwise
//!   makes, a huge page is taken from the pool only when first touched,
//!   and an empty pool (`HugePages_Free` 0, another process having taken
//!   them) means `SIGBUS`. Without `no_reserve`, `mmap` reserves the pages
//!   up front and fails with `ENOMEM` instead, which is what safe code
//!   should prefer;
//! - a shared mapping of a file on a full tmpfs (a memfd, a `/dev/shm`
//!   object over its `size=`), or of a sparse file on a full disk, when a
//!   page is first written;
//! - a file truncated under the mapping by someone else (see below).
//!
//! The first two are resource exhaustion, as a stack overflow is: the
//! process dies, memory stays safe. Code that must survive them maps
//! without `no_reserve`, or faults the pages in first with a call that
//! reports the shortage as an error: [`Mmap::lock`] (`ENOMEM`) or
//! [`Mmap::advise`] with [`Advice::PopulateWrite`] (`EFAULT`).
//! [`MapOptions::populate`] is no such call: `mmap` ignores a failure to
//! populate, and the pages it could not get still raise `SIGBUS` later.
//!
//! # What a mapping owns
//!
//! A mapping owns its pages, and of what backs them (a file, the kernel's
//! object behind shared anonymous memory) only its own part: the bytes up
//! to the end of the file as mapped, or to the size the object was made
//! with. [`Mmap::split_off`] splits that part between the two mappings, and
//! [`Mmap::remap`] never grows a mapping past it, so no two live mappings
//! of this API reach the same bytes of an object, and none reaches pages
//! past the object's end. Private anonymous memory alone has no object
//! behind it and grows without limit. Anonymous memory takes no offset:
//! the object is the length mapped, from 0. Growing in place stops where a
//! [hint](MapOptions::hint) would place no mapping (the guard gap below a
//! stack, and the space the main thread's stack may grow into); only
//! `unsafe` code picks an address ([`MapOptions::fixed_noreplace`]).
//!
//! # Memory other processes write
//!
//! A `&[u8]` promises that no one writes its bytes while it lives. Memory
//! that another process writes at the same time therefore gets no slices:
//! it is a [`SharedMmap`], reached through atomics and copies
//! ([`shm::shared_anon`](crate::shm::shared_anon),
//! [`ShmObject::map`](crate::shm::ShmObject::map) and
//! [`ByteQueue`](crate::ring::ByteQueue) use it). An `Mmap` of a
//! `MAP_SHARED` anonymous mapping still has slices: only a child of
//! `fork` can share it, and `fork` is `unsafe`; its caller must not let
//! both processes use the slices at once (convert the mapping with
//! `SharedMmap::from` first).
//!
//! # Why mapping a file is `unsafe`
//!
//! As in memmap2, [`MapOptions::map`] is `unsafe`: the memory of a file
//! mapping is the file's page cache, which any process that can open the
//! file may change. Rust assumes that the bytes behind a `&[u8]` do not
//! change while it lives, and that those behind a `&mut [u8]` are changed
//! by no one else; another process writing the file (through `write(2)` or
//! its own shared mapping) breaks that assumption, even under a
//! `MAP_PRIVATE` mapping (a private mapping sees the file's changes to
//! every page it has not written itself). Worse, a process that *truncates*
//! the file turns the pages past the new end into pages that raise `SIGBUS`
//! on access, under references that safe code holds. The caller of
//! [`MapOptions::map`] promises that neither happens while the mapping
//! lives (the file is private to the program, or locked, or its changes are
//! read through raw pointers only). Anonymous mappings have no such hazard:
//! [`MapOptions::map_anon`] is safe. Nor has a memfd sealed against
//! writing and shrinking, which no one can change or truncate any more:
//! [`MapOptions::map_sealed`] maps one safely. And a mapping that hands out
//! no slices, [`MmapRaw`] ([`MapOptions::map_raw`]), is safe to make:
//! its pointers are `unsafe` to use.
//!
//! ```
//! use mman::map::{MapOptions, ReadWrite};
//!
//! // Anonymous memory: safe.
//! let mut m = MapOptions::new().len(8192).map_anon::<ReadWrite>()?;
//! m[..5].copy_from_slice(b"hello");
//! // Seal it: the type no longer gives `&mut [u8]`.
//! let ro = m.make_read_only()?;
//! assert_eq!(&ro[..5], b"hello");
//! # Ok::<(), mman::Errno>(())
//! ```

mod access;
mod builder;
mod fd;
mod lock;
pub mod migration;
mod ops;
mod procfs;
mod rawmap;
mod shared;
mod stack;
mod view;

pub use access::{Access, NoAccess, Read, ReadExec, ReadWrite, Readable, Writable};
pub use builder::MapOptions;
pub use fd::MapFd;
pub use lock::{lock_all, unlock_all, LockAll};
pub use ops::{Advice, Residency, UncheckedAdvice};
pub use rawmap::MmapRaw;
pub use shared::SharedMmap;
pub(crate) use shared::{copy_in, copy_out};

use crate::{raw, Errno};
use core::ffi::c_void;
use core::fmt;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// An owned memory mapping with access rights `A`, unmapped on drop.
///
/// Built by [`MapOptions`]. `A` is one of [`NoAccess`], [`Read`] (the
/// default: `Mmap` alone is a read-only mapping, as in memmap2),
/// [`ReadWrite`] and [`ReadExec`].
///
/// ```
/// use mman::map::{MapOptions, Mmap, ReadWrite};
///
/// let mut m: Mmap<ReadWrite> = MapOptions::new().len(100).map_anon()?;
/// assert_eq!(m.len(), 100);
/// m.as_mut_slice()[99] = 7;
/// assert_eq!(m.as_slice()[99], 7);
/// drop(m); // munmap
/// # Ok::<(), mman::Errno>(())
/// ```
pub struct Mmap<A: Access = Read> {
    /// The start of the bytes asked for: `head` bytes into the first page
    /// of the mapping (page-aligned when the offset was); a dangling,
    /// aligned pointer for an empty mapping, which maps nothing.
    ptr: NonNull<u8>,
    /// Its length in bytes, as asked for (the kernel maps whole pages).
    len: usize,
    /// The bytes of the first page before `ptr`: the offset into its page
    /// of an offset that is not a multiple of the page size (the mapping
    /// starts at the page below it). Always less than `unit`; 0 for an
    /// empty mapping.
    head: usize,
    /// The bytes of what backs the mapping that it owns, from `ptr`, to the
    /// end of a whole page: the slices stop there, and [`Mmap::remap`]
    /// never grows the mapping past it. For a file, its end at map time;
    /// for shared anonymous memory (and anonymous huge pages), the size of
    /// the kernel's object behind it; for a device, the length the caller
    /// vouched for; after [`Mmap::split_off`] at most the split point,
    /// after a shrinking remap at most the new length. `None` (no end) for
    /// private anonymous memory, which has no object behind it: every page
    /// it grows by is a fresh page of its own; and for a file whose end
    /// lies past what the address space holds (on a 32-bit target).
    backed: Option<usize>,
    /// The page size of the mapping (the huge page size under
    /// `MAP_HUGETLB`): the granularity of [`Mmap::split_off`].
    unit: usize,
    _access: PhantomData<A>,
}

/// A read-write mapping, as memmap2's `MmapMut`.
///
/// ```
/// let mut m: mman::map::MmapMut = mman::map::MapOptions::new().len(10).map_anon()?;
/// m.fill(b'x');
/// # Ok::<(), mman::Errno>(())
/// ```
pub type MmapMut = Mmap<ReadWrite>;

// SAFETY: a `Mmap` owns its pages as a `Box<[u8]>` owns its bytes. Shared
// access through `&Mmap` is read-only: `&[u8]` views, raw pointers (whose
// writes are `unsafe`, the caller's to justify) and system calls that change
// no byte. Writes through safe code need `&mut Mmap` (`&mut [u8]`, or the
// `&[AtomicU8]` of `as_atomic_bytes`, which takes `&mut self` so that no
// `&[u8]` can overlap it).
unsafe impl<A: Access> Send for Mmap<A> {}
// SAFETY: as above.
unsafe impl<A: Access> Sync for Mmap<A> {}

impl<A: Access> Mmap<A> {
    /// Takes ownership of a mapping made elsewhere.
    ///
    /// # Safety
    ///
    /// `[ptr - head, ptr + len)` must be a mapping with the rights of `A`,
    /// owned by no one else (it is unmapped on drop), `ptr - head` aligned
    /// to `unit`, its page size, with `head < unit`, with at least `backed`
    /// bytes from `ptr` reachable without `SIGBUS` (`None`: all of them,
    /// however far it grows); or, for `head + len == 0`, any `ptr` (an
    /// empty mapping, which maps nothing). `head + len` must not exceed
    /// `isize::MAX`, as a slice's length may not.
    pub(crate) unsafe fn from_parts(
        ptr: NonNull<u8>,
        len: usize,
        head: usize,
        backed: Option<usize>,
        unit: usize,
    ) -> Self {
        Mmap {
            ptr,
            len,
            head,
            backed,
            unit,
            _access: PhantomData,
        }
    }

    /// An empty mapping: no pages, no system call, a dangling pointer.
    pub(crate) fn empty(backed: Option<usize>, unit: usize) -> Self {
        // SAFETY: `head + len == 0`: nothing is mapped, nothing unmapped.
        unsafe { Mmap::from_parts(NonNull::dangling(), 0, 0, backed, unit) }
    }

    /// Gives up ownership without unmapping; returns the start of the
    /// pages (`ptr - head`) and their length in bytes (`head + len`).
    pub(crate) fn into_raw(self) -> (*mut u8, usize) {
        let me = core::mem::ManuallyDrop::new(self);
        (me.base(), me.map_len())
    }

    /// The same mapping with the rights of `B`.
    ///
    /// # Safety
    ///
    /// The pages must have the rights of `B` now.
    pub(crate) unsafe fn cast<B: Access>(self) -> Mmap<B> {
        let me = core::mem::ManuallyDrop::new(self);
        // SAFETY: the same mapping, handed on; the caller vouches for `B`.
        unsafe { Mmap::from_parts(me.ptr, me.len, me.head, me.backed, me.unit) }
    }

    /// The start of the pages: `head` bytes before [`as_ptr`](Self::as_ptr).
    #[inline]
    pub(crate) fn base(&self) -> *mut u8 {
        self.ptr.as_ptr().wrapping_sub(self.head)
    }

    /// The bytes mapped from [`base`](Self::base): `head + len` (no
    /// overflow: checked when the mapping was made). 0 for an empty one.
    #[inline]
    pub(crate) fn map_len(&self) -> usize {
        self.head.wrapping_add(self.len)
    }

    /// The length of the mapping in bytes, as asked for.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(10).map_anon::<mman::map::Read>()?;
    /// assert_eq!(m.len(), 10);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the mapping is empty: a length of 0 (an empty file, an
    /// anonymous mapping with no length), as memmap2 gives one. An empty
    /// mapping maps nothing (no system call made it, none unmaps it): its
    /// slices are empty, its pointer dangles (aligned, never null), and
    /// `flush`, `advise`, `lock`, `protect` on it succeed and do nothing.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(1).map_anon::<mman::map::Read>()?;
    /// assert!(!m.is_empty());
    /// let e = mman::map::MapOptions::new().map_anon::<mman::map::ReadWrite>()?;
    /// assert!(e.is_empty() && e[..].is_empty());
    /// e.flush()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many bytes the slices reach: the whole mapping, except for a
    /// file mapping longer than the file was when mapped, where it stops at
    /// the end of the file's last page (the pages after it raise `SIGBUS`).
    ///
    /// ```
    /// let path = std::env::temp_dir().join("mman-doc-view_len");
    /// std::fs::write(&path, [b'x'; 36]).unwrap();
    /// let file = std::fs::File::open(&path).unwrap();
    /// // A 36-byte file mapped over two pages: one page is reachable.
    /// // SAFETY: the file is this test's own.
    /// let m = unsafe { mman::map::MapOptions::new().len(8192).map::<mman::map::Read>(&file)? };
    /// assert_eq!((m.len(), m.view_len()), (8192, 4096));
    /// assert_eq!(&m[..37], &[&[b'x'; 36][..], &[0]].concat()[..]);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn view_len(&self) -> usize {
        // (`backed` counts from `ptr`, as `len` does.)
        match self.backed {
            Some(backed) if backed < self.len => backed,
            _ => self.len,
        }
    }

    /// The page size of the mapping: the system's page size, or the huge
    /// page size under [`MapOptions::huge_pages`].
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(1).map_anon::<mman::map::Read>()?;
    /// assert_eq!(m.page_size(), mman::raw::page_size());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn page_size(&self) -> usize {
        self.unit
    }

    /// The start of the mapping, as a raw pointer: the byte at the offset
    /// asked for (which may lie inside the mapping's first page, see
    /// [`MapOptions::offset`]). Dangling (never null) for an empty mapping.
    ///
    /// Reaches what the slices do not (the pages past the end of a file);
    /// reading through it is `unsafe` and is the caller's to justify: a
    /// page past the end of the file raises `SIGBUS`, a [`NoAccess`] page
    /// `SIGSEGV`.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::Read>()?;
    /// assert_eq!(unsafe { m.as_ptr().add(4095).read() }, 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        self.ptr.as_ptr()
    }

    /// The start of the mapping, as a raw pointer for writing (see
    /// [`as_ptr`](Self::as_ptr)).
    ///
    /// Writing through it is `unsafe` and is the caller's to justify: the
    /// rights must allow it (else `SIGSEGV`), no reference into the mapping
    /// may be alive over the bytes written, and a page past the end of the
    /// file raises `SIGBUS`. It takes `&self`, as memmap2's `MmapRaw`: the
    /// pointer is how memory shared with other threads or processes is
    /// reached without references.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// unsafe { m.as_mut_ptr().write(9) };
    /// assert_eq!(m[0], 9);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_mut_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    #[inline]
    fn addr(&self) -> *mut c_void {
        self.base().cast()
    }
}

impl<A: Access> Mmap<A> {
    /// Unmaps now (`munmap`) and reports the outcome, which a drop cannot.
    ///
    /// `munmap` fails only with `EINVAL`, for arguments a `Mmap` never
    /// holds: a start that is not page-aligned, or a length that is not a
    /// multiple of the page size of a huge page mapping (the length is
    /// rounded up to the huge page size of [`MapOptions::huge_pages`], or
    /// of the hugetlbfs file system a file lives on). So `Drop` ignores the
    /// result, with nothing to report it to; this method is for code that
    /// wants the proof.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::Read>()?;
    /// m.unmap()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "munmap")]
    pub fn unmap(self) -> Result<(), Errno> {
        let (base, len) = self.into_raw();
        if len == 0 {
            return Ok(()); // an empty mapping maps nothing
        }
        // SAFETY: the mapping was ours, and `self` is gone: nothing borrows it.
        unsafe { raw::munmap(base.cast(), len) }
    }
}

impl<A: Access> Drop for Mmap<A> {
    /// Unmaps, ignoring the result: see [`Mmap::unmap`] for why it cannot
    /// fail, and for a way to see it.
    fn drop(&mut self) {
        if self.map_len() != 0 {
            // SAFETY: the mapping is ours and nothing borrows it any more.
            let _ = unsafe { raw::munmap(self.addr(), self.map_len()) };
        }
    }
}

impl<A: Access> fmt::Debug for Mmap<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mmap")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .field("view_len", &self.view_len())
            .field("prot", &A::PROT)
            .finish()
    }
}

/// Rounds `x` up to a multiple of `unit` (a power of two); `None` on
/// overflow.
#[inline]
pub(crate) fn round_up(x: usize, unit: usize) -> Option<usize> {
    let mask = unit.wrapping_sub(1);
    x.checked_add(mask).map(|v| v & !mask)
}

/// Rounds `x` down to a multiple of `unit` (a power of two).
#[inline]
pub(crate) fn round_down(x: usize, unit: usize) -> usize {
    x & !unit.wrapping_sub(1)
}
