# The C test programs: the tutorial's four, the errno paths, POSIX names.

# The tutorial's programs are kept as written: they declare variables and
# parameters they never use.
TUTORIAL_WARN := $(WARN) -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-parameter

TUTORIAL := tutorial1_map_modify_sync tutorial1_map_modify_sync.shared tutorial2_reader \
	tutorial2_writer tutorial2_writer_shared tutorial3_anon_fork tutorial4_past_eof
C_PROGRAMS := $(addprefix $(BUILD)/,$(TUTORIAL) errno_paths posix_names_sys_first posix_names_sys_after)

.PHONY: c-tests check-c
CHECKS += check-c

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

# POSIX names and the program's off_t: mman's mmap must behave as the C
# library's under the same macros, with its default off_t and with
# _FILE_OFFSET_BITS=64 (c-tests/offset_bits.c calls both).
OFFSET_BITS := $(addprefix $(BUILD)/offset_bits_,default 64)
$(BUILD)/offset_bits_64: OFFSET_FLAGS := -D_FILE_OFFSET_BITS=64
$(OFFSET_BITS): c-tests/offset_bits.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) $(OFFSET_FLAGS) -Iinclude $< $(RELEASE)/libmman.a -o $@

# $(call mman_names_only,PROGRAMS): POSIX names reach mman, not the C
# library: no program has an undefined mmap, mmap64, munmap or msync.
mman_names_only = for p in $(1); do \
		u=$$(nm -u $$p | awk '{print $$2}' | grep -E '^(mmap|mmap64|munmap|msync)(@|$$)'); \
		[ -z "$$u" ] || { echo "FAIL $$p references libc's $$u"; exit 1; }; \
		echo "ok   $$p: no undefined mmap, mmap64, munmap, msync"; \
	done

check-c: check-errno-paths
	RUN="$(RUN)" bash c-tests/check.sh $(BUILD)

# The part of check-c that compares with the C library rather than with
# the tutorial's expectations (mk/cross.mk runs it alone where qemu-user
# emulates a larger page size).
.PHONY: check-errno-paths
check-errno-paths: c-tests $(OFFSET_BITS)
	@echo "== POSIX names reach mman: no undefined mmap/munmap/msync in the programs"
	@$(call mman_names_only,$(filter-out %/errno_paths,$(C_PROGRAMS)))
	$(RUN) $(BUILD)/posix_names_sys_first
	$(RUN) $(BUILD)/posix_names_sys_after
	$(RUN) $(BUILD)/errno_paths $(ERRNO_PATHS_FLAGS) $(BUILD)/errno_scratch
	$(RUN) $(BUILD)/offset_bits_default
	$(RUN) $(BUILD)/offset_bits_64

# The <sys/mman.h> family's programs: written as ported programs would be,
# in POSIX-names mode, each checking what it sees (one line per check, and
# "NAME: N passed, N failed"); c-tests/family_check.sh runs them all.
FAMILY := family_jit family_mremap_mincore family_memfd_shm family_mlock family_posix_names $(FAMILY_CXX)
FAMILY_PROGRAMS := $(addprefix $(BUILD)/,$(FAMILY))

.PHONY: check-family-c
CHECKS += check-family-c

# How the programs built on c-tests/family_check.h compile (also the
# robustness programs of mk/robustness.mk); LDLIBS_EXTRA per program.
CHECKH_CC = $(CC) $(CFLAGS) $(WARN) -pedantic -std=gnu11 -Iinclude $< $(RELEASE)/libmman.a $(LDLIBS_EXTRA) -o $@

$(BUILD)/family_%: c-tests/family_%.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CHECKH_CC)

$(BUILD)/family_posix_names_cxx: c-tests/family_posix_names.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CXX) -x c++ -std=gnu++11 $(CFLAGS) $(WARN) -pedantic -Iinclude $< -x none $(RELEASE)/libmman.a -o $@

check-family-c: $(FAMILY_PROGRAMS)
	RUN="$(RUN)" PROGRAMS="$(FAMILY)" bash c-tests/family_check.sh $(BUILD)

# C builds that just work. A program that defines its own feature macros
# (_GNU_SOURCE, _FILE_OFFSET_BITS), in POSIX-names mode two ways: mman.h
# included in its source after its macros, and -include'd from the command
# line before them; both must see the C library's features as the program
# asked, and reach mman. A static program using libm and 128-bit division,
# linked with libmman.a before -lm, must print what it prints without mman.
OWN_MACROS  := $(addprefix $(BUILD)/own_feature_macros_,in_source cmdline)
STATIC_LIBM := $(addprefix $(BUILD)/static_libm_,mman plain)

.PHONY: check-c-builds
CHECKS += check-c-builds

$(BUILD)/own_feature_macros_in_source: MMAN_WAY := -DMMAN_IN_SOURCE
$(BUILD)/own_feature_macros_cmdline: MMAN_WAY := -DMMAN_POSIX_NAMES -include mman.h
$(OWN_MACROS): c-tests/own_feature_macros.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $(MMAN_WAY) $< $(RELEASE)/libmman.a -o $@

$(BUILD)/static_libm_mman: c-tests/static_libm.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -static -DWITH_MMAN -Iinclude $< $(RELEASE)/libmman.a -lm -o $@

$(BUILD)/static_libm_plain: c-tests/static_libm.c | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -static $< -lm -o $@

# static_libm's arguments: X A B (see c-tests/static_libm.c).
STATIC_LIBM_ARGS := "2.5 3 7" "-7.25 -5 -3" "1e300 9223372036854775807 -9223372036854775807" "0.1 -1 1"

check-c-builds: $(OWN_MACROS) $(STATIC_LIBM)
	@$(call mman_names_only,$(OWN_MACROS))
	@d=$$(mktemp -d); s=0; for p in $(OWN_MACROS); do \
		$$p $$d > $$d/out || s=1; sed 's/^/   /' $$d/out; \
	done; rm -rf $$d; exit $$s
	@set -u; d=$$(mktemp -d); s=0; \
	for args in $(STATIC_LIBM_ARGS); do \
		$(BUILD)/static_libm_plain $$args > $$d/plain; p=$$?; \
		$(BUILD)/static_libm_mman $$args > $$d/mman; m=$$?; \
		if [ $$p -eq 0 ] && [ $$m -eq 0 ] && cmp -s $$d/plain $$d/mman; then \
			echo "ok   static_libm $$args: with libmman.a, as without (exit 0, $$(grep -c . $$d/mman) lines, errno EDOM)"; \
		else \
			echo "FAIL static_libm $$args: exit $$m with libmman.a, $$p without; output with, then without:"; \
			sed 's/^/     /' $$d/mman; sed 's/^/     /' $$d/plain; s=1; \
		fi; \
	done; rm -rf $$d; exit $$s
