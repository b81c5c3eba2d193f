//! [`SharedMmap`]: memory another process may write at any time, reached
//! through atomics and copies, never through `&[u8]`.

use super::{Mmap, ReadWrite};
use crate::Errno;
use core::fmt;
use core::sync::atomic::{AtomicU32, AtomicU64, AtomicU8, Ordering};

/// A read-write mapping whose bytes another process may write at the same
/// time: a shared anonymous mapping across `fork` ([`shm::shared_anon`]),
/// a POSIX shared memory object ([`ShmObject::map`]), the header of a
/// [`ByteQueue`].
///
/// A `&[u8]` promises that no one writes its bytes while it lives, and a
/// `&mut [u8]` that no one else reads or writes them; another process
/// breaks both whenever it likes, which no borrow in this process can
/// prevent. So a `SharedMmap` has no `Deref<Target = [u8]>` and no safe
/// slice. Its bytes are reached through:
///
/// - atomic bytes, [`atomic_bytes`](Self::atomic_bytes) (`&self`), or
///   words, [`as_atomic_u32s`](Self::as_atomic_u32s) and
///   [`as_atomic_u64s`](Self::as_atomic_u64s) (`&mut self`, so that no
///   access of another size races with them in this process);
/// - copies in and out, [`read`](Self::read) and [`write`](Self::write):
///   each byte is one relaxed atomic access. On x86-64 and arm64 that is
///   the plain byte load or store a volatile copy makes, never elided,
///   merged or invented by the compiler; unlike a volatile copy, the Rust
///   memory model defines it when a thread of this process (which can hold
///   the atomics) or another process writes at the same time. A copy
///   racing with a writer may see some bytes old and some new: order
///   copies with an atomic flag (a release store after the write, an
///   acquire load before the read) to see whole messages;
/// - `unsafe` slices, [`as_slice`](Self::as_slice) and
///   [`as_mut_slice`](Self::as_mut_slice), for callers who order the
///   accesses of all the processes themselves;
/// - the raw pointers [`as_ptr`](Self::as_ptr) and
///   [`as_mut_ptr`](Self::as_mut_ptr).
///
/// An [`Mmap<ReadWrite>`] becomes one with `From` (safe: it gives up the
/// slices); [`into_mmap`](Self::into_mmap) turns it back (`unsafe`).
///
/// [`shm::shared_anon`]: crate::shm::shared_anon
/// [`ShmObject::map`]: crate::shm::ShmObject::map
/// [`ByteQueue`]: crate::ring::ByteQueue
///
/// ```
/// use core::sync::atomic::Ordering;
/// let m = mman::shm::shared_anon(4096)?;
/// m.write(8, b"hello")?;
/// m.atomic_bytes()[0].store(1, Ordering::Release); // "a message is there"
/// // ... in the other process, after fork:
/// if m.atomic_bytes()[0].load(Ordering::Acquire) == 1 {
///     let mut msg = [0u8; 5];
///     m.read(8, &mut msg)?;
///     assert_eq!(&msg, b"hello");
/// }
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// No slice, no index:
///
/// ```compile_fail,E0608
/// let m = mman::shm::shared_anon(4096)?;
/// let first = m[0];
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// ```compile_fail,E0308
/// let m = mman::shm::shared_anon(4096)?;
/// let s: &[u8] = &m;
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// ```compile_fail,E0133
/// let mut m = mman::shm::shared_anon(4096)?;
/// m.as_mut_slice()[0] = 1;
/// # Ok::<(), mman::Errno>(())
/// ```
pub struct SharedMmap {
    map: Mmap<ReadWrite>,
}

impl From<Mmap<ReadWrite>> for SharedMmap {
    /// Gives up the slices of a read-write mapping, to share it.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).shared().map_anon::<mman::map::ReadWrite>()?;
    /// let shared = mman::map::SharedMmap::from(m);
    /// assert_eq!(shared.len(), 4096);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    fn from(map: Mmap<ReadWrite>) -> Self {
        SharedMmap { map }
    }
}

impl SharedMmap {
    /// The length of the mapping in bytes.
    ///
    /// ```
    /// assert_eq!(mman::shm::shared_anon(10)?.len(), 10);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the mapping is empty (see [`Mmap::is_empty`]).
    ///
    /// ```
    /// assert!(!mman::shm::shared_anon(1)?.is_empty());
    /// assert!(mman::shm::shared_anon(0)?.is_empty());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// How many bytes the accessors reach: as [`Mmap::view_len`].
    ///
    /// ```
    /// assert_eq!(mman::shm::shared_anon(100)?.view_len(), 100);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn view_len(&self) -> usize {
        self.map.view_len()
    }

    /// The page size of the mapping: as [`Mmap::page_size`].
    ///
    /// ```
    /// assert_eq!(mman::shm::shared_anon(1)?.page_size(), mman::raw::page_size());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn page_size(&self) -> usize {
        self.map.page_size()
    }

    /// The start of the mapping, as a raw pointer (see [`Mmap::as_ptr`]).
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// // SAFETY: in the mapping; a volatile read races with nothing here.
    /// assert_eq!(unsafe { m.as_ptr().read_volatile() }, 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// The start of the mapping, as a raw pointer for writing (see
    /// [`Mmap::as_mut_ptr`]).
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// // SAFETY: in the mapping; no reference to the byte is alive.
    /// unsafe { m.as_mut_ptr().write_volatile(3) };
    /// assert_eq!(m.atomic_bytes()[0].load(core::sync::atomic::Ordering::Relaxed), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_mut_ptr(&self) -> *mut u8 {
        self.map.as_mut_ptr()
    }

    /// The mapping as atomic bytes, up to [`view_len`](Self::view_len).
    ///
    /// ```
    /// use core::sync::atomic::Ordering;
    /// let m = mman::shm::shared_anon(4096)?;
    /// m.atomic_bytes()[7].store(1, Ordering::Release);
    /// assert_eq!(m.atomic_bytes()[7].load(Ordering::Acquire), 1);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn atomic_bytes(&self) -> &[AtomicU8] {
        // SAFETY: `AtomicU8` has the layout of `u8`; `view_len` bytes are
        // mapped read-write while `self` lives; atomics allow any number of
        // concurrent readers and writers, in this process or another, and no
        // safe code of this process holds a non-atomic reference to them.
        unsafe { core::slice::from_raw_parts(self.as_ptr().cast::<AtomicU8>(), self.view_len()) }
    }

    /// The mapping as atomic `u32`s, up to [`view_len`](Self::view_len)
    /// (rounded down to whole words). The words start at the mapping's
    /// start, which is page-aligned unless the mapping was made at an
    /// offset inside a page ([`MapOptions::offset`](super::MapOptions::offset)):
    /// then they start at its first byte aligned for a `u32`.
    ///
    /// It takes `&mut self`: the memory model allows atomic accesses of
    /// different sizes to race only if none writes, and every `&self`
    /// accessor ([`atomic_bytes`](Self::atomic_bytes), [`read`](Self::read),
    /// [`write`](Self::write)) accesses single bytes; while the words live,
    /// no byte accessor of this process can. (Another process is outside
    /// this process's memory model: the hardware gives it whole bytes and
    /// words.)
    ///
    /// ```
    /// use core::sync::atomic::Ordering;
    /// let mut m = mman::shm::shared_anon(4096)?;
    /// let words = m.as_atomic_u32s();
    /// words[1].fetch_add(2, Ordering::AcqRel);
    /// assert_eq!((words.len(), words[1].load(Ordering::Acquire)), (1024, 2));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn as_atomic_u32s(&mut self) -> &[AtomicU32] {
        // SAFETY: the words are aligned and lie within `view_len`; `&mut
        // self` keeps every other access of this process, of another size,
        // off them while they live.
        unsafe { self.words() }
    }

    /// The mapping as atomic `u64`s, up to [`view_len`](Self::view_len)
    /// (rounded down to whole words); `&mut self` as for
    /// [`as_atomic_u32s`](Self::as_atomic_u32s).
    ///
    /// ```
    /// use core::sync::atomic::Ordering;
    /// let mut m = mman::shm::shared_anon(4096)?;
    /// m.as_atomic_u64s()[0].store(u64::MAX, Ordering::Release);
    /// assert_eq!(m.as_atomic_u64s()[0].load(Ordering::Acquire), u64::MAX);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn as_atomic_u64s(&mut self) -> &[AtomicU64] {
        // SAFETY: as in `as_atomic_u32s`.
        unsafe { self.words() }
    }

    /// The mapping as `T`s, up to [`view_len`](Self::view_len), from its
    /// first byte aligned for `T`: the start itself, unless the mapping
    /// was made at an offset inside a page (then the words begin at the
    /// next multiple of their size); none for an empty mapping, whose
    /// pointer dangles.
    ///
    /// # Safety
    ///
    /// `T` is an atomic integer (any bytes are a value, access is defined
    /// under races); no access of another size of this process may race
    /// with the result's.
    unsafe fn words<T>(&self) -> &[T] {
        let skip = self.as_ptr().align_offset(core::mem::align_of::<T>());
        let Some(rest) = self.view_len().checked_sub(skip) else {
            return &[];
        };
        let n = rest.checked_div(core::mem::size_of::<T>()).unwrap_or(0);
        if n == 0 {
            return &[]; // (an empty mapping's pointer may not be aligned)
        }
        // SAFETY: `n` whole `T`s lie within `view_len` from the first
        // aligned byte, mapped read-write while `self` lives; the caller
        // answers for the rest.
        unsafe { core::slice::from_raw_parts(self.as_ptr().wrapping_add(skip).cast::<T>(), n) }
    }

    /// The atomic bytes `[offset, offset + len)`; `EINVAL` when they are
    /// not all within [`view_len`](Self::view_len).
    fn span(&self, offset: usize, len: usize) -> Result<&[AtomicU8], Errno> {
        let end = offset.checked_add(len).ok_or(Errno::INVAL)?;
        self.atomic_bytes().get(offset..end).ok_or(Errno::INVAL)
    }

    /// Copies the bytes from `offset` into `out`, one relaxed atomic load
    /// each (see the [type's docs](Self)).
    ///
    /// # Errors
    ///
    /// `EINVAL` when `[offset, offset + out.len())` is not within
    /// [`view_len`](Self::view_len); nothing is copied then.
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// m.write(4090, b"abcdef")?;
    /// let mut out = [0u8; 6];
    /// m.read(4090, &mut out)?;
    /// assert_eq!(&out, b"abcdef");
    /// assert_eq!(m.read(4091, &mut out), Err(mman::Errno::INVAL));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn read(&self, offset: usize, out: &mut [u8]) -> Result<(), Errno> {
        copy_out(self.span(offset, out.len())?, out);
        Ok(())
    }

    /// Copies `data` to the bytes from `offset`, one relaxed atomic store
    /// each (see the [type's docs](Self)).
    ///
    /// # Errors
    ///
    /// `EINVAL` when `[offset, offset + data.len())` is not within
    /// [`view_len`](Self::view_len); nothing is copied then.
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// m.write(0, b"hi")?;
    /// assert_eq!(m.write(4095, b"hi"), Err(mman::Errno::INVAL));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn write(&self, offset: usize, data: &[u8]) -> Result<(), Errno> {
        copy_in(data, self.span(offset, data.len())?);
        Ok(())
    }

    /// The mapping as bytes, up to [`view_len`](Self::view_len).
    ///
    /// # Safety
    ///
    /// While the slice lives, nothing may write its bytes: no other process
    /// (by any means), and no thread of this one (through the atomics,
    /// [`write`](Self::write) or the raw pointers). The caller orders the
    /// processes' accesses itself: the others have not started yet, or
    /// have exited (after `waitpid`), or wait on a lock or flag the caller
    /// holds.
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// m.write(0, b"ok")?;
    /// // SAFETY: no other process exists yet, and this thread writes
    /// // nothing while `s` lives.
    /// let s = unsafe { m.as_slice() };
    /// assert_eq!(&s[..2], b"ok");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn as_slice(&self) -> &[u8] {
        // SAFETY: mapped and readable for `view_len` while `self` lives; the
        // caller answers for the writers.
        unsafe { core::slice::from_raw_parts(self.as_ptr(), self.view_len()) }
    }

    /// The mapping as mutable bytes, up to [`view_len`](Self::view_len).
    ///
    /// # Safety
    ///
    /// While the slice lives, no other process may read or write its bytes
    /// (`&mut self` keeps this process's other accesses off them). As for
    /// [`as_slice`](Self::as_slice), the caller orders the processes'
    /// accesses itself.
    ///
    /// ```
    /// let mut m = mman::shm::shared_anon(4096)?;
    /// // SAFETY: no other process exists yet.
    /// unsafe { m.as_mut_slice() }.fill(7);
    /// assert_eq!(m.atomic_bytes()[4095].load(core::sync::atomic::Ordering::Relaxed), 7);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: mapped read-write for `view_len` while `self` lives;
        // `&mut self` makes it exclusive within the process, and the caller
        // answers for the other processes.
        unsafe { core::slice::from_raw_parts_mut(self.as_mut_ptr(), self.view_len()) }
    }

    /// Back to an [`Mmap<ReadWrite>`], with its slices.
    ///
    /// # Safety
    ///
    /// From now on until the `Mmap` is dropped, no other process writes
    /// the mapping's bytes, nor reads those the `Mmap` writes (for
    /// instance: the other processes have exited).
    ///
    /// ```
    /// let m = mman::shm::shared_anon(4096)?;
    /// // SAFETY: no other process shares it.
    /// let mut m = unsafe { m.into_mmap() };
    /// m[0] = 1;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn into_mmap(self) -> Mmap<ReadWrite> {
        self.map
    }
}

impl fmt::Debug for SharedMmap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedMmap")
            .field("ptr", &self.as_ptr())
            .field("len", &self.len())
            .field("view_len", &self.view_len())
            .finish()
    }
}

/// Copies `from` into `to` (of the same length), a relaxed atomic load a
/// byte.
pub(crate) fn copy_out(from: &[AtomicU8], to: &mut [u8]) {
    for (t, f) in to.iter_mut().zip(from) {
        *t = f.load(Ordering::Relaxed);
    }
}

/// Copies `from` into `to` (of the same length), a relaxed atomic store a
/// byte.
pub(crate) fn copy_in(from: &[u8], to: &[AtomicU8]) {
    for (f, t) in from.iter().zip(to) {
        t.store(*f, Ordering::Relaxed);
    }
}
