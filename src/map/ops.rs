//! Operations on a mapping: `msync`, `mprotect`, `madvise`, `mremap`,
//! `mincore`, and splitting. (`mlock` and its kin: `lock.rs`.)

use super::{round_down, round_up, Access, MapOptions, Mmap, NoAccess, Read, ReadExec, ReadWrite};
use crate::consts::*;
use crate::{raw, Errno};
use core::ffi::{c_int, c_void};
use core::ptr::NonNull;

/// Advice for [`Mmap::advise`]: the `madvise` values that change no byte
/// of the mapping, and so are safe. The others go through the `unsafe`
/// [`Mmap::unchecked_advise`] ([`UncheckedAdvice`]: `MADV_DONTNEED`,
/// `MADV_FREE`, `MADV_REMOVE`, `MADV_DONTFORK`, `MADV_WIPEONFORK`) or,
/// for any value, [`Mmap::advise_unchecked`].
///
/// ```
/// use mman::map::{Advice, MapOptions, ReadWrite};
/// let m = MapOptions::new().len(1 << 20).map_anon::<ReadWrite>()?;
/// m.advise(Advice::Sequential)?;
/// m.advise(Advice::WillNeed)?;
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Advice {
    /// `MADV_NORMAL`: no special treatment.
    Normal,
    /// `MADV_RANDOM`: expect random access (less read-ahead).
    Random,
    /// `MADV_SEQUENTIAL`: expect sequential access (more read-ahead).
    Sequential,
    /// `MADV_WILLNEED`: expect access soon (read ahead now).
    WillNeed,
    /// `MADV_DOFORK`: undo `MADV_DONTFORK`.
    DoFork,
    /// `MADV_MERGEABLE`: let KSM merge identical pages.
    Mergeable,
    /// `MADV_UNMERGEABLE`: undo `MADV_MERGEABLE`.
    Unmergeable,
    /// `MADV_HUGEPAGE`: back with transparent huge pages.
    HugePage,
    /// `MADV_NOHUGEPAGE`: no transparent huge pages.
    NoHugePage,
    /// `MADV_DONTDUMP`: leave out of core dumps.
    DontDump,
    /// `MADV_DODUMP`: undo `MADV_DONTDUMP`.
    DoDump,
    /// `MADV_COLD`: the pages may be reclaimed first (contents kept).
    Cold,
    /// `MADV_PAGEOUT`: reclaim the pages now (contents kept).
    PageOut,
    /// `MADV_POPULATE_READ`: fault the pages in, readable.
    PopulateRead,
    /// `MADV_POPULATE_WRITE`: fault the pages in, writable.
    PopulateWrite,
}

impl Advice {
    /// Whether the running kernel knows this advice, as memmap2's
    /// `is_supported`: `madvise` of no bytes, which the kernel refuses
    /// with `EINVAL` for an advice it does not know (`MADV_POPULATE_*`
    /// before Linux 5.14, `MADV_COLD` before 5.4, …). No memory is
    /// touched.
    ///
    /// ```
    /// use mman::map::Advice;
    /// assert!(Advice::Normal.is_supported() && Advice::WillNeed.is_supported());
    /// ```
    pub fn is_supported(self) -> bool {
        supported(self.to_raw())
    }

    /// The C value of the advice, as `madvise` takes it.
    ///
    /// ```
    /// assert_eq!(mman::map::Advice::WillNeed.to_raw(), mman::consts::MMAN_MADV_WILLNEED);
    /// ```
    pub const fn to_raw(self) -> c_int {
        match self {
            Advice::Normal => MMAN_MADV_NORMAL,
            Advice::Random => MMAN_MADV_RANDOM,
            Advice::Sequential => MMAN_MADV_SEQUENTIAL,
            Advice::WillNeed => MMAN_MADV_WILLNEED,
            Advice::DoFork => MMAN_MADV_DOFORK,
            Advice::Mergeable => MMAN_MADV_MERGEABLE,
            Advice::Unmergeable => MMAN_MADV_UNMERGEABLE,
            Advice::HugePage => MMAN_MADV_HUGEPAGE,
            Advice::NoHugePage => MMAN_MADV_NOHUGEPAGE,
            Advice::DontDump => MMAN_MADV_DONTDUMP,
            Advice::DoDump => MMAN_MADV_DODUMP,
            Advice::Cold => MMAN_MADV_COLD,
            Advice::PageOut => MMAN_MADV_PAGEOUT,
            Advice::PopulateRead => MMAN_MADV_POPULATE_READ,
            Advice::PopulateWrite => MMAN_MADV_POPULATE_WRITE,
        }
    }
}

/// The `madvise` values that may change the bytes of a mapping, or what a
/// child of `fork` gets: for the `unsafe` [`Mmap::unchecked_advise`], as
/// memmap2's `UncheckedAdvice`. (`MADV_HWPOISON` and `MADV_SOFT_OFFLINE`,
/// which take pages away from the whole machine, are none of them.)
///
/// ```
/// use mman::map::{MapOptions, ReadWrite, UncheckedAdvice};
/// let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
/// m[0] = 1;
/// // SAFETY: no reference into the mapping is alive; the page reads as 0 again.
/// unsafe { m.unchecked_advise(UncheckedAdvice::DontNeed)? };
/// assert_eq!(m[0], 0);
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UncheckedAdvice {
    /// `MADV_DONTNEED`: drop the pages now; private anonymous pages read
    /// as zero afterwards, file pages as the file is.
    DontNeed,
    /// `MADV_FREE`: the kernel may drop the (private anonymous) pages
    /// later, unless written first: their bytes may or may not become 0.
    Free,
    /// `MADV_REMOVE`: punch a hole in the file (tmpfs, shmem, …) behind a
    /// shared mapping: the bytes read as zero, for every process.
    Remove,
    /// `MADV_DONTFORK`: a child of `fork` gets no mapping here.
    DontFork,
    /// `MADV_WIPEONFORK`: a child of `fork` gets zero-filled pages here.
    WipeOnFork,
}

impl UncheckedAdvice {
    /// Whether the running kernel knows this advice (see
    /// [`Advice::is_supported`]).
    ///
    /// ```
    /// assert!(mman::map::UncheckedAdvice::DontNeed.is_supported());
    /// ```
    pub fn is_supported(self) -> bool {
        supported(self.to_raw())
    }

    /// The C value of the advice, as `madvise` takes it.
    ///
    /// ```
    /// use mman::map::UncheckedAdvice;
    /// assert_eq!(UncheckedAdvice::DontNeed.to_raw(), mman::consts::MMAN_MADV_DONTNEED);
    /// ```
    pub const fn to_raw(self) -> c_int {
        match self {
            UncheckedAdvice::DontNeed => MMAN_MADV_DONTNEED,
            UncheckedAdvice::Free => MMAN_MADV_FREE,
            UncheckedAdvice::Remove => MMAN_MADV_REMOVE,
            UncheckedAdvice::DontFork => MMAN_MADV_DONTFORK,
            UncheckedAdvice::WipeOnFork => MMAN_MADV_WIPEONFORK,
        }
    }
}

/// Whether the kernel knows `advice`: `madvise(NULL, 0, advice)`, which
/// checks the advice and touches nothing.
fn supported(advice: c_int) -> bool {
    // SAFETY: a range of no bytes: no page is affected.
    unsafe { raw::madvise(core::ptr::null_mut(), 0, advice) }.is_ok()
}

/// How much of a mapping is in memory, from `mincore`: see
/// [`Mmap::residency`]. Counted in base pages ([`raw::page_size`]), as the
/// kernel reports them, also for a mapping of huge pages.
///
/// ```
/// let m = mman::map::MapOptions::new().len(3 * 4096).map_anon::<mman::map::ReadWrite>()?;
/// let r = m.residency()?;
/// assert_eq!((r.pages, r.resident), (3, 0));
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Residency {
    /// Base pages in the mapping: `ceil(len / raw::page_size())`.
    pub pages: usize,
    /// Of them, base pages in memory.
    pub resident: usize,
}

impl Residency {
    /// Whether every page is in memory.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m[0] = 1; // fault the page in
    /// assert!(m.residency()?.all_resident());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub const fn all_resident(&self) -> bool {
        self.resident == self.pages
    }
}

impl<A: Access> Mmap<A> {
    /// The page-aligned range `[start, start + len)` covering the bytes
    /// `[offset, offset + len)` of the mapping (counted from
    /// [`as_ptr`](Self::as_ptr)); `EINVAL` when they are not all inside it;
    /// `None` for an empty mapping, which has no pages to call about.
    fn page_range(&self, offset: usize, len: usize) -> Result<Option<(*mut c_void, usize)>, Errno> {
        let end = offset.checked_add(len).ok_or(Errno::INVAL)?;
        if end > self.len {
            return Err(Errno::INVAL);
        }
        if self.map_len() == 0 {
            return Ok(None);
        }
        // From the start of the pages: `head + end <= map_len`, no wrap.
        let (offset, end) = (self.head.wrapping_add(offset), self.head.wrapping_add(end));
        let start = round_down(offset, self.unit);
        // `start <= offset <= end`, so neither subtraction nor add wraps.
        let len = end.wrapping_sub(start);
        Ok(Some((self.base().wrapping_add(start).cast(), len)))
    }

    /// Writes the changes of a shared file mapping to the file and waits
    /// for it (`msync(MS_SYNC)`). A no-op for private or anonymous memory.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m.flush()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush(&self) -> Result<(), Errno> {
        self.flush_range(0, self.len)
    }

    /// Starts writing the changes back and returns (`msync(MS_ASYNC)`).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m.flush_async()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_async(&self) -> Result<(), Errno> {
        self.flush_async_range(0, self.len)
    }

    /// [`flush`](Self::flush) for the bytes `[offset, offset + len)` (the
    /// pages that hold them).
    ///
    /// # Errors
    ///
    /// `EINVAL` when the range leaves the mapping; the kernel's (`EIO`, …).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(8192).map_anon::<mman::map::ReadWrite>()?;
    /// m.flush_range(5000, 10)?;
    /// assert_eq!(m.flush_range(8000, 1000), Err(mman::Errno::INVAL));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_range(&self, offset: usize, len: usize) -> Result<(), Errno> {
        let Some((addr, len)) = self.page_range(offset, len)? else {
            return Ok(());
        };
        // SAFETY: a range of our own mapping.
        unsafe { raw::msync(addr, len, MMAN_MS_SYNC) }
    }

    /// [`flush_async`](Self::flush_async) for the bytes `[offset, offset +
    /// len)`.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(8192).map_anon::<mman::map::ReadWrite>()?;
    /// m.flush_async_range(0, 1)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_async_range(&self, offset: usize, len: usize) -> Result<(), Errno> {
        let Some((addr, len)) = self.page_range(offset, len)? else {
            return Ok(());
        };
        // SAFETY: a range of our own mapping.
        unsafe { raw::msync(addr, len, MMAN_MS_ASYNC) }
    }

    /// Changes the access rights to `B` (`mprotect`), consuming the mapping
    /// so that no reference of the old rights survives.
    ///
    /// # Errors
    ///
    /// The kernel's: `EACCES` for rights the file's open mode does not
    /// allow (a shared writable mapping of a file opened read-only),
    /// `ENOMEM`. On error the mapping is unmapped, as in memmap2.
    ///
    /// ```
    /// use mman::map::{MapOptions, NoAccess, ReadWrite};
    /// let m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
    /// let guard = m.protect::<NoAccess>()?;
    /// let m = guard.protect::<ReadWrite>()?;
    /// assert_eq!(m[0], 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mprotect")]
    pub fn protect<B: Access>(self) -> Result<Mmap<B>, Errno> {
        if self.map_len() != 0 {
            // SAFETY: our own mapping, taken by value: no reference is alive.
            unsafe { raw::mprotect(self.addr(), self.map_len(), B::PROT) }?;
        }
        // SAFETY: the same mapping, now with the rights of `B` (an empty
        // one has no pages to have rights).
        Ok(unsafe { self.cast() })
    }

    /// To read-only (`PROT_READ`), as memmap2's `make_read_only`.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m[0] = 1;
    /// let m = m.make_read_only()?; // no `&mut [u8]` any more
    /// assert_eq!(m[0], 1);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mprotect")]
    pub fn make_read_only(self) -> Result<Mmap<Read>, Errno> {
        self.protect()
    }

    /// To read-execute (`PROT_READ | PROT_EXEC`): a JIT writes code into a
    /// read-write mapping, then makes it executable, never both at once.
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite};
    /// let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
    /// # #[cfg(target_arch = "x86_64")] {
    /// m[..6].copy_from_slice(&[0xb8, 42, 0, 0, 0, 0xc3]); // mov eax, 42; ret
    /// let code = m.make_exec()?;
    /// // SAFETY: the bytes are a complete function of this type.
    /// let f: extern "C" fn() -> i32 = unsafe { core::mem::transmute(code.as_ptr()) };
    /// assert_eq!(f(), 42);
    /// # }
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mprotect")]
    pub fn make_exec(self) -> Result<Mmap<ReadExec>, Errno> {
        self.protect()
    }

    /// To read-write (`PROT_READ | PROT_WRITE`), as memmap2's `make_mut`.
    /// A shared mapping of a file opened read-only fails with `EACCES`. A
    /// shared file mapping (the default for files) then writes through to
    /// the file: every other mapping of it, in this process or another,
    /// sees the writes, which the `# Safety` promise of the `map` call that
    /// made it already covers. Map with `.private()` (memmap2's
    /// `map_copy`) for writes that stay in this mapping.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::Read>()?;
    /// let mut m = m.make_mut()?;
    /// m[0] = 3;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mprotect")]
    pub fn make_mut(self) -> Result<Mmap<ReadWrite>, Errno> {
        self.protect()
    }

    /// To no access (`PROT_NONE`): a guard, or memory kept but sealed off.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// let sealed = m.make_none()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mprotect")]
    pub fn make_none(self) -> Result<Mmap<NoAccess>, Errno> {
        self.protect()
    }

    /// Advises the kernel how the whole mapping will be used (`madvise`).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m.advise(mman::map::Advice::Random)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub fn advise(&self, advice: Advice) -> Result<(), Errno> {
        self.advise_range(advice, 0, self.len)
    }

    /// [`advise`](Self::advise) for the pages holding `[offset, offset +
    /// len)`; `EINVAL` when the range leaves the mapping.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(8192).map_anon::<mman::map::ReadWrite>()?;
    /// m.advise_range(mman::map::Advice::WillNeed, 4096, 4096)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub fn advise_range(&self, advice: Advice, offset: usize, len: usize) -> Result<(), Errno> {
        // SAFETY: advice that changes no byte.
        unsafe { self.advise_unchecked(advice.to_raw(), offset, len) }
    }

    /// Advice that may change the bytes, for the whole mapping (`madvise`),
    /// as memmap2's `unchecked_advise`.
    ///
    /// # Safety
    ///
    /// As for [`advise_unchecked`](Self::advise_unchecked): the caller
    /// answers for what the program's references then see.
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite, UncheckedAdvice};
    /// let mut m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
    /// m[9] = 1;
    /// // SAFETY: no reference into the mapping is alive.
    /// unsafe { m.unchecked_advise(UncheckedAdvice::DontNeed)? };
    /// assert_eq!(m[9], 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub unsafe fn unchecked_advise(&self, advice: UncheckedAdvice) -> Result<(), Errno> {
        // SAFETY: the caller's.
        unsafe { self.advise_unchecked(advice.to_raw(), 0, self.len) }
    }

    /// [`unchecked_advise`](Self::unchecked_advise) for the pages holding
    /// `[offset, offset + len)`; `EINVAL` when the range leaves the
    /// mapping.
    ///
    /// # Safety
    ///
    /// As for [`unchecked_advise`](Self::unchecked_advise).
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite, UncheckedAdvice};
    /// let m = MapOptions::new().len(8192).map_anon::<ReadWrite>()?;
    /// // SAFETY: no reference into the mapping is alive.
    /// unsafe { m.unchecked_advise_range(UncheckedAdvice::Free, 4096, 4096)? };
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub unsafe fn unchecked_advise_range(
        &self,
        advice: UncheckedAdvice,
        offset: usize,
        len: usize,
    ) -> Result<(), Errno> {
        // SAFETY: the caller's.
        unsafe { self.advise_unchecked(advice.to_raw(), offset, len) }
    }

    /// Any `madvise` advice (`MMAN_MADV_*`) for the pages holding
    /// `[offset, offset + len)`; `EINVAL` when the range leaves the mapping.
    ///
    /// # Safety
    ///
    /// The advice may change the bytes (`MADV_DONTNEED` zero-fills private
    /// anonymous pages, `MADV_FREE` may, `MADV_REMOVE` punches a hole in the
    /// file) or what a child of `fork` gets (`MADV_DONTFORK`,
    /// `MADV_WIPEONFORK`): the caller answers for what the program's
    /// references then see. Some advice makes the pages fault instead:
    /// after `MADV_GUARD_INSTALL` (Linux 6.13) every touch of the range
    /// raises `SIGSEGV`, under the safe slices too, so the caller must
    /// undo it (`MADV_GUARD_REMOVE`) before the mapping is used again;
    /// whatever the value, the pages must afterwards be reachable with
    /// the mapping's rights, as its type says. Never pass `MADV_HWPOISON`
    /// or `MADV_SOFT_OFFLINE`.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m[0] = 1;
    /// // SAFETY: no reference into the mapping is alive; the page reads as 0 again.
    /// unsafe { m.advise_unchecked(mman::consts::MMAN_MADV_DONTNEED, 0, 4096)? };
    /// assert_eq!(m[0], 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub unsafe fn advise_unchecked(
        &self,
        advice: c_int,
        offset: usize,
        len: usize,
    ) -> Result<(), Errno> {
        let Some((addr, len)) = self.page_range(offset, len)? else {
            return Ok(());
        };
        // SAFETY: a range of our own mapping; the caller answers for the advice.
        unsafe { raw::madvise(addr, len, advice) }
    }

    /// Grows or shrinks the mapping to `new_len` bytes (`mremap`). With
    /// `may_move`, the kernel may move it (`MREMAP_MAYMOVE`) when it cannot
    /// grow in place; the `&mut self` ensures no reference into it is alive.
    ///
    /// Only private anonymous memory grows without limit (each new page is
    /// a fresh zero page of its own). Any other mapping grows only over the
    /// bytes of what backs it that it owns: a file up to its end as it was
    /// mapped, shared anonymous memory up to the size it was made with (the
    /// kernel's object behind it keeps that size, and no call grows it: its
    /// pages past it would raise `SIGBUS`), and never past a
    /// [`split_off`](Self::split_off) point, whose bytes the other part
    /// owns. What a shrink gives up is given up for good: the mapping does
    /// not grow over it again.
    ///
    /// It grows in place only into address space where a
    /// [`hint`](super::MapOptions::hint) would place a new mapping: never
    /// into the guard gap below the stack (or below any region that grows
    /// down), where `mremap` alone would let it grow and the stack's frames
    /// would then be written into it, nor into the rest of the space the
    /// main thread's stack may grow into (`RLIMIT_STACK`), where it would
    /// stop the stack. A probe mapping with a hint asks first; if it is not
    /// placed there, the mapping moves (with `may_move`) or stays as it is
    /// (`ENOMEM`).
    ///
    /// # Errors
    ///
    /// `ENOMEM` when it cannot grow in place and `may_move` is false, when
    /// there is no room, when it would grow past the bytes it owns (as
    /// above) or past `isize::MAX` bytes, and for an empty mapping, which
    /// has no pages to grow from (map anew); `EINVAL` for a length of 0.
    /// On error the mapping is as it was.
    ///
    /// A mapping made at an offset inside a page keeps that offset: the
    /// lengths count from [`as_ptr`](Self::as_ptr), as memmap2's.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m[4095] = 7;
    /// m.remap(3 * 4096, true)?;
    /// assert_eq!((m.len(), m[4095], m[3 * 4096 - 1]), (3 * 4096, 7, 0));
    /// m.remap(100, false)?;
    /// assert_eq!(m.len(), 100);
    /// // Shared anonymous memory keeps the size it was made with.
    /// let mut s = mman::map::MapOptions::new().len(4096).shared().map_anon::<mman::map::ReadWrite>()?;
    /// assert_eq!(s.remap(2 * 4096, true), Err(mman::Errno::NOMEM));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mremap")]
    #[doc(alias = "RemapOptions")]
    pub fn remap(&mut self, new_len: usize, may_move: bool) -> Result<(), Errno> {
        if new_len == 0 {
            return Err(Errno::INVAL);
        }
        if self.map_len() == 0 {
            return Err(Errno::NOMEM);
        }
        // The new length of the pages, from their start.
        let new_map_len = self.head.checked_add(new_len).ok_or(Errno::NOMEM)?;
        let new_map_len = if self.unit == raw::page_size() {
            new_map_len
        } else {
            round_up(new_map_len, self.unit).ok_or(Errno::NOMEM)?
        };
        if isize::try_from(new_map_len).is_err() {
            return Err(Errno::NOMEM);
        }
        let new_len = new_map_len.wrapping_sub(self.head);
        if new_len > self.len && self.backed.is_some_and(|backed| new_len > backed) {
            return Err(Errno::NOMEM);
        }
        let (flags, to) = match self.grow_into(new_map_len, may_move)? {
            Growth::InPlace => (if may_move { MMAN_MREMAP_MAYMOVE } else { 0 }, None),
            Growth::Into(to) => (MMAN_MREMAP_MAYMOVE | MMAN_MREMAP_FIXED, Some(to)),
        };
        let target = to
            .as_ref()
            .map_or(core::ptr::null_mut(), |r| r.as_mut_ptr().cast());
        // SAFETY: our own mapping (`&mut self`: nothing borrows it), moved
        // if at all to a place the kernel chose: over our own reservation
        // `to`, or (`MREMAP_MAYMOVE` alone) one it finds free.
        let p = unsafe { raw::mremap(self.addr(), self.map_len(), new_map_len, flags, target) }?;
        // The reservation is the mapping's now: not to be unmapped.
        let _ = to.map(Mmap::into_raw);
        // The kernel never returns null for a mapping it moved.
        self.ptr = NonNull::new(p.cast::<u8>().wrapping_add(self.head))
            .filter(|_| !p.is_null())
            .ok_or(Errno::NOMEM)?;
        if new_len < self.len {
            // The pages given up are not the mapping's any more.
            let end =
                round_up(new_map_len, self.unit).map_or(new_len, |e| e.wrapping_sub(self.head));
            self.backed = self.backed.map(|backed| backed.min(end));
        }
        self.len = new_len;
        Ok(())
    }

    /// Where growing to `new_map_len` bytes (from the start of the pages)
    /// may go. In place only where a hint
    /// would put a mapping: the kernel honours one only outside the guard
    /// gap of a stack (and of any region that grows down), and `hint`
    /// passes none on within the main stack's reach, while `mremap` grows
    /// in place into any range that is merely unmapped, the space below
    /// `[stack]` included. So a probe asks first; if it is refused, the
    /// mapping moves (`may_move`) into a reservation the kernel placed, or
    /// the growth fails with `ENOMEM`.
    fn grow_into(&self, new_map_len: usize, may_move: bool) -> Result<Growth, Errno> {
        let end = round_up(self.map_len(), self.unit).ok_or(Errno::NOMEM)?;
        let new_end = round_up(new_map_len, self.unit).ok_or(Errno::NOMEM)?;
        let Some(delta) = new_end.checked_sub(end).filter(|&d| d != 0) else {
            return Ok(Growth::InPlace); // no new page
        };
        let at = self.base().wrapping_add(end).cast_const();
        let probe = MapOptions::new()
            .len(delta)
            .no_reserve()
            .hint(at)
            .map_anon::<NoAccess>();
        if probe.is_ok_and(|p| p.as_ptr() == at) {
            return Ok(Growth::InPlace); // the probe goes on drop
        }
        // Huge pages would need a reservation aligned to them: not moved.
        if !may_move || self.unit != raw::page_size() {
            return Err(Errno::NOMEM);
        }
        let to = MapOptions::new()
            .len(new_end)
            .no_reserve()
            .map_anon::<NoAccess>()?;
        Ok(Growth::Into(to))
    }

    /// Which pages are in memory (`mincore`): one byte per *base* page
    /// ([`raw::page_size`], 4096 bytes) of the mapping in `out`, bit 0 set
    /// for a resident page. Returns the number of base pages,
    /// `ceil(len() / raw::page_size())` (counted from the start of the
    /// first page, for a mapping made at an offset inside one; 0 for an
    /// empty mapping).
    ///
    /// The unit is the base page even under [`MapOptions::huge_pages`]
    /// (where [`page_size`](Self::page_size) is the huge page size): the
    /// kernel's `mincore` writes one byte per base page whatever backs the
    /// range, every byte of a resident huge page reading as resident. A
    /// mapping of one 2 MiB huge page thus needs 512 bytes.
    ///
    /// [`MapOptions::huge_pages`]: super::MapOptions::huge_pages
    ///
    /// # Errors
    ///
    /// `EINVAL` when `out` has fewer bytes than the mapping has base pages.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(2 * 4096).map_anon::<mman::map::ReadWrite>()?;
    /// m[4096] = 1;
    /// let mut pages = [0u8; 2];
    /// assert_eq!(m.mincore(&mut pages)?, 2);
    /// assert_eq!((pages[0] & 1, pages[1] & 1), (0, 1));
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn mincore(&self, out: &mut [u8]) -> Result<usize, Errno> {
        let pages = self.base_pages();
        let out = out.get_mut(..pages).ok_or(Errno::INVAL)?;
        if pages == 0 {
            return Ok(0); // an empty mapping
        }
        // SAFETY: our own mapping, and `out` has a byte per base page of
        // it, which is what the kernel writes.
        unsafe { raw::mincore(self.addr(), self.map_len(), out.as_mut_ptr()) }?;
        Ok(pages)
    }

    /// Counts the base pages ([`raw::page_size`]) in memory, as
    /// [`mincore`](Self::mincore) reports them (a chunk at a time, with no
    /// allocation). Under huge pages, a resident huge page counts as all its
    /// base pages.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).populate().map_anon::<mman::map::ReadWrite>()?;
    /// assert_eq!(m.residency()?, mman::map::Residency { pages: 1, resident: 1 });
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mincore")]
    pub fn residency(&self) -> Result<Residency, Errno> {
        const CHUNK: usize = 256;
        let mut buf = [0u8; CHUNK];
        let page = raw::page_size();
        let pages = self.base_pages();
        let mut resident = 0usize;
        let mut done = 0usize;
        while done < pages {
            let n = core::cmp::min(CHUNK, pages.wrapping_sub(done));
            // `done < pages` base pages lie inside the mapping: `offset <
            // len`, and the chunk's length is cut to the mapping's end, so
            // it spans at most `n` base pages.
            let offset = done.checked_mul(page).ok_or(Errno::INVAL)?;
            let len = core::cmp::min(
                n.checked_mul(page).ok_or(Errno::INVAL)?,
                self.map_len().checked_sub(offset).ok_or(Errno::INVAL)?,
            );
            let chunk = buf.get_mut(..n).ok_or(Errno::INVAL)?;
            // SAFETY: a page-aligned range of our own mapping of at most `n`
            // base pages; `chunk` has a byte for each, which is what the
            // kernel writes.
            unsafe {
                raw::mincore(
                    self.base().wrapping_add(offset).cast(),
                    len,
                    chunk.as_mut_ptr(),
                )
            }?;
            let here = chunk.iter().filter(|&&b| b & 1 != 0).count();
            resident = resident.saturating_add(here);
            done = done.saturating_add(n);
        }
        Ok(Residency { pages, resident })
    }

    /// The number of base pages ([`raw::page_size`]) the mapping spans:
    /// the size of `mincore`'s vector, whatever the mapping's page size.
    fn base_pages(&self) -> usize {
        base_pages(self.map_len(), raw::page_size())
    }

    /// Splits the mapping in two at byte `at`, where a page starts: `self`
    /// keeps `[0, at)` and the result owns `[at, len)`. No system call;
    /// each part unmaps its own pages on drop. (`at` counts from
    /// [`as_ptr`](Self::as_ptr): for a mapping made at an offset inside a
    /// page, the pages start `page_size - offset % page_size` bytes in.)
    ///
    /// The bytes of what backs the mapping are split with it: unless the
    /// mapping is private anonymous memory (which has nothing behind it),
    /// the head's slices and [`remap`](Self::remap) stop at `at` for good,
    /// so that growing the head never maps the tail's part of a file or
    /// shared object a second time.
    ///
    /// # Errors
    ///
    /// `EINVAL` when `at` is not where a page starts or is not strictly
    /// inside the mapping.
    ///
    /// ```
    /// use mman::map::{MapOptions, ReadWrite};
    /// let mut head = MapOptions::new().len(3 * 4096).map_anon::<ReadWrite>()?;
    /// let tail = head.split_off(4096)?;
    /// assert_eq!((head.len(), tail.len()), (4096, 2 * 4096));
    /// assert_eq!(tail.as_ptr(), head.as_ptr().wrapping_add(4096));
    /// // Make the tail a guard page region, keep the head.
    /// let _guard = tail.make_none()?;
    /// head[4095] = 1;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub fn split_off(&mut self, at: usize) -> Result<Mmap<A>, Errno> {
        // From the start of the pages (`at < len`: no wrap).
        let page_at = self.head.wrapping_add(at);
        if at == 0 || at >= self.len || round_down(page_at, self.unit) != page_at {
            return Err(Errno::INVAL);
        }
        // `0 < at < len`: in bounds, no wrap.
        let tail = NonNull::new(self.as_mut_ptr().wrapping_add(at)).ok_or(Errno::INVAL)?;
        let tail_len = self.len.wrapping_sub(at);
        let tail_backed = self.backed.map(|backed| backed.saturating_sub(at));
        self.len = at;
        // The bytes from `at` on are the tail's: the head never reaches
        // them again, by its slices or by growing.
        self.backed = self.backed.map(|backed| backed.min(at));
        // SAFETY: the tail pages, ours alone now that `self` stops before
        // them; they start on a page.
        Ok(unsafe { Mmap::from_parts(tail, tail_len, 0, tail_backed, self.unit) })
    }
}

/// Where [`Mmap::remap`] grows a mapping: see [`Mmap::grow_into`].
enum Growth {
    /// In place, or (with `MREMAP_MAYMOVE`) wherever the kernel finds room.
    InPlace,
    /// Moved over this reservation of the new length.
    Into(Mmap<NoAccess>),
}

/// The number of pages of `page` bytes (a power of two) over `len` bytes,
/// rounded up: the length of the vector `mincore` fills for them.
/// Saturates for a `len` near the top of the address space, which no
/// mapping has.
fn base_pages(len: usize, page: usize) -> usize {
    round_up(len, page)
        .unwrap_or(usize::MAX)
        .checked_div(page)
        .unwrap_or(0)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    /// `mincore` writes a byte per base page even under `MAP_HUGETLB`; the
    /// vector was sized in huge pages (one byte for a 2 MiB page, which got
    /// 512 written). Huge pages need not be configured to check the sizing:
    /// a 2 MiB mapping of base pages that calls itself a mapping of one
    /// 2 MiB page meets the same kernel arithmetic.
    #[test]
    fn mincore_counts_base_pages_whatever_the_page_size() {
        const HUGE: usize = 2 << 20;
        let page = raw::page_size();
        let want = HUGE / page;
        // SAFETY: a fresh anonymous mapping, no MAP_FIXED.
        let p = unsafe {
            raw::mmap(
                core::ptr::null_mut(),
                HUGE,
                ReadWrite::PROT,
                MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        let Ok(p) = p else { return };
        let Some(ptr) = NonNull::new(p.cast::<u8>()) else {
            return;
        };
        // SAFETY: ours alone, read-write; `unit` stands for a huge page.
        let mut m: Mmap<ReadWrite> = unsafe { Mmap::from_parts(ptr, HUGE, 0, None, HUGE) };
        m.as_mut_slice()[0] = 1;
        m.as_mut_slice()[HUGE - 1] = 1;
        assert_eq!(m.page_size(), HUGE);

        // One byte per huge page is refused, and nothing past it is written.
        let mut guarded = [0xAAu8; 2048];
        assert_eq!(m.mincore(&mut guarded[..1]), Err(Errno::INVAL));
        assert!(guarded.iter().all(|&b| b == 0xAA));
        // One byte per base page is what the kernel fills.
        assert_eq!(m.mincore(&mut guarded[..want]), Ok(want));
        assert!(guarded[want..].iter().all(|&b| b == 0xAA));
        assert_eq!((guarded[0] & 1, guarded[want - 1] & 1), (1, 1));
        // Residency: base pages, over more than one stack chunk.
        let r = m.residency();
        assert!(matches!(r, Ok(Residency { pages, resident }) if pages == want && resident >= 2));
        assert_eq!(base_pages(1, page), 1);
        assert_eq!(base_pages(HUGE + 1, page), want + 1);
        assert_eq!(base_pages(usize::MAX, page), usize::MAX / page);
    }
}
