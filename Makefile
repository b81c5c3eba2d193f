# mman: build the C libraries and the header, and test everything.
#
#   make          target/release/libmman.a, libmman.so (+ libmman.so.0), include/mman.h,
#                 and libmman-preload.so, the POSIX names for LD_PRELOAD (mk/preload.mk)
#   make check    every check of every part below (see mk/*.mk)
#   make bench    benchmarks, never run by make check (mk/bench.mk)
#   make TARGET=aarch64-unknown-linux-gnu   the same for another architecture
#   make check-cross   the C programs on every other architecture, under qemu
#
# Needs only a Rust toolchain (cargo) and a C compiler. Each part of the
# build and of the checks lives in its own file under mk/; a part adds its
# checks to CHECKS, and `make check` runs them in order.

CARGO   ?= cargo
RELEASE := target/release
BUILD   := c-tests/build
# The version is Cargo.toml's (src/version.rs checks its copy against it at
# compile time); the soname carries its major number.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
SONAME  := libmman.so.$(firstword $(subst ., ,$(VERSION)))
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror

CHECKS  :=

.PHONY: all check clean
all: lib

include mk/target.mk

# The C and C++ compilers: the command line's or the environment's, else the
# target's (mk/target.mk), else cc and c++. (`CC ?= cc` would do nothing:
# make defines CC and CXX itself, as cc and g++.)
ifeq ($(origin CC),default)
CC      := cc
endif
ifeq ($(origin CXX),default)
CXX     := c++
endif

include mk/lib.mk
include mk/header.mk
include mk/c-tests.mk
include mk/rust.mk
include mk/rust-api.mk
include mk/install.mk
include mk/lint.mk
include mk/robustness.mk
include mk/bench.mk
include mk/preload.mk
include mk/cross.mk

check: $(CHECKS)
	@echo "make check: all passed"

clean:
	$(CARGO) clean
	rm -rf $(BUILD)
