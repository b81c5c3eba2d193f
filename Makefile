# mman: build the C libraries and the header, and test everything.
#
#   make          target/release/libmman.a, libmman.so (+ libmman.so.0), include/mman.h
#   make check    every check of every part below (see mk/*.mk)
#   make bench    benchmarks, never run by make check (mk/bench.mk)
#   make TARGET=aarch64-unknown-linux-gnu   the same for another architecture
#   make check-cross   the C programs on every other architecture, under qemu
#
# Needs only a Rust toolchain (cargo) and a C compiler. Each part of the
# build and of the checks lives in its own file under mk/; a part adds its
# checks to CHECKS, and `make check` runs them in order.

CARGO   ?= cargo
CC      ?= cc
RELEASE := target/release
BUILD   := c-tests/build
SONAME  := libmman.so.0
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror

CHECKS  :=

.PHONY: all check clean
all: lib

include mk/target.mk
include mk/lib.mk
include mk/header.mk
include mk/c-tests.mk
include mk/rust.mk
include mk/rust-api.mk
include mk/install.mk
include mk/lint.mk
include mk/robustness.mk
include mk/bench.mk
include mk/cross.mk

check: $(CHECKS)
	@echo "make check: all passed"

clean:
	$(CARGO) clean
	rm -rf $(BUILD)
