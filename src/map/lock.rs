//! Locking pages in memory: `mlock`, `mlock2` (`MLOCK_ONFAULT`),
//! `munlock` for a mapping, `mlockall` and `munlockall` for the process.

use super::{Access, Mmap};
use crate::consts::*;
use crate::{raw, Errno};
use core::ffi::{c_int, c_void};
use core::ops::BitOr;

impl<A: Access> Mmap<A> {
    /// Locks the pages in memory (`mlock`): faulted in now, never swapped.
    /// A no-op for an empty mapping.
    ///
    /// # Errors
    ///
    /// `ENOMEM`/`EPERM` over `RLIMIT_MEMLOCK` without `CAP_IPC_LOCK`,
    /// `EAGAIN`.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).map_anon::<mman::map::ReadWrite>()?;
    /// m.lock()?;
    /// assert!(m.residency()?.all_resident());
    /// m.unlock()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mlock")]
    pub fn lock(&self) -> Result<(), Errno> {
        // SAFETY: our own mapping.
        self.locking(|addr, len| unsafe { raw::mlock(addr, len) })
    }

    /// Locks the pages in memory as they are first touched (`mlock2` with
    /// `MLOCK_ONFAULT`, Linux 4.4): none is faulted in now, and each one,
    /// once touched, stays in memory. For a large mapping used sparsely.
    ///
    /// # Errors
    ///
    /// As [`lock`](Self::lock); `EINVAL` on a kernel without `mlock2`.
    ///
    /// ```
    /// let mut m = mman::map::MapOptions::new().len(2 * 4096).map_anon::<mman::map::ReadWrite>()?;
    /// m.lock_on_fault()?;
    /// assert_eq!(m.residency()?.resident, 0); // nothing faulted in yet
    /// m[0] = 1;
    /// assert_eq!(m.residency()?.resident, 1); // the touched page, locked
    /// m.unlock()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "mlock2")]
    #[doc(alias = "MLOCK_ONFAULT")]
    pub fn lock_on_fault(&self) -> Result<(), Errno> {
        // SAFETY: our own mapping.
        self.locking(|addr, len| unsafe { raw::mlock2(addr, len, MMAN_MLOCK_ONFAULT) })
    }

    /// `call` over the whole mapping, unless it is empty. `lock` is plain
    /// `mlock`, not `mlock2` with flags 0: on riscv64 `raw::mlock2` is
    /// always the `mlock2` system call, as glibc's is there.
    fn locking(
        &self,
        call: impl FnOnce(*const c_void, usize) -> Result<(), Errno>,
    ) -> Result<(), Errno> {
        if self.map_len() == 0 {
            return Ok(());
        }
        call(self.addr(), self.map_len())
    }

    /// Unlocks the pages (`munlock`). A no-op for an empty mapping.
    ///
    /// ```
    /// let m = mman::map::MapOptions::new().len(4096).locked().map_anon::<mman::map::ReadWrite>()?;
    /// m.unlock()?;
    /// # Ok::<(), mman::Errno>(())
    /// ```
    #[doc(alias = "munlock")]
    pub fn unlock(&self) -> Result<(), Errno> {
        if self.map_len() == 0 {
            return Ok(());
        }
        // SAFETY: our own mapping.
        unsafe { raw::munlock(self.addr(), self.map_len()) }
    }
}

/// What [`lock_all`] locks: the pages mapped now ([`current`](Self::current)),
/// those mapped later ([`future`](Self::future)), or both (`|`);
/// [`on_fault`](Self::on_fault) locks each page when it is first touched
/// rather than now.
///
/// ```
/// use mman::map::LockAll;
/// let both = LockAll::current() | LockAll::future();
/// assert_eq!(both.to_raw(), mman::consts::MMAN_MCL_CURRENT | mman::consts::MMAN_MCL_FUTURE);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LockAll(c_int);

impl LockAll {
    /// `MCL_CURRENT`: every page mapped now.
    ///
    /// ```
    /// assert_eq!(mman::map::LockAll::current().to_raw(), mman::consts::MMAN_MCL_CURRENT);
    /// ```
    pub const fn current() -> LockAll {
        LockAll(MMAN_MCL_CURRENT)
    }

    /// `MCL_FUTURE`: every page mapped from now on (a map or a stack's
    /// growth that would pass `RLIMIT_MEMLOCK` then fails: `ENOMEM`,
    /// `EAGAIN`, or `SIGSEGV` for the stack).
    ///
    /// ```
    /// assert_eq!(mman::map::LockAll::future().to_raw(), mman::consts::MMAN_MCL_FUTURE);
    /// ```
    pub const fn future() -> LockAll {
        LockAll(MMAN_MCL_FUTURE)
    }

    /// `MCL_ONFAULT` (Linux 4.4), with [`current`](Self::current) or
    /// [`future`](Self::future): lock pages as they are touched, not now.
    ///
    /// ```
    /// let f = mman::map::LockAll::current().on_fault();
    /// assert_eq!(f.to_raw(), mman::consts::MMAN_MCL_CURRENT | mman::consts::MMAN_MCL_ONFAULT);
    /// ```
    #[must_use = "on_fault returns the changed value"]
    pub const fn on_fault(self) -> LockAll {
        LockAll(self.0 | MMAN_MCL_ONFAULT)
    }

    /// The C value, as `mlockall` takes it.
    ///
    /// ```
    /// assert_eq!(mman::map::LockAll::future().to_raw(), mman::consts::MMAN_MCL_FUTURE);
    /// ```
    pub const fn to_raw(self) -> c_int {
        self.0
    }
}

impl BitOr for LockAll {
    type Output = LockAll;
    fn bitor(self, other: LockAll) -> LockAll {
        LockAll(self.0 | other.0)
    }
}

/// Locks the process's pages in memory (`mlockall`), as `what` says.
///
/// Safe: it changes no byte and moves no page. It touches every mapping of
/// the process (its libraries' and other threads' too): `madvise(MADV_DONTNEED)`
/// fails with `EINVAL` on locked pages, and with [`LockAll::future`] new
/// mappings count against `RLIMIT_MEMLOCK`.
///
/// # Errors
///
/// The kernel's: `EINVAL` for nothing to lock; `ENOMEM` past
/// `RLIMIT_MEMLOCK`; `EPERM` without `CAP_IPC_LOCK` and a limit of 0.
///
/// ```
/// use mman::map::{lock_all, LockAll};
/// // Neither current nor future pages: EINVAL, before anything is locked.
/// assert_eq!(lock_all(LockAll::default().on_fault()), Err(mman::Errno::INVAL));
/// ```
#[doc(alias = "mlockall")]
pub fn lock_all(what: LockAll) -> Result<(), Errno> {
    // SAFETY: locking changes no memory.
    unsafe { raw::mlockall(what.to_raw()) }
}

/// Unlocks every page of the process (`munlockall`), and ends
/// [`LockAll::future`].
///
/// ```
/// mman::map::unlock_all()?;
/// # Ok::<(), mman::Errno>(())
/// ```
#[doc(alias = "munlockall")]
pub fn unlock_all() -> Result<(), Errno> {
    // SAFETY: unlocking changes no memory.
    unsafe { raw::munlockall() }
}
