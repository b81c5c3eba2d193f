//! Access rights as types: what a mapping's pages allow, known at compile
//! time, so that a read-only mapping cannot hand out `&mut [u8]`.

use crate::consts::{MMAN_PROT_EXEC, MMAN_PROT_NONE, MMAN_PROT_READ, MMAN_PROT_WRITE};
use core::ffi::c_int;

mod sealed {
    pub trait Sealed {}
}

/// The access rights of a mapping, one marker type per set of `PROT_*`
/// bits: [`NoAccess`], [`Read`], [`ReadWrite`], [`ReadExec`].
///
/// Sealed: only this crate's markers implement it.
///
/// ```
/// use mman::map::{Access, Read, ReadWrite};
/// use mman::consts::*;
/// assert_eq!(<Read as Access>::PROT, MMAN_PROT_READ);
/// assert_eq!(<ReadWrite as Access>::PROT, MMAN_PROT_READ | MMAN_PROT_WRITE);
/// ```
pub trait Access: sealed::Sealed + Send + Sync + 'static {
    /// The `prot` argument of `mmap`/`mprotect` for these rights.
    const PROT: c_int;
}

/// Access rights that include reading: the mapping gives out `&[u8]`.
///
/// ```
/// fn first<A: mman::map::Readable>(m: &mman::map::Mmap<A>) -> Option<u8> {
///     m.as_slice().first().copied()
/// }
/// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
/// assert_eq!(first(&m), Some(0));
/// # Ok::<(), mman::Errno>(())
/// ```
pub trait Readable: Access {}

/// Access rights that include writing: the mapping gives out `&mut [u8]`.
///
/// ```
/// fn zero<A: mman::map::Writable>(m: &mut mman::map::Mmap<A>) {
///     m.as_mut_slice().fill(0)
/// }
/// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
/// zero(&mut m);
/// # Ok::<(), mman::Errno>(())
/// ```
pub trait Writable: Readable {}

/// `PROT_NONE`: no access; a reservation or a guard region.
///
/// ```
/// let guard = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::NoAccess>()?;
/// assert_eq!(guard.len(), 4096);
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAccess {}

/// `PROT_READ`: read-only.
///
/// ```
/// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::Read>()?;
/// assert!(m.iter().all(|&b| b == 0));
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {}

/// `PROT_READ | PROT_WRITE`: read-write.
///
/// ```
/// let mut m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
/// m[0] = 1;
/// assert_eq!(m[0], 1);
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadWrite {}

/// `PROT_READ | PROT_EXEC`: read and execute, as a JIT's code once written.
///
/// ```
/// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
/// let code: mman::map::Mmap<mman::map::ReadExec> = m.make_exec()?;
/// assert_eq!(code[0], 0);
/// # Ok::<(), mman::Errno>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadExec {}

impl sealed::Sealed for NoAccess {}
impl sealed::Sealed for Read {}
impl sealed::Sealed for ReadWrite {}
impl sealed::Sealed for ReadExec {}

impl Access for NoAccess {
    const PROT: c_int = MMAN_PROT_NONE;
}
impl Access for Read {
    const PROT: c_int = MMAN_PROT_READ;
}
impl Access for ReadWrite {
    const PROT: c_int = MMAN_PROT_READ | MMAN_PROT_WRITE;
}
impl Access for ReadExec {
    const PROT: c_int = MMAN_PROT_READ | MMAN_PROT_EXEC;
}

impl Readable for Read {}
impl Readable for ReadWrite {}
impl Readable for ReadExec {}
impl Writable for ReadWrite {}
