//! The functions a fault rule can name.

/// Defines [`Call`] and its C names, from one list.
macro_rules! calls {
    ($($variant:ident = $name:ident,)*) => {
        /// A `<sys/mman.h>` function, as a fault rule names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Call {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $variant,
            )*
        }

        impl Call {
            /// Every function, in declaration order.
            pub const ALL: &'static [Call] = &[$(Call::$variant),*];

            /// The C name (`"mmap"`, …), as the grammar writes it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Call::$variant => stringify!($name),)*
                }
            }
        }
    };
}

calls! {
    Mmap = mmap,
    Munmap = munmap,
    Msync = msync,
    Mprotect = mprotect,
    Madvise = madvise,
    PosixMadvise = posix_madvise,
    Mlock = mlock,
    Mlock2 = mlock2,
    Munlock = munlock,
    Mlockall = mlockall,
    Munlockall = munlockall,
    Mremap = mremap,
    Mincore = mincore,
    MemfdCreate = memfd_create,
    ShmOpen = shm_open,
    ShmUnlink = shm_unlink,
}

impl Call {
    /// The function called `name`, if any.
    pub fn from_name(name: &[u8]) -> Option<Call> {
        Call::ALL
            .iter()
            .copied()
            .find(|c| c.name().as_bytes() == name)
    }
}
