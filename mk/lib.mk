# The C libraries, libmman.a and libmman.so, and the generated header.

# Build the C libraries from the rlib crate: --cfg mman_c_library adds the
# panic handler a no_std staticlib/cdylib needs (unreachable: see src/panic.rs).
# rustix/use-explicitly-provided-auxv: rustix never reads the auxiliary
# vector itself, and nothing in the C libraries gives it one (page_size
# reads AT_PAGESZ on its own). Otherwise, on i686, where rustix makes its
# system calls through the vDSO's __kernel_vsyscall, its first call looks
# the vDSO up from the auxiliary vector, and its reader panics where
# neither prctl(PR_GET_AUXV) nor /proc/self/auxv is there. So they use
# `int $0x80` there, and no panic path is linked in.
CLIB_FEATURES := capi,rustix/use-explicitly-provided-auxv
CARGO_CLIB := $(CARGO) rustc $(CARGO_TARGET_FLAGS) --release --features $(CLIB_FEATURES) --crate-type staticlib,cdylib -- \
	--cfg mman_c_library -C link-arg=-Wl,-soname,$(SONAME)

.PHONY: lib check-symbols
CHECKS += check-symbols

# The target's binutils for the C archive (mk/c-archive.sh): the host's by
# default; CROSS_PREFIX=aarch64-linux-gnu- (for instance) names a cross
# toolchain's. LD and AR are make's built-in variables: an explicit value
# (command line, environment) wins over CROSS_PREFIX.
CROSS_PREFIX ?=
ifeq ($(origin LD),default)
LD := $(CROSS_PREFIX)ld
endif
ifeq ($(origin AR),default)
AR := $(CROSS_PREFIX)ar
endif
OBJCOPY ?= $(CROSS_PREFIX)objcopy
READELF ?= $(CROSS_PREFIX)readelf

# rustc's staticlib (cargo hardlinks it to $(RELEASE)/libmman.a on every
# run), and the C archive made from it, kept apart so that its timestamp
# changes only with its content.
RUST_A := $(RELEASE)/deps/libmman.a
C_A    := $(RELEASE)/c-archive/libmman.a

# cargo decides what is up to date; build.rs rewrites include/mman.h only
# when its content changes. Then the C archive replaces cargo's libmman.a
# (a new file, not a write through cargo's hardlink into deps/).
lib:
	$(CARGO_CLIB)
	ln -sf libmman.so $(RELEASE)/$(SONAME)
	@mkdir -p $(dir $(C_A))
	LD="$(LD)" OBJCOPY="$(OBJCOPY)" AR="$(AR)" READELF="$(READELF)" sh mk/c-archive.sh $(RUST_A) $(C_A)
	cp -p $(C_A) $(RELEASE)/libmman.a.new && mv -f $(RELEASE)/libmman.a.new $(RELEASE)/libmman.a

include/mman.h $(RELEASE)/libmman.a $(RELEASE)/libmman.so: lib

# Only mman_* names defined (libmman.a) or exported (libmman.so), nothing
# left for the C program to provide but the C library's, no panic machinery
# (mk/check-symbols.sh, which reads every archive member with readelf).
check-symbols: lib
	READELF="$(READELF)" AR="$(AR)" sh mk/check-symbols.sh $(RELEASE)/libmman.a $(RELEASE)/libmman.so
	@$(READELF) -d $(RELEASE)/libmman.so | grep -q 'SONAME.*\[$(SONAME)\]' || { echo "FAIL soname is not $(SONAME)"; exit 1; }
	@echo "ok   libmman.so has soname $(SONAME)"
