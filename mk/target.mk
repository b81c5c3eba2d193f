# Other architectures: `make TARGET=<triple>` builds the C libraries for that
# target into target/<triple>/release (and the C programs into
# c-tests/build/<triple>), with Debian's cross compilers and Debian's Rust
# (rustc-web, cargo-web, rust-web-src: it builds `core` for any target with
# -Zbuild-std; rustup cannot download targets here). README "Targets" says
# how to set a machine up; mk/cross.mk runs the checks under qemu-user.
#
# Per target: the GNU triple of its gcc and binutils, and qemu-user's name.
CROSS_TARGETS := aarch64-unknown-linux-gnu riscv64gc-unknown-linux-gnu \
	armv7-unknown-linux-gnueabihf i686-unknown-linux-gnu \
	powerpc64le-unknown-linux-gnu s390x-unknown-linux-gnu
gnu.aarch64-unknown-linux-gnu       := aarch64-linux-gnu
gnu.riscv64gc-unknown-linux-gnu     := riscv64-linux-gnu
gnu.armv7-unknown-linux-gnueabihf   := arm-linux-gnueabihf
gnu.i686-unknown-linux-gnu          := i686-linux-gnu
gnu.powerpc64le-unknown-linux-gnu   := powerpc64le-linux-gnu
gnu.s390x-unknown-linux-gnu         := s390x-linux-gnu
qemu.aarch64-unknown-linux-gnu      := aarch64
qemu.riscv64gc-unknown-linux-gnu    := riscv64
qemu.armv7-unknown-linux-gnueabihf  := arm
qemu.i686-unknown-linux-gnu         := i386
qemu.powerpc64le-unknown-linux-gnu  := ppc64le
qemu.s390x-unknown-linux-gnu        := s390x

TARGET ?=
# Added to the C library's cargo command line (mk/lib.mk).
CARGO_TARGET_FLAGS :=
# How a test program of the target runs: directly on the host, or under
# qemu-user (mk/cross.mk).
RUN :=
# errno_paths: natively, mman and glibc must both give the errno expected on
# x86_64; elsewhere, mman must give what the target's glibc gives.
ERRNO_PATHS_FLAGS :=
# The family's C++ build (no cross g++ is installed for other targets).
FAMILY_CXX := family_posix_names_cxx

ifneq ($(TARGET),)
GNU := $(gnu.$(TARGET))
ifeq ($(GNU),)
$(error TARGET=$(TARGET) is not one of: $(CROSS_TARGETS))
endif
RELEASE := target/$(TARGET)/release
BUILD   := c-tests/build/$(TARGET)
ifeq ($(origin CC),default)
CC      := $(GNU)-gcc
endif
CROSS_PREFIX ?= $(GNU)-
# Debian's cargo and rustc (rustup's, first in PATH, cannot build core for
# another target); RUSTC_BOOTSTRAP lets a stable compiler take -Z flags. A
# rustup toolchain with the target installed takes CROSS_CARGO=cargo
# BUILD_STD= instead.
TARGET_ENV := $(shell echo $(TARGET) | tr a-z- A-Z_)
CROSS_CARGO ?= env RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo
BUILD_STD ?= -Zbuild-std=core
# rustix 1.1 makes its system calls itself (no libc) on powerpc64le and
# s390x only with --cfg rustix_use_experimental_asm; elsewhere that is its
# default, and the cfg changes nothing.
CARGO := env CARGO_TARGET_$(TARGET_ENV)_LINKER=$(CC) \
	'CARGO_TARGET_$(TARGET_ENV)_RUSTFLAGS=--cfg rustix_use_experimental_asm' $(CROSS_CARGO)
CARGO_TARGET_FLAGS := $(BUILD_STD) --target $(TARGET)
# The Rust test binaries for the target (mk/cross.mk): std built from
# source as well, in release mode, unwinding (libtest and the tests' forked
# children catch panics; with the release profile's panic=abort, cargo
# builds std twice and rustc stops at a duplicate lang item).
CROSS_TEST_FLAGS := --release -Zbuild-std --config 'profile.release.panic="unwind"' \
	--target $(TARGET) --features capi
# qemu-user with the target's glibc, its loader's library path (without it
# some targets hang or crash), a page size if PAGESIZE is set (aarch64: 16384
# or 65536), MMAN_EMULATED for the checks qemu-user cannot show (they say
# so and why: c-tests/family_check.h), and stdout line-buffered in the
# program, as stdbuf(1) makes it natively (stdbuf's preload is the host's,
# which a target program cannot load).
RUN := qemu-$(qemu.$(TARGET)) -L /usr/$(GNU) -E LD_LIBRARY_PATH=/usr/$(GNU)/lib -E MMAN_EMULATED=1 \
	-E LD_PRELOAD=$(abspath $(BUILD))/linebuf.so $(if $(PAGESIZE),-p $(PAGESIZE))
ERRNO_PATHS_FLAGS := --same-only
FAMILY_CXX :=
endif
