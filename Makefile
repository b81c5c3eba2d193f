# mman: build the C libraries and the header, and test everything.
#
#   make          target/release/libmman.a, libmman.so (+ libmman.so.0), include/mman.h
#   make check    everything below: header, symbols, C tests, Rust tests
#
# Needs only a Rust toolchain (cargo) and a C compiler.

CARGO   ?= cargo
CC      ?= cc
RELEASE := target/release
BUILD   := c-tests/build
SONAME  := libmman.so.0
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror
# The tutorial's programs are kept as written: they declare variables and
# parameters they never use.
TUTORIAL_WARN := $(WARN) -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-parameter

# Build the C libraries from the rlib crate: --cfg mman_c_library adds the
# panic handler a no_std staticlib/cdylib needs (unreachable: see src/panic.rs).
CARGO_CLIB := $(CARGO) rustc --release --features capi --crate-type staticlib,cdylib -- \
	--cfg mman_c_library -C link-arg=-Wl,-soname,$(SONAME)

TUTORIAL := tutorial1_map_modify_sync tutorial1_map_modify_sync.shared tutorial2_reader \
	tutorial2_writer tutorial2_writer_shared tutorial3_anon_fork tutorial4_past_eof
C_PROGRAMS := $(addprefix $(BUILD)/,$(TUTORIAL) errno_paths posix_names_sys_first posix_names_sys_after)

.PHONY: all lib check check-header check-symbols check-c check-rust c-tests clean

all: lib

# cargo decides what is up to date; build.rs rewrites include/mman.h only
# when its content changes.
lib:
	$(CARGO_CLIB)
	ln -sf libmman.so $(RELEASE)/$(SONAME)

include/mman.h $(RELEASE)/libmman.a $(RELEASE)/libmman.so: lib

check: check-header check-symbols check-c check-rust
	@echo "make check: all passed"

# The committed header must be what the sources generate.
check-header: lib
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git diff --exit-code -- include/mman.h \
		|| { echo "include/mman.h is stale: commit the regenerated header"; exit 1; }; \
	fi
	@echo "ok   include/mman.h is up to date with the sources"

# Only mman_* names exported; no panic machinery in either library.
check-symbols: lib
	@echo "== nm -D --defined-only $(RELEASE)/libmman.so"; nm -D --defined-only $(RELEASE)/libmman.so | sed 's/^/   /'
	@bad=$$(nm -D --defined-only $(RELEASE)/libmman.so | awk '$$2 ~ /^[TDBRVW]$$/ && $$3 !~ /^mman_/ {print $$3}'); \
		[ -z "$$bad" ] || { echo "FAIL libmman.so exports non-mman names: $$bad"; exit 1; }
	@echo "ok   libmman.so exports only mman_* names"
	@readelf -d $(RELEASE)/libmman.so | grep -q 'SONAME.*\[$(SONAME)\]' || { echo "FAIL soname is not $(SONAME)"; exit 1; }
	@echo "ok   libmman.so has soname $(SONAME)"
	@for lib in $(RELEASE)/libmman.a $(RELEASE)/libmman.so; do \
		n=$$(nm $$lib 2>/dev/null | grep -ci -e panic -e rust_begin_unwind); \
		[ "$$n" -eq 0 ] || { echo "FAIL $$lib has $$n panic symbols"; nm $$lib 2>/dev/null | grep -i panic | head; exit 1; }; \
		echo "ok   $$lib: no panic machinery (0 symbols matching panic or rust_begin_unwind)"; \
	done

c-tests: $(C_PROGRAMS)

$(BUILD):
	mkdir -p $@

$(BUILD)/%: c-tests/%.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

# Program 1 once more, linked against the shared library.
$(BUILD)/tutorial1_map_modify_sync.shared: c-tests/tutorial1_map_modify_sync.c include/mman.h $(RELEASE)/libmman.so | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Iinclude $< -L$(RELEASE) -lmman -Wl,-rpath,$(abspath $(RELEASE)) -o $@

$(BUILD)/tutorial2_writer_shared: c-tests/tutorial2_writer.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -DWRITER_MAP_FLAGS=MAP_SHARED -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/errno_paths: c-tests/errno_paths.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/posix_names_sys_first: c-tests/posix_names_order.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -DSYS_MMAN_FIRST -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/posix_names_sys_after: c-tests/posix_names_order.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

check-c: c-tests
	@echo "== POSIX names reach mman: no undefined mmap/munmap/msync in the programs"
	@for p in $(filter-out %/errno_paths,$(C_PROGRAMS)); do \
		u=$$(nm -u $$p | awk '{print $$2}' | grep -E '^(mmap|mmap64|munmap|msync)(@|$$)'); \
		[ -z "$$u" ] || { echo "FAIL $$p references libc's $$u"; exit 1; }; \
		echo "ok   $$p: no undefined mmap, munmap, msync"; \
	done
	$(BUILD)/posix_names_sys_first
	$(BUILD)/posix_names_sys_after
	$(BUILD)/errno_paths $(BUILD)/errno_scratch
	bash c-tests/check.sh $(BUILD)

check-rust:
	$(CARGO) test --features capi -- --nocapture

clean:
	$(CARGO) clean
	rm -rf $(BUILD)
