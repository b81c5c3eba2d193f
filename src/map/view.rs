//! Views of a mapping: slices where its rights allow them, and atomics for
//! memory shared with other threads or processes.

use super::{Mmap, Readable, Writable};
use core::ops::{Deref, DerefMut};
use core::sync::atomic::AtomicU8;

impl<A: Readable> Mmap<A> {
    /// The mapping as bytes, up to [`view_len`](Mmap::view_len).
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::Read>()?;
    /// assert_eq!(m.as_slice(), &[0u8; 4096][..]);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `view_len` bytes from `ptr` are mapped readable and,
        // for a file, within its pages at map time (the caller of
        // `MapOptions::map` vouched the file stays so); `&self` keeps them
        // mapped and shuts out `&mut` access.
        unsafe { core::slice::from_raw_parts(self.as_ptr(), self.view_len()) }
    }
}

impl<A: Writable> Mmap<A> {
    /// The mapping as mutable bytes, up to [`view_len`](Mmap::view_len).
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(4).map_anon::<mman::map::ReadWrite>()?;
    /// m.as_mut_slice().copy_from_slice(b"abcd");
    /// assert_eq!(&m[..], b"abcd");
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`, and the rights allow writes; `&mut self`
        // makes the borrow exclusive within the process.
        unsafe { core::slice::from_raw_parts_mut(self.as_mut_ptr(), self.view_len()) }
    }

    /// The mapping as atomic bytes, up to [`view_len`](Mmap::view_len): the
    /// sound way to share it with other threads, or with other processes
    /// that write it at the same time (a `MAP_SHARED` mapping across
    /// `fork`), since a `&[u8]` promises that no one else writes.
    ///
    /// It takes `&mut self`: while the atomics live, no `&[u8]` (from
    /// [`as_slice`](Mmap::as_slice), `Deref`, …) can exist over the same
    /// bytes in this process, for a write through an atomic under a live
    /// `&[u8]` is undefined behaviour. The returned `&[AtomicU8]` is itself
    /// `Send + Sync`: share it with other threads (with
    /// `std::thread::scope`, say).
    ///
    /// ```
    /// use core::sync::atomic::Ordering;
    /// let mut m = mman::map::MapOptions::new().len(4096).shared().map_anon::<mman::map::ReadWrite>()?;
    /// let bytes = m.as_atomic_bytes();
    /// std::thread::scope(|s| {
    ///     s.spawn(|| bytes[0].store(5, Ordering::Release));
    /// });
    /// assert_eq!(bytes[0].load(Ordering::Acquire), 5);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    ///
    /// A `&[u8]` and the atomics cannot be held at once:
    ///
    /// ```compile_fail,E0502
    /// use core::sync::atomic::Ordering;
    /// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// let s: &[u8] = &m;
    /// let a = m.as_atomic_bytes();
    /// a[0].store(1, Ordering::SeqCst);
    /// assert_eq!(s[0], 1);
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[inline]
    pub fn as_atomic_bytes(&mut self) -> &[AtomicU8] {
        // SAFETY: `AtomicU8` has the layout of `u8`; the bytes are mapped
        // read-write for `view_len`; atomics allow concurrent writers, and
        // `&mut self` keeps every non-atomic reference of this process off
        // these bytes for as long as the atomics live.
        unsafe { core::slice::from_raw_parts(self.as_ptr().cast::<AtomicU8>(), self.view_len()) }
    }
}

impl<A: Readable> Deref for Mmap<A> {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<A: Writable> DerefMut for Mmap<A> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        self.as_mut_slice()
    }
}

impl<A: Readable> AsRef<[u8]> for Mmap<A> {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl<A: Writable> AsMut<[u8]> for Mmap<A> {
    #[inline]
    fn as_mut(&mut self) -> &mut [u8] {
        self.as_mut_slice()
    }
}

// SAFETY: the bytes are the mapping's pages (or, for an empty mapping, a
// dangling pointer with no bytes), which stay where they are when the
// `Mmap` moves; `deref` gives the same address and length for as long as
// no `&mut self` method (`remap`, `split_off`) runs, and those are all
// `StableDeref` asks about (`&self` methods change neither).
#[cfg(feature = "stable_deref_trait")]
unsafe impl<A: Readable> stable_deref_trait::StableDeref for Mmap<A> {}

#[cfg(all(test, feature = "stable_deref_trait"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::{MapOptions, Read, ReadWrite};
    use stable_deref_trait::StableDeref;

    /// What an owning-reference crate does: keep the owner, move it, and
    /// trust the address of what it derefs to.
    fn address_after_move<T: StableDeref<Target = [u8]>>(owner: T) -> (*const u8, usize, T) {
        let at = owner.as_ptr();
        let moved = [owner];
        let [owner] = moved;
        (at, owner.len(), owner)
    }

    #[test]
    fn mappings_are_stable_deref() {
        let m = MapOptions::new().len(10).map_anon::<ReadWrite>().unwrap();
        let before = m.as_ptr();
        let (at, len, m) = address_after_move(m);
        assert_eq!((at, len, m.as_ptr()), (before, 10, before));
        let empty = MapOptions::new().map_anon::<Read>().unwrap();
        let (_, len, _) = address_after_move(empty);
        assert_eq!(len, 0);
    }
}
