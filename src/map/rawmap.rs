//! [`MmapRaw`]: a mapping reached through raw pointers only.

use super::{Access, Advice, Mmap, ReadWrite, SharedMmap, UncheckedAdvice};
use crate::Errno;
use core::fmt;

/// A mapping with no slices, only raw pointers, as memmap2's `MmapRaw`:
/// for memory that other processes or devices change, or a file that may
/// shrink under it. Safe to make ([`MapOptions::map_raw`]), since nothing
/// in it hands out a reference that such changes could break; every read
/// and write through [`as_ptr`](Self::as_ptr) and
/// [`as_mut_ptr`](Self::as_mut_ptr) is `unsafe`, and the caller's to
/// justify (volatile or atomic accesses for memory others change; a page
/// past the end of a file raises `SIGBUS`).
///
/// Any [`Mmap`] becomes one with `From` (giving up its slices);
/// [`into_mmap`](Self::into_mmap) turns it back (`unsafe`). `A` is the
/// access rights, [`ReadWrite`] by default (memmap2's `map_raw`);
/// [`MapOptions::map_raw_read_only`] gives an `MmapRaw<Read>`.
///
/// [`MapOptions::map_raw`]: super::MapOptions::map_raw
/// [`MapOptions::map_raw_read_only`]: super::MapOptions::map_raw_read_only
///
/// ```
/// use mman::map::{MapOptions, MmapRaw, ReadWrite};
/// let m = MapOptions::new().len(4096).map_anon::<ReadWrite>()?;
/// let raw = MmapRaw::from(m);
/// // SAFETY: in the mapping, which no reference covers.
/// unsafe { raw.as_mut_ptr().add(7).write_volatile(1) };
/// assert_eq!(unsafe { raw.as_ptr().add(7).read_volatile() }, 1);
/// # Ok::<(), mman::Errno>(())
/// ```
///
/// No slices:
///
/// ```compile_fail,E0608
/// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
/// let b = raw[0];
/// # Ok::<(), mman::Errno>(())
/// ```
pub struct MmapRaw<A: Access = ReadWrite> {
    map: Mmap<A>,
}

impl<A: Access> From<Mmap<A>> for MmapRaw<A> {
    /// Gives up the slices of a mapping.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(10).map_anon::<mman::map::Read>()?;
    /// assert_eq!(mman::map::MmapRaw::from(m).len(), 10);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    fn from(map: Mmap<A>) -> Self {
        MmapRaw { map }
    }
}

impl From<SharedMmap> for MmapRaw<ReadWrite> {
    /// Gives up the atomics and copies of a shared mapping.
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::shm::shared_anon(10)?);
    /// assert_eq!(raw.len(), 10);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    fn from(shared: SharedMmap) -> Self {
        // SAFETY: the slices of the result are never made.
        MmapRaw::from(unsafe { shared.into_mmap() })
    }
}

impl<A: Access> MmapRaw<A> {
    /// The start of the mapping (see [`Mmap::as_ptr`]).
    ///
    /// ```
    /// let raw = mman::map::MapOptions::new().len(1).map_anon::<mman::map::Read>().map(mman::map::MmapRaw::from)?;
    /// assert_eq!(unsafe { raw.as_ptr().read() }, 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// The start of the mapping, for writing (see [`Mmap::as_mut_ptr`]).
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// unsafe { raw.as_mut_ptr().write(1) };
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_mut_ptr(&self) -> *mut u8 {
        self.map.as_mut_ptr()
    }

    /// The length in bytes (see [`Mmap::len`]).
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(3).map_anon::<mman::map::ReadWrite>()?);
    /// assert_eq!(raw.len(), 3);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the mapping is empty (see [`Mmap::is_empty`]).
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().map_anon::<mman::map::ReadWrite>()?);
    /// assert!(raw.is_empty());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The page size of the mapping (see [`Mmap::page_size`]).
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// assert_eq!(raw.page_size(), mman::raw::page_size());
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn page_size(&self) -> usize {
        self.map.page_size()
    }

    /// [`Mmap::flush`].
    ///
    /// ```
    /// mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?).flush()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush(&self) -> Result<(), Errno> {
        self.map.flush()
    }

    /// [`Mmap::flush_async`].
    ///
    /// ```
    /// mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?).flush_async()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_async(&self) -> Result<(), Errno> {
        self.map.flush_async()
    }

    /// [`Mmap::flush_range`].
    ///
    /// ```
    /// mman::map::MmapRaw::from(mman::map::MapOptions::new().len(9).map_anon::<mman::map::ReadWrite>()?).flush_range(2, 3)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_range(&self, offset: usize, len: usize) -> Result<(), Errno> {
        self.map.flush_range(offset, len)
    }

    /// [`Mmap::flush_async_range`].
    ///
    /// ```
    /// mman::map::MmapRaw::from(mman::map::MapOptions::new().len(9).map_anon::<mman::map::ReadWrite>()?).flush_async_range(2, 3)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "msync")]
    pub fn flush_async_range(&self, offset: usize, len: usize) -> Result<(), Errno> {
        self.map.flush_async_range(offset, len)
    }

    /// [`Mmap::advise`].
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// raw.advise(mman::map::Advice::Random)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub fn advise(&self, advice: Advice) -> Result<(), Errno> {
        self.map.advise(advice)
    }

    /// [`Mmap::advise_range`].
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(9).map_anon::<mman::map::ReadWrite>()?);
    /// raw.advise_range(mman::map::Advice::WillNeed, 1, 2)?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub fn advise_range(&self, advice: Advice, offset: usize, len: usize) -> Result<(), Errno> {
        self.map.advise_range(advice, offset, len)
    }

    /// [`Mmap::unchecked_advise`].
    ///
    /// # Safety
    ///
    /// As for [`Mmap::unchecked_advise`]: what the advice does to the
    /// bytes is the caller's to answer for.
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// // SAFETY: no reference into the mapping exists.
    /// unsafe { raw.unchecked_advise(mman::map::UncheckedAdvice::DontNeed)? };
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "madvise")]
    pub unsafe fn unchecked_advise(&self, advice: UncheckedAdvice) -> Result<(), Errno> {
        // SAFETY: the caller's.
        unsafe { self.map.unchecked_advise(advice) }
    }

    /// [`Mmap::unchecked_advise_range`].
    ///
    /// # Safety
    ///
    /// As for [`Mmap::unchecked_advise`].
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(9).map_anon::<mman::map::ReadWrite>()?);
    /// // SAFETY: no reference into the mapping exists.
    /// unsafe { raw.unchecked_advise_range(mman::map::UncheckedAdvice::DontNeed, 0, 9)? };
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
        unsafe { self.map.unchecked_advise_range(advice, offset, len) }
    }

    /// [`Mmap::lock`].
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// raw.lock()?;
    /// raw.unlock()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mlock")]
    pub fn lock(&self) -> Result<(), Errno> {
        self.map.lock()
    }

    /// [`Mmap::unlock`].
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// raw.unlock()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "munlock")]
    pub fn unlock(&self) -> Result<(), Errno> {
        self.map.unlock()
    }

    /// [`Mmap::remap`]: the pointers from before may dangle after it.
    ///
    /// ```
    /// let mut raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// raw.remap(8192, true)?;
    /// assert_eq!(raw.len(), 8192);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mremap")]
    pub fn remap(&mut self, new_len: usize, may_move: bool) -> Result<(), Errno> {
        self.map.remap(new_len, may_move)
    }

    /// [`Mmap::unmap`].
    ///
    /// ```
    /// mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?).unmap()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "munmap")]
    pub fn unmap(self) -> Result<(), Errno> {
        self.map.unmap()
    }

    /// The mapping again, with its slices.
    ///
    /// # Safety
    ///
    /// The slices of the result must be sound: as for
    /// [`MapOptions::map`](super::MapOptions::map) when it maps a file
    /// (no one modifies or truncates it while the mapping lives), and for
    /// memory that other processes share, no one else writes it while a
    /// slice lives.
    ///
    /// ```
    /// let raw = mman::map::MmapRaw::from(mman::map::MapOptions::new().len(1).map_anon::<mman::map::ReadWrite>()?);
    /// // SAFETY: private anonymous memory, this process's alone.
    /// let m = unsafe { raw.into_mmap() };
    /// assert_eq!(m[0], 0);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    pub unsafe fn into_mmap(self) -> Mmap<A> {
        self.map
    }
}

impl<A: Access> fmt::Debug for MmapRaw<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MmapRaw")
            .field("ptr", &self.as_ptr())
            .field("len", &self.len())
            .field("prot", &A::PROT)
            .finish()
    }
}
