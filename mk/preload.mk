# libmman-preload.so (preload/, README "The preload library"): the POSIX
# names over mman for LD_PRELOAD, with MMAN_TRACE and MMAN_FAULT. A crate of
# its own, built apart (target/preload), so that libmman.a and libmman.so
# are built exactly as before: their symbols and instruction counts do not
# change. Native builds only (not with TARGET=).
#
#   make                 also target/release/libmman-preload.so
#   make check-preload   unmodified programs under it (python3's mmap
#                        module, the sqlite3 shell, the tutorial's programs
#                        built on glibc's headers), the trace's text, the
#                        fault rules' semantics, and fault injection from Rust
#                        (cargo feature `fault`)

ifeq ($(TARGET),)

PRELOAD_CARGO := target/preload
PRELOAD_SO    := $(RELEASE)/libmman-preload.so
PRELOAD_BUILD := $(BUILD)/preload
# The tutorial's programs, built on glibc's <sys/mman.h> (c-tests/preload/glibc
# holds an mman.h that includes it), with the names c-tests/check.sh runs.
PRELOAD_TUTORIAL := $(addprefix $(PRELOAD_BUILD)/,$(TUTORIAL))
PRELOAD_PROGRAMS := $(PRELOAD_TUTORIAL) $(PRELOAD_BUILD)/trace_threads $(PRELOAD_BUILD)/fault_rules \
	$(PRELOAD_BUILD)/trace_lines

.PHONY: preload check-preload
all: preload
CHECKS += check-preload

# cargo decides what is up to date; the copy keeps its timestamp when the
# library did not change.
preload:
	cd preload && CARGO_TARGET_DIR=$(abspath $(PRELOAD_CARGO)) $(CARGO) build --release
	@mkdir -p $(RELEASE)
	@cmp -s $(PRELOAD_CARGO)/release/libmman_preload.so $(PRELOAD_SO) || \
		{ cp $(PRELOAD_CARGO)/release/libmman_preload.so $(PRELOAD_SO).new && mv -f $(PRELOAD_SO).new $(PRELOAD_SO); }

$(PRELOAD_SO): preload

$(PRELOAD_BUILD):
	mkdir -p $@

$(PRELOAD_BUILD)/%: c-tests/%.c c-tests/preload/glibc/mman.h | $(PRELOAD_BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Ic-tests/preload/glibc $< -o $@

$(PRELOAD_BUILD)/tutorial1_map_modify_sync.shared: c-tests/tutorial1_map_modify_sync.c c-tests/preload/glibc/mman.h | $(PRELOAD_BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Ic-tests/preload/glibc $< -o $@

$(PRELOAD_BUILD)/tutorial2_writer_shared: c-tests/tutorial2_writer.c c-tests/preload/glibc/mman.h | $(PRELOAD_BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -DWRITER_MAP_FLAGS=MAP_SHARED -Ic-tests/preload/glibc $< -o $@

$(PRELOAD_BUILD)/trace_threads: c-tests/preload/trace_threads.c | $(PRELOAD_BUILD)
	$(CC) $(CFLAGS) $(WARN) $< -pthread -o $@

# Linked with the preload library itself, for mman_fault_set.
$(PRELOAD_BUILD)/fault_rules $(PRELOAD_BUILD)/trace_lines: $(PRELOAD_BUILD)/%: c-tests/preload/%.c include/mman-fault.h $(PRELOAD_SO) | $(PRELOAD_BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< -L$(RELEASE) -lmman-preload -Wl,-rpath,$(abspath $(RELEASE)) -o $@

check-preload: $(PRELOAD_SO) $(PRELOAD_PROGRAMS)
	cd preload && CARGO_TARGET_DIR=$(abspath $(PRELOAD_CARGO)) $(CARGO) fmt -- --check
	cd preload && CARGO_TARGET_DIR=$(abspath $(PRELOAD_CARGO)) $(CARGO) clippy --release -- -D warnings
	cd preload && CARGO_TARGET_DIR=$(abspath $(PRELOAD_CARGO)) $(CARGO) test --release
	$(CARGO) test --features fault --test fault
	$(CARGO) clippy --features fault --all-targets -- -D warnings
	READELF="$(READELF)" bash c-tests/preload/check.sh $(PRELOAD_SO) $(PRELOAD_BUILD)

endif
