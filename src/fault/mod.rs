//! Fault injection for tests: make chosen calls fail with a chosen `errno`,
//! deterministically, without reaching the kernel.
//!
//! Cargo feature `fault-rules` gives this module: the rules, written in the
//! grammar below, and [`check`], which counts a call and says whether a rule
//! makes it fail. Cargo feature `fault` (which implies `fault-rules`) also
//! makes every function of [`crate::raw`] call [`check`] first, so that the
//! safe API and the C functions fail as the rules say. Both are off by
//! default, and then nothing of this is compiled: the calls are as without
//! them. The preload library (`preload/`, `MMAN_FAULT`) uses `fault-rules`
//! and calls [`check`] itself, so that its trace can mark a failure as
//! injected.
//!
//! # Grammar
//!
//! ```text
//! spec  = rule { "," rule }
//! rule  = call ":" errno [ ":" when ]
//! call  = "mmap" | "munmap" | "msync" | "mprotect" | "madvise"
//!       | "posix_madvise" | "mlock" | "mlock2" | "munlock" | "mlockall"
//!       | "munlockall" | "mremap" | "mincore" | "memfd_create"
//!       | "shm_open" | "shm_unlink" | "*"
//! errno = "ENOMEM" | "EINVAL" | "EAGAIN" | … (a name of ERRNO_NAMES)
//! when  = "always"                   every call (the default)
//!       | "nth=" N                   the Nth call only (1 is the first)
//!       | "every=" N                 calls N, 2N, 3N, …
//!       | "after=" N                 every call after the first N
//!       | "p=" P [ ":seed=" S ]      each call with probability P (0 to 1,
//!                                    a decimal: 0.25), decided by a hash
//!                                    of the seed S (default 0) and the
//!                                    call's number: the same calls fail
//!                                    on every run
//! ```
//!
//! `mmap` covers `mmap64` too (one function on 64-bit Linux); `*` every
//! call. Each rule counts the calls of its function from the moment the
//! rules are set, across all threads; every rule counts every call of its
//! function, and the first rule (in the spec's order) that fires decides
//! the `errno`. At most 16 rules.
//!
//! ```
//! # #[cfg(feature = "fault")] {
//! use core::ptr::null_mut;
//! use mman::{consts::*, fault, raw, Errno};
//!
//! // The second mmap fails with ENOMEM, the others succeed.
//! fault::set(b"mmap:ENOMEM:nth=2").unwrap();
//! let anon = MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS;
//! let map = || unsafe { raw::mmap(null_mut(), 4096, MMAN_PROT_READ, anon, -1, 0) };
//! let first = map().unwrap();
//! assert_eq!(map(), Err(Errno::NOMEM));
//! let third = map().unwrap();
//! fault::clear();
//! unsafe { raw::munmap(first, 4096) }.unwrap();
//! unsafe { raw::munmap(third, 4096) }.unwrap();
//!
//! // A malformed spec changes nothing, and says what is wrong.
//! let e = fault::set(b"mmap:ENOMEM:nth=0").unwrap_err();
//! assert_eq!(e.message(), "N must be at least 1");
//! # }
//! ```

mod call;
mod spec;
mod table;

pub use call::Call;
pub use spec::{SpecError, ERRNO_NAMES};
pub use table::{check, clear, set};
